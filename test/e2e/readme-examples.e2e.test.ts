import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/core/reason-codes.js';
import { CLI_MAIN, TSX_LOADER, spawnCli } from '../support/cli.js';
import { type ReadmeExample, type ShellExample, readmeExamples } from '../support/readme-examples.js';

/**
 * Issue 14, "the first hour": every example in README.md works. The examples are read from README.md itself,
 * so a new one is tested without touching this file. The demo runs as `npm start` runs it (`gatehouse serve`
 * with no gatehouse.yaml; the CLI as the other CLI tests run it, through tsx) in a temporary folder, on a free
 * port instead of 8080; each command runs in order through bash, exactly as written except that `npx
 * gatehouse` is this checkout's CLI, 127.0.0.1:8080 is that port, and the placeholders the README asks the
 * reader to fill from an earlier output ($SECRET, $TOKEN, <id>) are filled from it.
 *
 * What a command must do comes from the README's own comment on it:
 * - a status and a reason code (`400 input_blocked`): curl saw that status; any other curl: a 2xx;
 * - every reason code it names appears in the output;
 * - every `backticked` text in the comment appears in the output;
 * - the command itself exits 0 (a `gatehouse` command that exits non-zero has failed).
 * ALSO adds checks the prose implies; NOT_RUN lists, with why, the few lines the demo cannot run.
 * The "Identity and access" block runs against a gateway started with that section's yaml (plus a mock
 * gpt-4o-mini), the "Configuration" block in a folder whose gatehouse.yaml is gatehouse.example.yaml.
 */

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const EXAMPLE_CONFIG = fileURLToPath(new URL('../../gatehouse.example.yaml', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const { examples, yaml } = readmeExamples(readFileSync(README, 'utf8'));

/** Lines the test does not run, and why; each must still be in the README. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm start':
    'the test starts the demo the way npm start does (gatehouse serve, no gatehouse.yaml); npm install needs the network and rewrites node_modules',
  'npm test': 'runs the whole suite, this test included',
  'npx gatehouse serve -c gatehouse.yaml': 'a second long-running gateway, on gatehouse.example.yaml, whose providers need real API keys',
  'sh deploy/compose/make-secrets.sh':
    'writes secret files into the checkout; test/e2e/container-image.e2e.test.ts runs it into a temp folder and checks every file',
  'docker compose up --build -d':
    'needs a container runtime (none on the test machine); test/e2e/container-image.e2e.test.ts checks the Dockerfile and compose.yaml and replays their steps',
};

/** Checks the README's prose implies beyond its comments, by a text each command contains (each must match one). */
const ALSO: Array<{ contains: string; check(output: string): void }> = [
  {
    contains: 'maria.lopez@example.com',
    check: (out) => {
      expect(out, 'the caller gets the address back').toContain('Write to maria.lopez@example.com');
      expect(out).not.toContain('<EMAIL_ADDRESS');
    },
  },
  { contains: '"model":"mock-leaky"', check: (out) => expect(out).not.toContain('ghp_') },
  { contains: 'chat-default@2026-11', check: (out) => expect(out).toContain('Answered by chat-default version 2026-11.') },
  { contains: '"model":"mock-down"', check: (out) => expect(out).toContain('The assistant is unavailable right now') },
  { contains: 'models list', check: (out) => expect(out).toMatch(/^chat-default \(chat\)\s+active 2026-10/m) },
  { contains: 'models promote chat-default --to 2026-11', check: (out) => expect(out).toContain('promoted chat-default: 2026-10 -> 2026-11') },
  { contains: 'models rollback chat-default', check: (out) => expect(out).toContain('rolled back chat-default: 2026-11 -> 2026-10') },
  { contains: 'traffic stop --identity', check: (out) => expect(out).toMatch(/^stopped identity \S+$/m) },
  { contains: 'traffic resume --identity', check: (out) => expect(out).toMatch(/^resumed identity \S+$/m) },
  { contains: 'incident on', check: (out) => expect(out).toContain('incident mode on') },
  { contains: '/oauth/token', check: (out) => expect(JSON.parse(out.trim())).toMatchObject({ token_type: 'Bearer', expires_in: 600 }) },
  { contains: 'Bearer $TOKEN', check: (out) => expect(JSON.parse(out.trim())).toMatchObject({ object: 'chat.completion' }) },
  { contains: 'replay <id>', check: (out) => expect(out).toMatch(/recorded: 400 input_blocked[\s\S]*would be: input_blocked/) },
];

/** Where a section's examples run: the demo, unless the section needs its own configuration. */
const CONTEXT_OF_SECTION: Record<string, Context['name']> = { 'Identity and access': 'auth', Configuration: 'config' };

interface Context {
  name: 'demo' | 'auth' | 'config';
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Host and port of its gateway ('' for none). */
  address: string;
  server?: ChildProcess;
  log: string;
}

const root = mkdtempSync(join(tmpdir(), 'gatehouse-readme-'));
const PEPPER = randomBytes(32).toString('base64url');
/** What earlier outputs gave the reader: $SECRET, $TOKEN, the last request id. */
const found: { SECRET?: string; TOKEN?: string; id?: string; approval?: string } = {};
const contexts = new Map<Context['name'], Context>();

/** The environment a reader's shell would have: nothing that turns real providers on or names another configuration. */
function readerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { OPENAI_API_KEY: _o, ANTHROPIC_API_KEY: _a, GATEHOUSE_CONFIG: _c, PORT: _p, ...env } = process.env;
  return { ...env, ...extra };
}

async function startServe(context: Context): Promise<void> {
  const server = spawnCli(['serve'], { cwd: context.dir, env: context.env });
  context.server = server;
  server.stdout?.on('data', (d: Buffer) => (context.log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (context.log += d.toString()));
  context.address = await new Promise<string>((resolve, reject) => {
    const seen = () => {
      const url = /listening on http:\/\/(\S+)/.exec(context.log)?.[1];
      if (url) resolve(url);
    };
    server.stdout?.on('data', seen);
    server.once('exit', (code) => reject(new Error(`${context.name} gateway exited (${code}) before listening:\n${context.log}`)));
  });
}

/** The README's yaml for the identity section, made runnable: a mock gpt-4o-mini, a free port, and the README's own sections. */
function identityConfig(): string {
  const block = yaml.find((y) => y.section === 'Identity and access' && /^auth:/m.test(y.text));
  if (!block) throw new Error('README.md: the "Identity and access" section has no yaml block with an auth section');
  const readme = parse(block.text) as Record<string, unknown>;
  return stringify({ server: { port: 0 }, providers: { mock: { type: 'mock' } }, models: { 'gpt-4o-mini': { provider: 'mock' } }, ...readme });
}

beforeAll(async () => {
  const make = (name: Context['name'], env: NodeJS.ProcessEnv): Context => {
    const dir = join(root, name);
    mkdirSync(dir);
    const context: Context = { name, dir, env, address: '', log: '' };
    contexts.set(name, context);
    return context;
  };
  const demo = make('demo', readerEnv({ PORT: '0' }));
  const auth = make('auth', readerEnv({ GATEHOUSE_SECRET_PEPPER: PEPPER }));
  writeFileSync(join(auth.dir, 'gatehouse.yaml'), identityConfig());
  copyFileSync(EXAMPLE_CONFIG, join(make('config', readerEnv()).dir, 'gatehouse.yaml'));
  await Promise.all([startServe(demo), startServe(auth)]);
}, 120_000);

afterAll(async () => {
  for (const context of contexts.values()) {
    const server = context.server;
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }
  rmSync(root, { recursive: true, force: true });
}, 60_000);

/** Runs what the reader pastes, in bash, with `npx gatehouse` being this checkout and curl reporting each status on stderr. */
function runShell(command: string, context: Context): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const preamble = [
    'set -o pipefail',
    `npx() { if [ "$1" = gatehouse ]; then shift; "${process.execPath}" --import "${TSX_LOADER}" "${CLI_MAIN}" "$@"; else echo "only npx gatehouse is run here" >&2; return 127; fi; }`,
    `curl() { command curl -w '%{stderr}\\n[http_code %{http_code}]\\n' "$@"; }`,
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...context.env, ...(found.SECRET ? { SECRET: found.SECRET } : {}), ...(found.TOKEN ? { TOKEN: found.TOKEN } : {}) };
  const child = spawn('bash', ['-c', `${preamble}\n${command}`], { cwd: context.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The command as it runs here: the gateway's real port, and the placeholders filled from earlier outputs. */
function resolveCommand(example: ShellExample, context: Context): string {
  let command = example.command;
  if (context.address) command = command.replaceAll('127.0.0.1:8080', context.address);
  for (const variable of command.matchAll(/\$([A-Z_]+)/g)) {
    const name = variable[1] as keyof typeof found;
    if (!found[name]) throw new Error(`README.md:${example.line} uses $${name}, which no earlier example's output provided`);
  }
  return command.replace(/<([a-z-]+)>/g, (placeholder, name: string) => {
    if ((name === 'id' || name === 'request-id') && found.id) return found.id;
    if (name === 'approval-id' && found.approval) return found.approval;
    throw new Error(`README.md:${example.line}: nothing earlier provides ${placeholder}`);
  });
}

/** What the reader would copy from this output for the examples after it. */
function remember(output: string): void {
  const secret = /client secret \(shown once, store it now\): (\S+)/.exec(output)?.[1];
  if (secret) found.SECRET = secret;
  const token = /"access_token":"([^"]+)"/.exec(output)?.[1];
  if (token) found.TOKEN = token;
  const approval = /\bapr_[0-9a-f]{32}\b/.exec(output)?.[0];
  if (approval) found.approval = approval;
  const id = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/.exec(output)?.[0];
  if (id) found.id = id;
}

/** The checks the README's comment on a command makes. */
function checkComment(example: ShellExample, output: string, statuses: number[]): void {
  const where = `README.md:${example.line} (# ${example.comment}); output:\n${output.slice(0, 2000)}\n`;
  const codes = Object.keys(REASON_CODES).filter((code) => code.includes('_') && new RegExp(`\\b${code}\\b`).test(example.comment));
  for (const code of codes) expect(output, `${where}: names ${code}`).toContain(code);
  for (const [, text] of example.comment.matchAll(/`([^`]+)`/g)) expect(output, `${where}: promises \`${text}\` in the output`).toContain(text);
  if (!/\bcurl\b/.test(example.command)) return;
  expect(statuses.length, `${where}: curl reported no status`).toBeGreaterThan(0);
  const promised = /\b([1-5]\d\d) ([a-z_]+)\b/.exec(example.comment);
  const expected = promised?.[2] !== undefined && promised[2] in REASON_CODES ? Number(promised[1]) : undefined;
  for (const status of statuses) {
    if (expected !== undefined) expect(status, where).toBe(expected);
    else expect(Math.floor(status / 100), `${where}: names no status, so a 2xx (got ${status})`).toBe(2);
  }
}

async function runExample(example: ShellExample): Promise<void> {
  const context = contexts.get(CONTEXT_OF_SECTION[example.section] ?? 'demo') as Context;
  const result = await runShell(resolveCommand(example, context), context);
  const statuses = [...result.stderr.matchAll(/\[http_code (\d{3})\]/g)].map((m) => Number(m[1]));
  const stderr = result.stderr.replace(/\n?\[http_code \d{3}\]\n?/g, '');
  const output = `${result.stdout}\n${stderr}`;
  expect(result.code, `README.md:${example.line} exited ${result.code}:\n${output}\ngateway log:\n${context.log.slice(-2000)}`).toBe(0);
  checkComment(example, output, statuses);
  for (const also of ALSO) if (example.command.includes(also.contains)) also.check(result.stdout);
  remember(output);
}

async function runScript(code: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const demo = contexts.get('demo') as Context;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code.replaceAll('127.0.0.1:8080', demo.address)], {
    cwd: REPO,
    env: readerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (exit) => resolve({ code: exit, stdout, stderr })));
}

const firstLine = (example: ShellExample) => example.command.split('\n')[0] as string;

describe('README.md', () => {
  it('has the examples and sections this test knows about', () => {
    const shell = examples.filter((e): e is ShellExample => e.kind === 'sh');
    expect(shell.length).toBeGreaterThan(20);
    for (const line of Object.keys(NOT_RUN)) expect(shell.map(firstLine), `NOT_RUN lists "${line}"`).toContain(line);
    for (const also of ALSO)
      expect(
        shell.some((e) => e.command.includes(also.contains)),
        `ALSO checks "${also.contains}"`,
      ).toBe(true);
    for (const section of Object.keys(CONTEXT_OF_SECTION))
      expect(
        shell.some((e) => e.section === section),
        section,
      ).toBe(true);
  });

  for (const example of examples as ReadmeExample[]) {
    if (example.kind === 'js') {
      it(`${example.section}, js block at line ${example.line}: runs against the demo`, async () => {
        const run = await runScript(example.code);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout.trim().length).toBeGreaterThan(0);
      }, 60_000);
      continue;
    }
    const why = NOT_RUN[firstLine(example)];
    if (why !== undefined) {
      it.skip(`${example.section}: ${firstLine(example)} (not run: ${why})`, () => {});
      continue;
    }
    it(`${example.section}: ${firstLine(example).slice(0, 110)}`, () => runExample(example), 120_000);
  }
});
