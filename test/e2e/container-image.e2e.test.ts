import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { registerCheckCommand } from '../../src/cli/commands/check.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { configSchema } from '../../src/config/schema.js';
import { deployServicesConfigured, freshServices, within } from '../support/deploy-services.js';
import { copyPaths, envOf, execForm, flagsOf, parseDockerfile, stagesOf, withoutFlags, type Stage } from '../support/dockerfile.js';

/**
 * The container image and compose file, on a machine without a container runtime: the Dockerfile's
 * instruction list is checked for its invariants, its build stage is replayed as far as this machine allows
 * (a real `npm run build`; the dependency install replaced by the repository's own, from the same lockfile),
 * and its runtime stage's command is run from that build, with compose's configuration and test secrets,
 * against PostgreSQL and Redis. compose.yaml is parsed and checked against the image and its configuration.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
const STAGES = stagesOf(parseDockerfile(read('Dockerfile')));
const BUILD = STAGES[0] as Stage;
const RUNTIME = STAGES.at(-1) as Stage;
const COMPOSE = parse(read('compose.yaml')) as Compose;
const GATEWAY = COMPOSE.services.gateway as ComposeService;
const PACKAGE = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const DEFAULT_PORT = configSchema.parse({}).server.port;
const PACKAGE_VERSION = (JSON.parse(read('package.json')) as { version: string }).version;

interface ComposeService {
  build?: string;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  secrets?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);
/** The RUN commands of a stage, each `a && b` split into its commands. */
const commands = (stage: Stage) => all(stage, 'RUN').flatMap((i) => i.args.split('&&').map((c) => c.trim()));
/** The healthcheck command as exec form (`HEALTHCHECK [options] CMD [...]`). */
const healthcheck = () => execForm(withoutFlags(last(RUNTIME, 'HEALTHCHECK')?.args ?? '').replace(/^CMD\s+/, '')) ?? [];
/** The image's working directory at the end of a stage, as the container sees it. */
const workdirOf = (stage: Stage, upTo = stage.instructions.length) =>
  stage.instructions.slice(0, upTo).reduce((dir, i) => (i.keyword === 'WORKDIR' ? posix.resolve(dir, i.args) : dir), '/');
const composeConfig = () => {
  const mount = GATEWAY.volumes?.map((v) => v.split(':')).find(([, target]) => target === GATEWAY.environment?.GATEHOUSE_CONFIG);
  return mount?.[0] ?? '';
};

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on node:20-slim', () => {
    expect(STAGES.length).toBeGreaterThanOrEqual(2);
    for (const stage of STAGES) expect(stage.image).toBe('node:20-slim');
    expect(BUILD.name).toBeTruthy();
    expect(RUNTIME).not.toBe(BUILD);
  });

  it('copies into the build stage only paths that exist in the repository and that .dockerignore keeps', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const copies = all(BUILD, 'COPY').filter((c) => flagsOf(c.args).from === undefined);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      for (const source of copyPaths(copy.args).sources) {
        expect(existsSync(join(REPO, source)), `COPY ${source} (line ${copy.line})`).toBe(true);
        expect(ignored, `COPY ${source}`).not.toContain(source);
      }
    }
    for (const local of ['node_modules', 'dist', 'data']) expect(ignored).toContain(local);
  });

  it('builds with every dependency, builds better-sqlite3 natively and compiles, then keeps production dependencies only', () => {
    const run = commands(BUILD);
    const at = (pattern: RegExp) => run.findIndex((c) => pattern.test(c));
    const install = at(/^npm ci\b/);
    expect(install).toBeGreaterThanOrEqual(0);
    expect(run[install]).not.toMatch(/--omit=dev|--production/);
    expect(at(/^npm rebuild better-sqlite3$/)).toBeGreaterThan(install);
    const build = at(/^npm run build$/);
    expect(PACKAGE.scripts.build).toBeDefined();
    expect(build).toBeGreaterThan(install);
    expect(at(/^npm prune --omit=dev\b/)).toBeGreaterThan(build);
    // node-gyp's toolchain for the native build, in the build stage only.
    expect(run.find((c) => c.startsWith('apt-get install'))).toMatch(/python3.*make.*g\+\+/);
    expect(commands(RUNTIME).some((c) => /apt-get|npm (ci|install)/.test(c))).toBe(false);
  });

  it('gives the runtime stage only package.json, the production node_modules and dist from the build stage', () => {
    const copies = all(RUNTIME, 'COPY');
    for (const copy of copies) expect(flagsOf(copy.args).from, `line ${copy.line}`).toBe(BUILD.name);
    const workdir = workdirOf(BUILD);
    const copied = copies.flatMap((c) => copyPaths(c.args).sources.map((s) => posix.relative(workdir, s)));
    expect(copied.sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('runs as a non-root user, exposes the default port and checks /healthz', () => {
    const user = last(RUNTIME, 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    // The official node images define `node` (uid 1000); a user the image does not have would fail at start.
    expect(user).toBe('node');
    expect(all(RUNTIME, 'EXPOSE').map((e) => Number(e.args))).toEqual([DEFAULT_PORT]);
    expect(healthcheck().join(' ')).toContain(`http://127.0.0.1:${DEFAULT_PORT}/healthz`);
    expect(execForm(last(RUNTIME, 'ENTRYPOINT')?.args ?? '')).toEqual(['node', '/app/dist/cli/main.js']);
    expect(execForm(last(RUNTIME, 'CMD')?.args ?? '')).toEqual(['serve']);
  });
});

describe('compose.yaml', () => {
  it('runs the gateway with PostgreSQL and Redis, each with a health check, the gateway once both are healthy', () => {
    expect(Object.keys(COMPOSE.services).sort()).toEqual(['gateway', 'postgres', 'redis']);
    for (const [name, service] of Object.entries(COMPOSE.services)) expect(service.healthcheck?.test.length, name).toBeGreaterThan(1);
    expect(GATEWAY.build).toBe('.');
    expect(GATEWAY.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(GATEWAY.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${DEFAULT_PORT}/readyz`);
    expect(GATEWAY.ports?.map((p) => Number(p.split(':').at(-1)))).toEqual([DEFAULT_PORT]);
  });

  it('mounts its configuration where the image reads it, and a volume at the image working directory', () => {
    const env = envOf(
      all(RUNTIME, 'ENV')
        .map((e) => e.args)
        .join(' '),
    );
    expect(GATEWAY.environment?.GATEHOUSE_CONFIG).toBe(env.GATEHOUSE_CONFIG);
    expect(composeConfig()).toBe('./deploy/compose/gatehouse.yaml');
    expect(existsSync(join(REPO, composeConfig()))).toBe(true);
    const data = GATEWAY.volumes?.map((v) => v.split(':')).find(([, target]) => target === workdirOf(RUNTIME));
    expect(data?.[0]).toBeDefined();
    expect(Object.keys(COMPOSE.volumes)).toContain(data?.[0]);
  });

  it('mounts every secret its configuration refers to, and make-secrets.sh writes every secret file', async () => {
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    const referenced = strings(parse(read(composeConfig())))
      .map((v) => /^file:\/run\/secrets\/([\w-]+)$/.exec(v)?.[1])
      .filter((name) => name !== undefined);
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of referenced) expect(GATEWAY.secrets, name).toContain(name);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-secrets-'));
    try {
      await makeSecrets(dir);
      for (const [name, secret] of Object.entries(COMPOSE.secrets)) {
        expect(dirname(secret.file), name).toBe('./deploy/compose/secrets');
        expect(statSync(join(dir, posix.basename(secret.file))).size, name).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('mounts a configuration that gatehouse check accepts, and --strict once the secrets exist', async () => {
    vi.stubEnv('GATEHOUSE_CONFIG', '');
    try {
      const plain = await runCli([registerCheckCommand], ['check', join(REPO, composeConfig())]);
      expect(plain.code, plain.stderr).toBe(0);
      const root = mkdtempSync(join(tmpdir(), 'gatehouse-compose-'));
      try {
        const config = await stageComposeConfig(root, {});
        const strict = await runCli([registerCheckCommand], ['check', '--strict', config]);
        expect(strict.stderr).toBe('');
        expect(strict).toMatchObject({ code: 0, stdout: `${config}: valid (1 provider, 1 model, storage: postgres)\n` });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('gives the gateway longer to stop than the configuration gives in-flight requests', () => {
    const grace = configSchema.parse(parse(read(composeConfig()))).server.shutdownGraceMs;
    expect(Number.parseInt(GATEWAY.stop_grace_period ?? '0', 10) * 1000).toBeGreaterThan(grace);
  });
});

function makeSecrets(dir: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('sh', [join(REPO, 'deploy/compose/make-secrets.sh'), dir], (error, _out, stderr) => (error ? reject(new Error(stderr)) : resolve())),
  );
}

/**
 * The compose configuration as the container would see it, laid out under `root` (a stand-in for the
 * container's file system): secrets from make-secrets.sh under root/run/secrets (named as compose mounts
 * them), the data volume at root/var/lib/gatehouse, and test values where given.
 */
async function stageComposeConfig(root: string, values: { databaseUrl?: string; redisUrl?: string; prefix?: string; port?: number }): Promise<string> {
  const made = join(root, 'made-secrets');
  await makeSecrets(made);
  mkdirSync(join(root, 'run/secrets'), { recursive: true });
  for (const [name, secret] of Object.entries(COMPOSE.secrets)) copyFileSync(join(made, posix.basename(secret.file)), join(root, 'run/secrets', name));
  if (values.databaseUrl) writeFileSync(join(root, 'run/secrets/database_url'), values.databaseUrl);
  mkdirSync(join(root, 'var/lib/gatehouse'), { recursive: true });
  let text = read(composeConfig()).replaceAll('/run/secrets/', `${root}/run/secrets/`).replaceAll('/var/lib/gatehouse', `${root}/var/lib/gatehouse`);
  if (values.redisUrl) text = text.replace('redis://redis:6379', values.redisUrl);
  if (values.prefix) text = text.replace('prefix: "gatehouse:"', `prefix: "${values.prefix}"`);
  if (values.port) text = text.replace(`port: ${DEFAULT_PORT}`, `port: ${values.port}`).replace('host: 0.0.0.0', 'host: 127.0.0.1');
  const target = join(root, (GATEWAY.environment?.GATEHOUSE_CONFIG ?? '').slice(1));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

/**
 * A module specifier in compiled ESM: `import ... from 'x'` / `export ... from 'x'` (the clause holds no quote
 * or semicolon, so no string literal is mistaken for one), `import 'x'`, `import('x')`, `require('x')`.
 */
const IMPORT_SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Bare package names imported by the compiled code (static and dynamic imports, and requires). */
function importedPackages(dist: string): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        const code = readFileSync(path, 'utf8');
        for (const m of code.matchAll(IMPORT_SPECIFIER)) {
          const spec = (m[1] ?? m[2] ?? m[3]) as string;
          if (spec.startsWith('.') || spec.startsWith('/')) continue;
          if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] as string)) continue;
          names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
        }
      }
    }
  };
  walk(dist);
  return names;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function run(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(file, args, { ...options, timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
}

describe('the image, replayed: build stage, then the runtime stage command', () => {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-image-'));
  /** Stand-ins for the two stages' file systems: a container path /x is `<fs>/x`. */
  const buildFs = join(root, 'build');
  const runtimeFs = join(root, 'runtime');
  const inFs = (fs: string, path: string) => join(fs, path);
  const replayed: string[] = [];

  beforeAll(async () => {
    // Build stage: its COPYs from the repository, then its RUN commands.
    let workdir = '/';
    for (const instruction of BUILD.instructions) {
      if (instruction.keyword === 'WORKDIR') workdir = posix.resolve(workdir, instruction.args);
      if (instruction.keyword === 'COPY') {
        const { sources, destination } = copyPaths(instruction.args);
        for (const source of sources) {
          const target = inFs(buildFs, posix.resolve(workdir, destination, sources.length > 1 || destination.endsWith('/') ? posix.basename(source) : ''));
          cpSync(join(REPO, source), target, { recursive: true });
        }
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const command of instruction.args.split('&&').map((c) => c.trim())) await replayBuildCommand(command, inFs(buildFs, workdir));
    }
    // Runtime stage: its COPYs from the build stage and its RUN commands, paths mapped into its stand-in.
    workdir = '/';
    for (const instruction of RUNTIME.instructions) {
      if (instruction.keyword === 'WORKDIR') workdir = posix.resolve(workdir, instruction.args);
      if (instruction.keyword === 'COPY') {
        const { sources, destination } = copyPaths(instruction.args);
        const target = inFs(runtimeFs, posix.resolve(workdir, destination));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(inFs(buildFs, sources[0] as string), target, { recursive: true, verbatimSymlinks: true });
      }
      if (instruction.keyword === 'RUN') for (const command of instruction.args.split('&&').map((c) => c.trim())) await replayRuntimeCommand(command);
    }
  }, 300_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** What each build command does here. A command the test does not know fails it, so the replay follows the Dockerfile. */
  async function replayBuildCommand(command: string, cwd: string): Promise<void> {
    if (/^apt-get (update|install)\b|^rm -rf \/var\/lib\/apt\/lists/.test(command)) {
      replayed.push(`${command}: skipped (this machine has its own toolchain)`);
    } else if (/^npm ci\b/.test(command)) {
      // The repository's node_modules were installed from this very lockfile.
      expect(readFileSync(join(cwd, 'package-lock.json'), 'utf8')).toBe(read('package-lock.json'));
      symlinkSync(join(REPO, 'node_modules'), join(cwd, 'node_modules'));
      replayed.push(`${command}: the repository's install of the same lockfile`);
    } else if (command === 'npm rebuild better-sqlite3') {
      const loaded = await run(
        process.execPath,
        ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1 as one').get().one === 1 || process.exit(1)"],
        { cwd },
      );
      expect(loaded.code, loaded.output).toBe(0);
      replayed.push(`${command}: the native module loads`);
    } else if (command === 'npm run build') {
      const built = await run('npm', ['run', 'build'], { cwd });
      expect(built.code, built.output).toBe(0);
      replayed.push(`${command}: run`);
    } else if (/^npm prune --omit=dev\b/.test(command)) {
      replayed.push(`${command}: checked, not run (the node_modules are shared)`);
    } else {
      throw new Error(`the replay does not know the build command: ${command}`);
    }
  }

  async function replayRuntimeCommand(command: string): Promise<void> {
    if (/^chown\b/.test(command)) {
      replayed.push(`${command}: skipped (one user here)`);
      return;
    }
    if (!/^(chmod|ln -s|mkdir -p)\b/.test(command)) throw new Error(`the replay does not know the runtime command: ${command}`);
    const mapped = command.replace(/(^|\s)\/(?=[a-z])/g, `$1${runtimeFs}/`);
    if (command.startsWith('ln -s')) mkdirSync(dirname(mapped.split(/\s+/).at(-1) as string), { recursive: true });
    const done = await run('bash', ['-euc', mapped], { cwd: runtimeFs });
    expect(done.code, done.output).toBe(0);
    replayed.push(`${command}: run`);
  }

  it('replayed every build and runtime command', () => {
    expect(replayed.length).toBe(commands(BUILD).length + commands(RUNTIME).length);
  });

  it('compiles code that imports production dependencies only, so `npm prune --omit=dev` keeps all it needs', () => {
    const imported = importedPackages(inFs(buildFs, '/app/dist'));
    expect(imported.size).toBeGreaterThan(5);
    const notProduction = [...imported].filter((name) => !(name in PACKAGE.dependencies));
    expect(notProduction).toEqual([]);
  });

  it('puts a working `gatehouse` on the PATH', async () => {
    const version = await run(inFs(runtimeFs, '/usr/local/bin/gatehouse'), ['version', '--json'], { cwd: inFs(runtimeFs, workdirOf(RUNTIME)) });
    expect(version.code, version.output).toBe(0);
    expect(JSON.parse(version.output)).toMatchObject({ gatehouse: PACKAGE_VERSION });
  });

  describe.skipIf(!deployServicesConfigured('container image runtime (gatehouse serve against PostgreSQL and Redis)'))(
    'the runtime command with the compose configuration',
    () => {
      const services = freshServices('image');
      let child: ChildProcess | undefined;
      let output = '';
      let port = 0;
      let env: NodeJS.ProcessEnv = {};
      const cwd = () => inFs(runtimeFs, workdirOf(RUNTIME));
      /** ENTRYPOINT + CMD (or other arguments), the container's `node` being this one. */
      const command = (args?: string[]) => {
        const [node, ...rest] = [...(execForm(last(RUNTIME, 'ENTRYPOINT')?.args ?? '') ?? []), ...(args ?? execForm(last(RUNTIME, 'CMD')?.args ?? '') ?? [])];
        expect(node).toBe('node');
        return rest.map((a) => (a.startsWith('/') ? inFs(runtimeFs, a) : a));
      };
      /** A health check's exec form, run here: the container's port mapped to the test's. */
      const probe = (test: string[]) => {
        const [node, ...args] = test[0] === 'CMD' ? test.slice(1) : test;
        expect(node).toBe('node');
        return run(
          process.execPath,
          args.map((a) => a.replace(`:${DEFAULT_PORT}/`, `:${port}/`)),
          { cwd: cwd() },
        );
      };

      // biome-ignore lint/suspicious/noDuplicateTestHooks: the hooks of a nested describe.skipIf block, not a second one of the outer block
      beforeAll(async () => {
        await services.create();
        port = await freePort();
        const config = await stageComposeConfig(runtimeFs, { databaseUrl: services.databaseUrl, redisUrl: services.redisUrl, prefix: services.prefix, port });
        const imageEnv = envOf(
          all(RUNTIME, 'ENV')
            .map((e) => e.args)
            .join(' '),
        );
        const mapped = (vars: Record<string, string>) =>
          Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.startsWith('/') ? inFs(runtimeFs, v) : v]));
        env = { PATH: process.env.PATH, ...mapped(imageEnv), ...mapped(GATEWAY.environment ?? {}) };
        expect(env.GATEHOUSE_CONFIG).toBe(config);
      }, 120_000);

      // biome-ignore lint/suspicious/noDuplicateTestHooks: as above
      afterAll(async () => {
        if (child && child.exitCode === null) {
          const exited = new Promise((resolve) => child?.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        await services.drop();
      }, 60_000);

      it('`check --strict` through the entry point accepts the compose configuration with its secrets', async () => {
        const checked = await run(process.execPath, command(['check', '--strict']), { cwd: cwd(), env });
        expect(checked.code, checked.output).toBe(0);
        expect(checked.output).toContain('valid (1 provider, 1 model, storage: postgres)');
      });

      it('`serve` starts as the container would, and the HEALTHCHECK and compose health checks pass', async () => {
        child = spawn(process.execPath, command(), { cwd: cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
        expect(await within(60_000, async () => output.includes(`listening on http://127.0.0.1:${port}`) || child?.exitCode !== null), output).toBe(true);
        expect(child.exitCode, output).toBeNull();
        expect(await within(10_000, async () => (await probe(healthcheck())).code === 0)).toBe(true);
        const readiness = await probe(GATEWAY.healthcheck?.test ?? []);
        expect(readiness.code, readiness.output).toBe(0);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(await ready.json()).toEqual({ status: 'ready' });
        // Data lands in the working directory the image owns: the checkpoint log on the data volume.
        expect(existsSync(join(cwd(), 'audit-checkpoints.jsonl'))).toBe(true);
        expect(relative(cwd(), inFs(runtimeFs, '/var/lib/gatehouse'))).toBe('');
      });

      it('answers with authentication required, and stops with exit 0 on SIGTERM', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
        });
        expect(res.status).toBe(401);
        const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
        child?.kill('SIGTERM');
        expect(await exited, output).toBe(0);
      });
    },
  );
});
