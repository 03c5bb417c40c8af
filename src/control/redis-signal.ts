import { Redis } from 'ioredis';
import type { LimitsConfig } from '../config/schema-limits.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Logger } from '../log/logger.js';

/**
 * Tells every replica at once that the controls changed, so a kill switch thrown on one replica (or by the
 * CLI) applies everywhere on the next request instead of within controls.refreshMs. It carries no state:
 * a message only makes each replica re-read the store's revision, so a lost message costs at most one
 * refresh interval and a forged one costs one extra read.
 */
export interface ControlSignal {
  /**
   * Says a change was written. Over Redis, fire and forget (errors are logged); over the workers' IPC
   * (ipc-signal.ts), the promise settles once every other worker has applied it (or a bound has passed).
   */
  publish(revision: number): void | Promise<void>;
  /**
   * Calls `onChange` with the revision published (when the message carries one) whenever any process
   * publishes; the signal may wait for the promise it returns. Resolves once subscribed (or given up:
   * polling remains).
   */
  subscribe(onChange: (revision?: number) => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * A signal over Redis pub/sub, on the Redis the limits already share (`limits.backend: redis`); undefined
 * when limits are kept in memory, where there is no shared channel and polling alone applies.
 */
export function redisControlSignal(limits: LimitsConfig, resolveSecret: SecretResolver, logger: Logger): ControlSignal | undefined {
  if (limits.backend !== 'redis' || !limits.redis) return undefined;
  const url = limits.redis.url.startsWith('redis') ? limits.redis.url : resolveSecret(limits.redis.url);
  const channel = `${limits.redis.prefix}controls`;
  const options = { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 1_000 };
  const publisher = new Redis(url, options);
  let subscriber: Redis | undefined;
  const quiet = () => undefined;
  publisher.on('error', quiet);
  const pending = new Set<Promise<unknown>>();

  return {
    publish(revision) {
      const sent = publisher.publish(channel, String(revision)).catch((err: Error) => {
        logger.warn(
          { err: { name: err.name, message: err.message } },
          'controls: could not signal other replicas; they apply the change within controls.refreshMs',
        );
      });
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    },
    subscribe(onChange) {
      subscriber = new Redis(url, options);
      subscriber.on('error', quiet);
      subscriber.on('message', (from: string, revision: string) => {
        if (from === channel) void onChange(Number.isSafeInteger(Number(revision)) ? Number(revision) : undefined);
      });
      return subscriber.subscribe(channel).then(
        () => undefined,
        (err: Error) => {
          logger.warn(
            { err: { name: err.name, message: err.message } },
            'controls: not subscribed to change signals; polling every controls.refreshMs still applies changes',
          );
        },
      );
    },
    /** Waits (at most a second) for signals still being sent: a CLI process exits right after. */
    async close() {
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => (waited = setTimeout(resolve, 1_000).unref()))]);
      clearTimeout(waited);
      await Promise.all([disconnected(publisher), subscriber && disconnected(subscriber)]);
    },
  };
}

/** Disconnects and resolves once the connection's socket is closed, so nothing of it outlives `close`. */
function disconnected(redis: Redis): Promise<void> {
  // Only these states hold a socket; otherwise ioredis ends (or already ended) at once, or never emits 'end'.
  const open = redis.status === 'connecting' || redis.status === 'connect' || redis.status === 'ready';
  const ended = open ? new Promise<void>((resolve) => redis.once('end', () => resolve())) : undefined;
  redis.disconnect();
  return ended ?? Promise.resolve();
}
