/** Rate windows, concurrency leases and cost budgets, in memory or shared through Redis. */
export type {
  AdjustOptions,
  BudgetState,
  LeaseOptions,
  LeaseResult,
  LimitBackend,
  ReserveOptions,
  ReserveResult,
  SettleResult,
  WindowOptions,
  WindowResult,
} from './backend.js';
export { createMemoryLimitBackend } from './memory-backend.js';
export { createRedisLimitBackend, type RedisLimitOptions } from './redis-backend.js';
export { periodKeys, type PeriodKeys } from './periods.js';
