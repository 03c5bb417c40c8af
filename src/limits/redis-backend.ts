import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  checkAdjust,
  checkAmount,
  checkLease,
  checkReserve,
  checkWindow,
  reservationPeriod,
  softExceeded,
  type AdjustOptions,
  type LeaseOptions,
  type LeaseResult,
  type LimitBackend,
  type ReserveOptions,
  type ReserveResult,
  type SettleResult,
  type WindowOptions,
  type WindowResult,
} from './backend.js';
import { periodRetentionMs } from './periods.js';
import { ACQUIRE, ADJUST, CANCEL, CONSUME, RELEASE, RESERVE, SETTLE, RENEW } from './redis-scripts.js';

type Reply = Array<number | string>;
type Script = (...keysAndArgs: Array<string | number>) => Promise<Reply | number>;

/** The scripts as ioredis commands: EVALSHA, falling back to EVAL once when the server has not cached them. */
interface LimitCommands {
  gatehouseLimitConsume: Script;
  gatehouseLimitAdjust: Script;
  gatehouseLimitAcquire: Script;
  gatehouseLimitRelease: Script;
  gatehouseLimitRenew: Script;
  gatehouseLimitReserve: Script;
  gatehouseLimitSettle: Script;
  gatehouseLimitCancel: Script;
}

export interface RedisLimitOptions {
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. Default `gatehouse:limits:`. */
  prefix?: string;
}

/**
 * The scale-out backend: every replica handed a client to the same Redis enforces the same limits. The
 * backend does not own the client; whoever opened it closes it.
 */
export function createRedisLimitBackend(redis: Redis, options: RedisLimitOptions = {}): LimitBackend {
  const limits: RedisLimits = { redis, commands: defineLimitCommands(redis), prefix: options.prefix ?? 'gatehouse:limits:' };
  return {
    ...windowMethods(limits),
    ...leaseMethods(limits),
    ...budgetMethods(limits),
    async close(): Promise<void> {},
  };
}

/** What every method needs: the client, the scripts defined on it, the key prefix. */
interface RedisLimits {
  redis: Redis;
  commands: LimitCommands;
  prefix: string;
}

const windowKey = (prefix: string, key: string) => `${prefix}w:${key}`;
const leaseKey = (prefix: string, key: string) => `${prefix}c:${key}`;
// One hash tag per budget period keeps its three keys in one Redis Cluster slot, as a script needs.
const budgetKeys = (prefix: string, key: string, periodKey: string) => {
  const base = `${prefix}b:{${key}:${periodKey}}`;
  return [base, `${base}:r`, `${base}:x`] as const;
};
const given = (now: number | undefined) => (now === undefined ? '' : String(now));

/** Sliding-window counters (requests, tokens per minute). */
function windowMethods({ commands, prefix }: RedisLimits): Pick<LimitBackend, 'consume' | 'adjust'> {
  return {
    async consume(key: string, options: WindowOptions): Promise<WindowResult> {
      const { limit, windowMs, cost } = checkWindow(options);
      const reply = (await commands.gatehouseLimitConsume(windowKey(prefix, key), limit, windowMs, cost, given(options.now))) as Reply;
      return { allowed: reply[0] === 1, remaining: Number(reply[1]), resetMs: Number(reply[2]), retryAfterMs: Number(reply[3]) };
    },

    async adjust(key: string, options: AdjustOptions): Promise<void> {
      checkAdjust(options);
      await commands.gatehouseLimitAdjust(windowKey(prefix, key), options.limit, options.windowMs, options.delta, given(options.now));
    },
  };
}

/** Concurrency leases. */
function leaseMethods({ commands, prefix }: RedisLimits): Pick<LimitBackend, 'acquire' | 'release' | 'renew'> {
  return {
    async acquire(key: string, options: LeaseOptions): Promise<LeaseResult> {
      checkLease(options);
      const leaseId = randomUUID();
      const reply = (await commands.gatehouseLimitAcquire(leaseKey(prefix, key), options.max, options.ttlMs, given(options.now), leaseId)) as Reply;
      const allowed = reply[0] === 1;
      return { allowed, leaseId: allowed ? leaseId : null, active: Number(reply[1]), retryAfterMs: Number(reply[2]) };
    },

    async release(key: string, leaseId: string): Promise<boolean> {
      return (await commands.gatehouseLimitRelease(leaseKey(prefix, key), leaseId)) === 1;
    },

    async renew(key: string, leaseId: string, ttlMs: number): Promise<boolean> {
      checkLease({ max: 0, ttlMs });
      return (await commands.gatehouseLimitRenew(leaseKey(prefix, key), leaseId, ttlMs)) === 1;
    },
  };
}

/** Spend budgets per period: reserve before, settle after, cancel on failure. */
function budgetMethods({ redis, commands, prefix }: RedisLimits): Pick<LimitBackend, 'reserve' | 'settle' | 'cancel' | 'budget'> {
  return {
    async reserve(key: string, options: ReserveOptions): Promise<ReserveResult> {
      const ttlMs = checkReserve(options);
      const reservationId = `${options.periodKey}/${randomUUID()}`;
      const retainMs = periodRetentionMs(options.periodKey, options.now ?? Date.now());
      const reply = (await commands.gatehouseLimitReserve(
        ...budgetKeys(prefix, key, options.periodKey),
        options.amount,
        options.hardLimit,
        ttlMs,
        given(options.now),
        reservationId,
        retainMs,
      )) as Reply;
      const allowed = reply[0] === 1;
      const spent = Number(reply[1]);
      const reserved = Number(reply[2]);
      return { allowed, reservationId: allowed ? reservationId : null, spent, reserved, softExceeded: softExceeded(spent, reserved, options.softLimit) };
    },

    async settle(key: string, reservationId: string, actualAmount: number, options: { softLimit?: number } = {}): Promise<SettleResult> {
      checkAmount(actualAmount);
      const periodKey = reservationPeriod(reservationId);
      if (!periodKey) throw new RangeError('not a reservation id');
      const reply = (await commands.gatehouseLimitSettle(
        ...budgetKeys(prefix, key, periodKey),
        reservationId,
        actualAmount,
        periodRetentionMs(periodKey),
      )) as Reply;
      const spent = Number(reply[1]);
      const reserved = Number(reply[2]);
      return { found: reply[0] === 1, spent, reserved, softExceeded: softExceeded(spent, reserved, options.softLimit) };
    },

    async cancel(key: string, reservationId: string): Promise<boolean> {
      const periodKey = reservationPeriod(reservationId);
      if (!periodKey) return false;
      return (await commands.gatehouseLimitCancel(...budgetKeys(prefix, key, periodKey), reservationId)) === 1;
    },

    async budget(key: string, periodKey: string): Promise<{ spent: number; reserved: number }> {
      // A read: reservations past their TTL are purged by the next write, so `reserved` may still count them.
      const [spent, reserved] = await redis.hmget(budgetKeys(prefix, key, periodKey)[0], 'spent', 'reserved');
      return { spent: Number(spent ?? 0), reserved: Number(reserved ?? 0) };
    },
  };
}

function defineLimitCommands(redis: Redis): LimitCommands {
  const scripts: Array<[keyof LimitCommands, number, string]> = [
    ['gatehouseLimitConsume', 1, CONSUME],
    ['gatehouseLimitAdjust', 1, ADJUST],
    ['gatehouseLimitAcquire', 1, ACQUIRE],
    ['gatehouseLimitRelease', 1, RELEASE],
    ['gatehouseLimitRenew', 1, RENEW],
    ['gatehouseLimitReserve', 3, RESERVE],
    ['gatehouseLimitSettle', 3, SETTLE],
    ['gatehouseLimitCancel', 3, CANCEL],
  ];
  for (const [name, numberOfKeys, lua] of scripts) redis.defineCommand(name, { numberOfKeys, lua });
  return redis as unknown as LimitCommands;
}
