import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { childChannel } from '../cluster/channels.js';
import { IpcCallError, type IpcChannel } from '../core/ipc.js';
import { runLimitBackendContract } from './limit-backend.contract.js';
import { createIpcLimitBackend, serveLimitBackend } from './ipc-backend.js';
import { createMemoryLimitBackend } from './memory-backend.js';

/** The limits IPC between real processes: a forked child at the other end of a real Node IPC channel. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIXTURE = fileURLToPath(new URL('./ipc-backend.fixtures.ts', import.meta.url));

/** Forks the fixture in `mode` and resolves once it says it is ready. */
async function forkFixture(mode: 'server' | 'client'): Promise<{ child: ChildProcess; channel: IpcChannel }> {
  const child = fork(FIXTURE, [mode], { execArgv: ['--import', TSX], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const channel = childChannel(child);
  await new Promise<void>((resolve, reject) => {
    const stop = channel.onMessage((message) => {
      if ((message as { ready?: boolean }).ready) {
        stop();
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`fixture ${mode} exited with ${code}`)));
  });
  return { child, channel };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('limits over IPC, served by another process', () => {
  let server: { child: ChildProcess; channel: IpcChannel };
  beforeAll(async () => {
    server = await forkFixture('server');
  }, 30_000);
  afterAll(async () => {
    server.child.disconnect();
    await exited(server.child);
  });

  runLimitBackendContract('IPC (a memory backend in a child process)', () => createIpcLimitBackend(server.channel, { timeoutMs: 5_000 }));

  test('a burst of 5000 calls at once is answered in full: a long send backlog is not a closed channel', async () => {
    const backend = createIpcLimitBackend(server.channel, { timeoutMs: 10_000 });
    const key = `rpm:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 5000 }, () => backend.consume(key, { limit: 1000, windowMs: 3_600_000 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(1000);
    await backend.close();
  }, 30_000);
});

describe('limits over IPC, shared by several client processes', () => {
  const clients: ChildProcess[] = [];
  const backend = createMemoryLimitBackend();
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const client = await forkFixture('client');
      serveLimitBackend(backend, client.channel);
      clients.push(client.child);
    }
  }, 30_000);
  afterAll(async () => {
    for (const child of clients) child.disconnect();
    await Promise.all(clients.map(exited));
    await backend.close();
  });

  test('2 processes × 100 concurrent requests against a rate limit of 50 let exactly 50 through in total', async () => {
    const key = `rpm:${randomUUID()}`;
    const counts = await Promise.all(
      clients.map(
        (child) =>
          new Promise<number>((resolve) => {
            const channel = childChannel(child);
            const stop = channel.onMessage((message) => {
              const answer = message as { allowed?: number };
              if (answer.allowed === undefined) return;
              stop();
              resolve(answer.allowed);
            });
            channel.send({ gh: 'fixture', burst: 100, key, limit: 50 });
          }),
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
    // Both processes were served: neither one took every slot before the other asked.
    expect(await backend.consume(key, { limit: 50, windowMs: 3_600_000 })).toMatchObject({ allowed: false, remaining: 0 });
  });
});

describe('limits over IPC when the serving process is gone', () => {
  test('calls fail at once (limits.failMode then decides) instead of waiting for their timeout', async () => {
    const server = await forkFixture('server');
    const backend = createIpcLimitBackend(server.channel, { timeoutMs: 60_000 });
    expect((await backend.consume(`k:${randomUUID()}`, { limit: 1, windowMs: 1000 })).allowed).toBe(true);
    server.child.kill('SIGKILL');
    await exited(server.child);
    await expect(backend.consume(`k:${randomUUID()}`, { limit: 1, windowMs: 1000 })).rejects.toThrow(IpcCallError);
    await backend.close();
  }, 30_000);
});
