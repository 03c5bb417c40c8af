import type { Redis } from 'ioredis';
import type { LimitsConfig } from '../config/schema-limits.js';
import type { SecretResolver } from '../config/secrets.js';
import type { LimitBackend } from './backend.js';
import type { Logger } from '../log/logger.js';
import { createMemoryLimitBackend } from './memory-backend.js';
import { createRedisLimitBackend } from './redis-backend.js';

/**
 * Opens the limit backend the configuration names. It lives as long as the gateway (a reload keeps the
 * counters); `close` also closes the Redis connection opened here.
 */
export async function openLimitBackend(config: LimitsConfig, resolveSecret: SecretResolver, logger?: Logger): Promise<LimitBackend> {
  if (config.backend === 'memory' || !config.redis) return createMemoryLimitBackend();
  const url = config.redis.url.startsWith('redis') ? config.redis.url : resolveSecret(config.redis.url);
  // Imported here: ioredis is loaded only by deployments that share limits through Redis.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: config.redis.timeoutMs,
    connectTimeout: Math.max(config.redis.timeoutMs, 1_000),
  });
  // Errors surface on the calls that fail (and fail closed or open there); the client reconnects by itself.
  redis.on('error', () => undefined);
  // A Redis that is down at start does not stop the gateway: until it answers, every limit check fails
  // at once (no offline queue) and limits.failMode decides, exactly as for an outage later on.
  await redis.connect().catch((err: unknown) => {
    logger?.warn(
      { err: { name: (err as Error).name, message: (err as Error).message } },
      'limits: Redis unreachable at start; checks fail until it answers (limits.failMode decides)',
    );
  });
  const backend = createRedisLimitBackend(redis, { prefix: config.redis.prefix });
  return {
    ...backend,
    async close() {
      await backend.close();
      await disconnected(redis);
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
