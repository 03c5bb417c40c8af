import { ipcClient, serveIpc, type IpcChannel, type IpcClient } from '../core/ipc.js';
import type { Logger } from '../log/logger.js';
import type { ControlSignal } from './redis-signal.js';

/** The controls' topic; other store-backed state (identities, revocations) has a topic of its own. */
export const CONTROLS_TOPIC = 'controls';

/**
 * How long a change waits for the other workers to apply it. Past it the admin call answers anyway: the
 * change is in the store, and a worker that did not answer picks it up at its next refresh.
 */
export const CONTROL_ACK_TIMEOUT_MS = 2_000;

/**
 * The change signal of a worker of `serve --workers N`, through the primary: a kill switch, incident mode
 * or promotion written through one worker is applied by every other worker before the admin call that
 * made it answers. Each worker re-reads the store (the message carries only the revision), so a lost or
 * late message costs at most one refresh interval, as with Redis. `topic` gives other store-backed state
 * a signal of its own (the identities, with revocations and key rotations: gateway-identity.ts).
 */
export function ipcControlSignal(channel: IpcChannel, logger: Logger, topic = CONTROLS_TOPIC, timeoutMs = CONTROL_ACK_TIMEOUT_MS): ControlSignal {
  // A margin over the primary's own wait for the others, so its answer arrives before this gives up.
  const client = ipcClient(channel, topic, timeoutMs + 1_000);
  let stopServing: (() => void) | undefined;
  return {
    async publish(revision) {
      try {
        await client.call('publish', [revision]);
      } catch (err) {
        logger.warn(
          { topic, err: { name: (err as Error).name, message: (err as Error).message } },
          'the other workers did not confirm a change; they pick it up at their next refresh',
        );
      }
    },
    async subscribe(onChange) {
      stopServing = serveIpc(channel, topic, (op, args) => {
        if (op !== 'changed') throw new TypeError(`unknown change signal ${op}`);
        return onChange(typeof args[0] === 'number' ? args[0] : undefined);
      });
    },
    async close() {
      stopServing?.();
      client.close();
    },
  };
}

/**
 * The primary's half: a worker's `publish` is passed to every other worker, and answered once all of them
 * have applied it (or `timeoutMs` passed). `attach` each worker's channel when it is forked; the returned
 * function detaches it.
 */
export function relayControlSignals(topic = CONTROLS_TOPIC, timeoutMs = CONTROL_ACK_TIMEOUT_MS): { attach(channel: IpcChannel): () => void } {
  const workers = new Map<IpcChannel, IpcClient>();
  async function broadcast(from: IpcChannel, revision: unknown): Promise<void> {
    const others = [...workers].filter(([channel]) => channel !== from);
    await Promise.allSettled(others.map(([, client]) => client.call('changed', [revision])));
  }
  return {
    attach(channel) {
      workers.set(channel, ipcClient(channel, topic, timeoutMs));
      const stopServing = serveIpc(channel, topic, (op, args) => {
        if (op !== 'publish') throw new TypeError(`unknown change signal ${op}`);
        return broadcast(channel, args[0]);
      });
      return () => {
        stopServing();
        workers.get(channel)?.close();
        workers.delete(channel);
      };
    },
  };
}
