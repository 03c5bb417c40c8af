/**
 * The three things measured: the fake upstream called directly, the bare proxy in front of it, and
 * Gatehouse in front of it. Each is started as its own process and checked with one real request
 * (JSON and streamed) before any load, so a broken target fails the bench instead of measuring errors.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startChild, waitForHttpOk, waitForReadyLine } from './children.mjs';
import { CHAT_PATH, chatRequestBody } from './chat-request.mjs';
import { REQUEST_HEADERS, useBearerToken } from './request-headers.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const DEFAULT_GATEHOUSE_CONFIG = path.join(BENCH_DIR, 'gatehouse.bench.yaml');

/** Gatehouse routes on this logical model name; the upstream ignores it, so every target gets the same bytes. */
export const BENCH_MODEL = 'bench-model';

export async function startUpstream({ chunkDelayMs }, prefix) {
  const handle = startChild('fake-upstream', process.execPath, [path.join(BENCH_DIR, 'fake-upstream.mjs')], {
    env: { BENCH_CHUNK_DELAY_MS: String(chunkDelayMs) },
    ipc: true,
    prefix,
  });
  const port = await waitForReadyLine(handle);
  return { name: 'direct', label: 'direct (fake upstream)', origin: `http://127.0.0.1:${port}`, handle };
}

export async function startBareProxy(upstream, prefix) {
  const handle = startChild('bare-proxy', process.execPath, [path.join(BENCH_DIR, 'bare-proxy.mjs')], {
    env: { BENCH_UPSTREAM: upstream.origin },
    ipc: true,
    prefix,
  });
  const port = await waitForReadyLine(handle);
  return { name: 'proxy', label: 'bare proxy', origin: `http://127.0.0.1:${port}`, handle };
}

/**
 * Write a runnable copy of the Gatehouse config template into a temp dir: `${BENCH_UPSTREAM_BASE_URL}`,
 * `${BENCH_PORT}` and `${BENCH_SQLITE_PATH}` are filled in, nothing else is touched.
 */
export async function writeGatehouseConfig(templatePath) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  const port = await freePort();
  const sqlitePath = path.join(dir, 'gatehouse.db');
  return { dir, port, sqlitePath, configPath: path.join(dir, 'gatehouse.yaml'), template: readFileSync(templatePath, 'utf8') };
}

export async function startGatehouse(upstream, prepared, prefix) {
  const values = {
    BENCH_UPSTREAM_BASE_URL: `${upstream.origin}/v1`,
    BENCH_PORT: String(prepared.port),
    BENCH_SQLITE_PATH: prepared.sqlitePath,
    BENCH_PEPPER: randomBytes(32).toString('hex'),
  };
  writeFileSync(
    prepared.configPath,
    prepared.template.replace(/\$\{(BENCH_[A-Z_]+)\}/g, (m, key) => values[key] ?? m),
  );
  const handle = startChild('gatehouse', process.execPath, [path.join(REPO_DIR, 'dist/cli/main.js'), 'serve', '--config', prepared.configPath], {
    env: { ...values, NODE_ENV: 'production' },
    prefix,
  });
  const origin = `http://127.0.0.1:${prepared.port}`;
  await waitForHttpOk(handle, `${origin}/healthz`);
  const auth = /^auth:/m.test(prepared.template);
  // With auth on, every request carries a token minted by the CLI against the running gateway's store.
  if (auth) useBearerToken(mintToken(prepared.configPath, values));
  return { name: 'gatehouse', label: 'Gatehouse', origin, handle, configPath: prepared.configPath, sqlitePath: prepared.sqlitePath, auth };
}

function mintToken(configPath, env) {
  const out = execFileSync(
    process.execPath,
    [path.join(REPO_DIR, 'dist/cli/main.js'), 'token', 'mint', 'bench-client', '--ttl', '3600', '--config', configPath],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const token = out.trim().split('\n').pop();
  if (token?.split('.').length !== 3) throw new Error(`gatehouse token mint printed no token: ${out.slice(0, 200)}`);
  return token;
}

/** One JSON and one streamed request through `target`; throws with the answer when it is wrong. */
export async function probe(target) {
  for (const stream of [false, true]) {
    const res = await fetch(target.origin + CHAT_PATH, {
      method: 'POST',
      headers: REQUEST_HEADERS,
      body: chatRequestBody(BENCH_MODEL, stream),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const what = `${target.label} ${stream ? 'streamed' : 'JSON'} probe`;
    if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status}: ${text.slice(0, 500)}`);
    if (stream) {
      if (!text.includes('data: [DONE]')) throw new Error(`${what}: stream has no [DONE]: ${text.slice(0, 500)}`);
      if (!/"content":"The/.test(text)) throw new Error(`${what}: stream lacks the expected content: ${text.slice(0, 500)}`);
    } else {
      const json = JSON.parse(text);
      if (json.object !== 'chat.completion' || !json.choices?.[0]?.message?.content) throw new Error(`${what}: unexpected body: ${text.slice(0, 500)}`);
    }
  }
}
