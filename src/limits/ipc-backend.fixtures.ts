import { parentChannel } from '../cluster/channels.js';
import { createIpcLimitBackend, serveLimitBackend } from './ipc-backend.js';
import { createMemoryLimitBackend } from './memory-backend.js';

/**
 * A process at one end of the limits IPC channel, forked by ipc-backend.test.ts:
 * - `server`: keeps a memory backend and serves it to its parent, as the cluster primary serves its workers;
 * - `client`: on `{ burst, key, limit }` fires that many consumes at once at its parent's backend, as a
 *   worker under a burst would, and answers how many were allowed.
 */
const mode = process.argv[2];
const parent = parentChannel();

if (mode === 'server') {
  serveLimitBackend(createMemoryLimitBackend(), parent);
  parent.send({ gh: 'fixture', ready: true });
} else if (mode === 'client') {
  const backend = createIpcLimitBackend(parent, { timeoutMs: 5_000 });
  parent.onMessage((message) => {
    const ask = message as { gh?: string; burst?: number; key?: string; limit?: number };
    if (ask.gh !== 'fixture' || ask.burst === undefined) return;
    const calls = Array.from({ length: ask.burst }, () => backend.consume(ask.key as string, { limit: ask.limit as number, windowMs: 3_600_000 }));
    void Promise.all(calls).then((results) => parent.send({ gh: 'fixture', allowed: results.filter((r) => r.allowed).length }));
  });
  parent.send({ gh: 'fixture', ready: true });
}
// The parent's channel keeps this process alive; it exits when the parent disconnects.
parent.onClose(() => process.exit(0));
