import { describe } from 'vitest';
import { freshRedis, redisAvailable } from './redis.fixtures.js';
import { runLimitBackendContract } from './limit-backend.contract.js';
import { createMemoryLimitBackend } from './memory-backend.js';
import { createRedisLimitBackend } from './redis-backend.js';

const redisUp = await redisAvailable('limits: Redis backend contract');

runLimitBackendContract('in-memory', () => createMemoryLimitBackend());

describe.skipIf(!redisUp)('Redis', () => {
  const redis = freshRedis();
  const client = redisUp ? redis.connect() : undefined;
  runLimitBackendContract('Redis', () => createRedisLimitBackend(client!, { prefix: redis.prefix }));
});
