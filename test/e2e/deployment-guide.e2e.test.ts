import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployServicesConfigured, freshServices, within } from '../support/deploy-services.js';

/**
 * docs/deployment.md, "Example: two replicas on one machine", followed step by step against a real PostgreSQL
 * and Redis: the guide's key commands, `migrate`, two `gatehouse serve` processes from
 * deploy/replicas/gatehouse.yaml, readiness, traffic on both, and state set through one replica seen on the
 * other. A fresh database and Redis key prefix per run keep it apart from every other test.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE = readFileSync(join(REPO, 'docs/deployment.md'), 'utf8');
const CONFIG = readFileSync(join(REPO, 'deploy/replicas/gatehouse.yaml'), 'utf8');
const TSX = pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = join(REPO, 'src/cli/main.ts');

/** The guide's step 1 shell block (the one that makes the keys), without its `cd` into the repository. */
function keyCommands(): string {
  const block = [...GUIDE.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes('openssl genpkey -algorithm ed25519 -out'));
  if (!block) throw new Error('docs/deployment.md has no key-material block');
  return block
    .split('\n')
    .filter((line) => !line.startsWith('cd '))
    .join('\n');
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('docs/deployment.md', () => {
  it('shows deploy/replicas/gatehouse.yaml exactly as the repository has it', () => {
    expect(GUIDE).toContain(`\`\`\`yaml\n${CONFIG}\`\`\``);
  });
});

describe.skipIf(!deployServicesConfigured('deployment guide (two replicas on PostgreSQL and Redis)'))(
  'docs/deployment.md: two replicas on one machine, one PostgreSQL, one Redis',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-deploy-'));
    const services = freshServices('deploy');
    const env = { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };
    const replicas: Array<{ child: ChildProcess; url: string; output: () => string }> = [];
    let appSecret = '';
    let opsSecret = '';

    /** `gatehouse <args>` from the sources, in `cwd`, with the guide's environment. */
    function gatehouse(cwd: string, ...args: string[]): Promise<Run> {
      return new Promise((resolve) => {
        execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
      });
    }

    /** `gatehouse serve -c ../gatehouse.yaml --port 0` in its own working directory; resolves once it is ready. */
    async function startReplica(name: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
      const cwd = join(dir, name);
      mkdirSync(cwd);
      let output = '';
      const child = spawn(process.execPath, ['--import', TSX, MAIN, 'serve', '-c', '../gatehouse.yaml', '--port', '0'], {
        cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const started = await within(60_000, async () => /listening on http:\/\/\S+/.test(output) || child.exitCode !== null);
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!started || !url) throw new Error(`replica ${name} did not start:\n${output}`);
      const ready = await within(10_000, async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200);
      if (!ready) throw new Error(`replica ${name} is not ready:\n${output}`);
      const replica = { child, url, output: () => output };
      replicas.push(replica);
      return replica;
    }

    async function stop(replica: { child: ChildProcess }): Promise<number | null> {
      if (replica.child.exitCode !== null) return replica.child.exitCode;
      const exited = new Promise<number | null>((resolve) => replica.child.once('exit', (code) => resolve(code)));
      replica.child.kill('SIGTERM');
      return exited;
    }

    async function token(url: string, id: string, secret: string): Promise<string> {
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { access_token: string }).access_token;
    }

    function client(url: string, accessToken: string): OpenAI {
      return new OpenAI({ baseURL: `${url}/v1`, apiKey: accessToken, maxRetries: 0 });
    }

    const ask = { model: 'chat', messages: [{ role: 'user' as const, content: 'hi' }] };

    beforeAll(async () => {
      await services.create();
      // The guide's file, with this run's own Redis prefix (the only change).
      const config = CONFIG.replace('prefix: "gatehouse:"', `prefix: "${services.prefix}"`);
      expect(config).not.toBe(CONFIG);
      writeFileSync(join(dir, 'gatehouse.yaml'), config);
      await new Promise<void>((resolve, reject) => {
        execFile('bash', ['-euc', keyCommands()], { cwd: dir }, (error, _out, stderr) => (error ? reject(new Error(`step 1 failed: ${stderr}`)) : resolve()));
      });

      const check = await gatehouse(dir, 'check', '--strict', 'gatehouse.yaml');
      expect(check, check.stderr).toMatchObject({ code: 0 });
      const migrate = await gatehouse(dir, 'migrate', '-c', 'gatehouse.yaml');
      expect(migrate.code, migrate.stderr).toBe(0);
      expect(migrate.stdout).toMatch(/\d+ migration\(s\) applied \(0 already applied\)/);
      const app = await gatehouse(
        dir,
        'identity',
        'create',
        'demo-app',
        '--owner',
        'you@example.com',
        '--env',
        'sandbox',
        '--models',
        'chat',
        '-c',
        'gatehouse.yaml',
        '--json',
      );
      const ops = await gatehouse(
        dir,
        'identity',
        'create',
        'ops',
        '--owner',
        'oncall@example.com',
        '--env',
        'production',
        '--roles',
        'admin',
        '-c',
        'gatehouse.yaml',
        '--json',
      );
      expect([app.code, ops.code], app.stderr + ops.stderr).toEqual([0, 0]);
      appSecret = (JSON.parse(app.stdout) as { clientSecret: string }).clientSecret;
      opsSecret = (JSON.parse(ops.stdout) as { clientSecret: string }).clientSecret;

      // Step 4: the first replica creates the signing key; the second starts once it is ready.
      await startReplica('replica-a');
      await startReplica('replica-b');
    }, 240_000);

    afterAll(async () => {
      for (const replica of replicas) await stop(replica);
      await services.drop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('both replicas are live and ready', async () => {
      for (const { url } of replicas) {
        expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
        const ready = await fetch(`${url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({ status: 'ready' });
      }
    });

    it('a token minted by replica A is accepted by replica B, and both serve', async () => {
      const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
      const accessToken = await token(a.url, 'demo-app', appSecret);
      for (const replica of [a, b]) {
        const reply = await client(replica.url, accessToken).chat.completions.create(ask);
        expect(reply.choices[0]?.message.content).toBe('Served by one of the replicas.');
      }
    });

    it('a kill switch thrown through replica A stops the model on replica B, and a resume through B frees A', async () => {
      const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
      const opsToken = await token(a.url, 'ops', opsSecret);
      const appOnB = client(b.url, await token(b.url, 'demo-app', appSecret));
      const appOnA = client(a.url, await token(a.url, 'demo-app', appSecret));
      const control = (url: string, verb: 'stop' | 'resume') =>
        fetch(`${url}/admin/v1/traffic/${verb}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${opsToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ scope: 'model', target: 'chat', reason: 'deployment guide test' }),
        });
      const refused = (openai: OpenAI) => () =>
        openai.chat.completions.create(ask).then(
          () => false,
          (e: { status?: number; code?: string }) => e.status === 503 && e.code === 'traffic_stopped',
        );
      const served = (openai: OpenAI) => () =>
        openai.chat.completions.create(ask).then(
          () => true,
          () => false,
        );

      expect(await served(appOnB)()).toBe(true);
      expect((await control(a.url, 'stop')).status).toBe(200);
      expect(await within(10_000, refused(appOnB))).toBe(true);
      expect((await control(b.url, 'resume')).status).toBe(200);
      expect(await within(10_000, served(appOnA))).toBe(true);
    });

    it('the budget spent through replica A is what replica B reports', async () => {
      const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
      const opsToken = await token(b.url, 'ops', opsSecret);
      const spent = async (url: string): Promise<number> => {
        const res = await fetch(`${url}/admin/v1/limits/budgets?identity=demo-app`, { headers: { authorization: `Bearer ${opsToken}` } });
        const body = (await res.json()) as { backend: string; data: Array<{ budgets: Array<{ spentUsd: number }> }> };
        expect(body.backend).toBe('redis');
        return body.data[0]?.budgets[0]?.spentUsd ?? Number.NaN;
      };
      const before = await spent(b.url);
      await client(a.url, await token(a.url, 'demo-app', appSecret)).chat.completions.create(ask);
      expect(await within(10_000, async () => (await spent(b.url)) > before)).toBe(true);
      expect(await spent(b.url)).toBe(await spent(a.url));
    });

    it('stops cleanly, and the one audit chain verifies from either replica', async () => {
      for (const replica of replicas) expect(await stop(replica), replica.output()).toBe(0);
      for (const name of ['replica-a', 'replica-b']) {
        const verify = await gatehouse(join(dir, name), 'audit', 'verify', '-c', '../gatehouse.yaml');
        expect(verify.code, verify.stdout + verify.stderr).toBe(0);
        expect(verify.stdout).toMatch(/^audit trail OK: \d+ entries, [1-9]\d* checkpoints/);
      }
    }, 120_000);
  },
);
