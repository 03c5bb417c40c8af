import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type GatehouseConfig } from '../../src/config/schema.js';
import { startGateway } from '../../src/gateway.js';
import { silentLogger } from '../../src/log/logger.js';
import { startFakeSyslog, type FakeSyslog } from '../../src/siem/fake-siem.fixtures.js';
import { MOCK_CONFIG } from '../support/gateway.js';

/**
 * Issue 13: the gateway starts as a list of parts, and a start that fails (here: a port already in use)
 * closes the parts already started, so it leaves no timer, socket, worker or open database behind; a
 * gateway that started closes all of them at shutdown. The config starts every part that holds something:
 * the SQLite store, identity (refresh timer), the control plane (poll timer), the content purge, a SIEM
 * sink (UDP socket, spool), metrics, the checkpointer and the recorder; with GATEHOUSE_TEST_REDIS_URL the
 * limit counters and the control signal hold Redis connections, with GATEHOUSE_TEST_POSTGRES_URL a second
 * case runs on a PostgreSQL store the gateway opens (a pool of connections).
 */
const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL;
const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL;
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const OUR_CODE = fileURLToPath(new URL('../../src/', import.meta.url));

const root = mkdtempSync(join(tmpdir(), 'gatehouse-start-failure-'));
let syslog: FakeSyslog;
beforeAll(async () => {
  syslog = await startFakeSyslog();
});
afterAll(async () => {
  await syslog.close();
  rmSync(root, { recursive: true, force: true });
});

function configIn(dir: string, storage?: Record<string, unknown>): GatehouseConfig {
  return configSchema.parse({
    ...MOCK_CONFIG,
    storage: storage ?? { sqlite: { path: join(dir, 'gatehouse.db') } },
    audit: { keyFile: join(dir, 'audit.key'), content: { mode: 'hashed', keyFile: join(dir, 'content.key') } },
    auth: { secretPepper: 'env:PEPPER' },
    identities: { app: { owner: 'app@example.com', environment: 'sandbox', models: ['*'] } },
    siem: { sinks: { syslog: { type: 'syslog', host: '127.0.0.1', port: syslog.udpPort, transport: 'udp', spoolDir: join(dir, 'spool') } } },
    telemetry: { metrics: { enabled: true } },
    ...(REDIS_URL ? { limits: { backend: 'redis', redis: { url: REDIS_URL, prefix: `gatehouse:test:${randomUUID().slice(0, 8)}:` } } } : {}),
    logging: { level: 'silent' },
  });
}

/** Handle kinds that keep a process alive or hold a resource (timers count even when unref'd). */
const HANDLE_KINDS = new Set([
  'Timeout',
  'Immediate',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'TCPCONNECTWRAP',
  'PIPEWRAP',
  'UDPWRAP',
  'WORKER',
  'MESSAGEPORT',
  'FSEVENTWRAP',
  'STATWATCHER',
]);

/**
 * Every handle created from here on (while recording) and not yet destroyed, by async_hooks (which, unlike
 * process.getActiveResourcesInfo, also sees unref'd timers). Handles the test runner makes are left out.
 */
function trackHandles() {
  const alive = new Map<number, string>();
  let recording = true;
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const hook = createHook({
    init(id, kind) {
      if (!recording || !HANDLE_KINDS.has(kind)) return;
      const frames = (new Error().stack ?? '')
        .split('\n')
        .slice(2)
        .filter((line) => line.includes('/'));
      if (/node_modules\/(vitest|@vitest|tinypool|birpc)\//.test(frames[0] ?? '')) return;
      alive.set(id, `${kind} ${frames.find((line) => line.includes(OUR_CODE))?.trim() ?? frames.join('\n')}`);
    },
    destroy(id) {
      alive.delete(id);
    },
  }).enable();
  return {
    /** Stops recording new handles (a test's own HTTP client); those recorded are still followed. */
    pause(): void {
      recording = false;
    },
    resume(): void {
      recording = true;
    },
    /** What is still alive, once the destroy notices queued so far have been delivered. */
    async alive(): Promise<string[]> {
      const was = recording;
      recording = false;
      await settled();
      recording = was;
      return [...alive.values()];
    },
    stop(): void {
      hook.disable();
      Error.stackTraceLimit = stackTraceLimit;
    },
  };
}

/**
 * Lets the event loop go round twice: a closed handle is freed, and its async_hooks destroy delivered,
 * in a later phase of the loop than the callback that says it closed.
 */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** One request on its own connection, closed before this resolves: status and request id. */
function postOnce(url: string, body: unknown): Promise<{ status: number; requestId: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } },
      (res) => {
        res.resume();
        res.socket.once('close', () => resolve({ status: res.statusCode ?? 0, requestId: String(res.headers['x-gatehouse-request-id']) }));
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * Sockets, servers and workers the process holds, by kind. Timers are left out: the test runner's come
 * and go, and ours are followed (unref'd ones too) by trackHandles.
 */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (kind !== 'Timeout') counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function occupiedPort(): Promise<{ port: number; close(): Promise<void> }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as { port: number }).port, close: () => new Promise((resolve) => blocker.close(() => resolve())) };
}

const ENV = { PEPPER };

describe('a gateway whose port is in use', () => {
  it('rejects with the listen error, and its store, timers, sockets and connections are all closed', async () => {
    const dir = mkdtempSync(join(root, 'sqlite-'));
    const blocker = await occupiedPort();
    const before = activeResources();
    const handles = trackHandles();
    try {
      const failed = startGateway({ config: configIn(dir), port: blocker.port, host: '127.0.0.1', logger: silentLogger(), env: ENV });
      await expect(failed).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(await handles.alive()).toEqual([]);
      expect(activeResources()).toEqual(before);
    } finally {
      handles.stop();
      await blocker.close();
    }
    // The store was opened (the key files and the database exist) and closed: SQLite removes the
    // write-ahead log when its last connection closes.
    expect(existsSync(join(dir, 'gatehouse.db'))).toBe(true);
    expect(existsSync(join(dir, 'audit.key'))).toBe(true);
    expect(existsSync(join(dir, 'gatehouse.db-wal'))).toBe(false);
  });

  it.skipIf(!POSTGRES_URL)('on a PostgreSQL store: the pool it opened is closed too', async () => {
    const schema = `gatehouse_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    const url = new URL(POSTGRES_URL as string);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const blocker = await occupiedPort();
    const before = activeResources();
    const handles = trackHandles();
    try {
      const config = configIn(mkdtempSync(join(root, 'postgres-')), { driver: 'postgres', postgres: { url: url.toString(), poolSize: 2 } });
      await expect(startGateway({ config, port: blocker.port, host: '127.0.0.1', logger: silentLogger(), env: ENV })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
      expect(await handles.alive()).toEqual([]);
      expect(activeResources()).toEqual(before);
      // It did get as far as migrating and recording its configuration.
      expect((await admin.query(`select count(*)::int as n from "${schema}".config_versions`)).rows[0].n).toBe(1);
    } finally {
      handles.stop();
      await blocker.close();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  });
});

describe('a gateway that started', () => {
  it('holds its parts while running, and closes every one at shutdown (last records reach the SIEM first)', async () => {
    const dir = mkdtempSync(join(root, 'started-'));
    await settled();
    const before = activeResources();
    const handles = trackHandles();
    const received = syslog.messages.length;
    try {
      const gateway = await startGateway({ config: configIn(dir), port: 0, host: '127.0.0.1', logger: silentLogger(), env: ENV });
      // The probes see the running parts: without this, an empty list after close would prove nothing.
      expect(existsSync(join(dir, 'gatehouse.db-wal'))).toBe(true);
      expect((await handles.alive()).length).toBeGreaterThan(3);
      expect(activeResources().TCPServerWrap).toBe((before.TCPServerWrap ?? 0) + 1);

      // The request's own connection, timers and node's Date-header cache are not parts of the gateway.
      handles.pause();
      const { status, requestId } = await postOnce(gateway.url, { model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
      handles.resume();
      expect(status).toBe(401);

      const closing = gateway.close();
      expect(gateway.close()).toBe(closing);
      await closing;
      expect(await handles.alive()).toEqual([]);
      // Closed in reverse: the recorder flushed this exchange and the checkpointer signed it before the SIEM closed.
      await syslog.waitForMessages(received + 2);
      const sent = syslog.messages.slice(received).map((m) => m.raw);
      expect(sent.some((raw) => raw.includes(requestId))).toBe(true);
      expect(sent.some((raw) => /checkpoint/i.test(raw))).toBe(true);
    } finally {
      handles.stop();
    }
    await settled();
    expect(activeResources()).toEqual(before);
    expect(existsSync(join(dir, 'gatehouse.db-wal'))).toBe(false);
  });
});
