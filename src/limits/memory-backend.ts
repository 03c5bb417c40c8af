import { randomUUID } from 'node:crypto';
import {
  checkAdjust, checkAmount, checkLease, checkReserve, checkWindow, reservationPeriod, softExceeded,
  type AdjustOptions, type LeaseOptions, type LeaseResult, type LimitBackend, type ReserveOptions, type ReserveResult, type SettleResult, type WindowOptions, type WindowResult,
} from './backend.js';
import { gcra, gcraAdjust } from './gcra.js';
import { periodRetentionMs } from './periods.js';

interface Budget {
  spent: number;
  reserved: number;
  reservations: Map<string, { amount: number; expiresAt: number }>;
  expiresAt: number;
}

/** Stale entries are swept every this many operations, so memory stays bounded by live keys. */
const SWEEP_EVERY = 1024;

/**
 * The embedded backend: one process, no coordination. Atomic because no operation awaits between reading
 * and writing its state. Replicas each get their own limits; use the Redis backend to share them.
 */
export function createMemoryLimitBackend(clock: () => number = Date.now): LimitBackend {
  const windows = new Map<string, number>();
  const leases = new Map<string, Map<string, number>>();
  const budgets = new Map<string, Budget>();
  let operations = 0;

  function tick(now: number): void {
    if (++operations % SWEEP_EVERY !== 0) return;
    for (const [key, tat] of windows) if (tat <= now) windows.delete(key);
    for (const [key, live] of leases) {
      dropExpiredLeases(live, now);
      if (live.size === 0) leases.delete(key);
    }
    for (const [key, budget] of budgets) if (budget.expiresAt <= now) budgets.delete(key);
  }

  function openBudget(key: string, periodKey: string, now: number): Budget {
    const id = `${key}\u0000${periodKey}`;
    let budget = budgets.get(id);
    if (!budget || budget.expiresAt <= now) {
      budget = { spent: 0, reserved: 0, reservations: new Map(), expiresAt: 0 };
      budgets.set(id, budget);
    }
    budget.expiresAt = now + periodRetentionMs(periodKey, now);
    for (const [reservationId, reservation] of budget.reservations) {
      if (reservation.expiresAt > now) continue;
      budget.reserved -= reservation.amount;
      budget.reservations.delete(reservationId);
    }
    return budget;
  }

  return {
    async consume(key: string, options: WindowOptions): Promise<WindowResult> {
      const { limit, windowMs, cost } = checkWindow(options);
      const now = options.now ?? clock();
      tick(now);
      const decision = gcra(windows.get(key), now, limit, windowMs, cost);
      if (decision.allowed) windows.set(key, decision.tat);
      return decision.result;
    },

    async adjust(key: string, options: AdjustOptions): Promise<void> {
      checkAdjust(options);
      const now = options.now ?? clock();
      const tat = gcraAdjust(windows.get(key), now, options.limit, options.windowMs, options.delta);
      if (tat === undefined) windows.delete(key);
      else windows.set(key, tat);
    },

    async acquire(key: string, options: LeaseOptions): Promise<LeaseResult> {
      checkLease(options);
      const now = options.now ?? clock();
      tick(now);
      let live = leases.get(key);
      if (!live) leases.set(key, (live = new Map()));
      dropExpiredLeases(live, now);
      if (live.size >= options.max) {
        const oldest = Math.min(...live.values());
        return { allowed: false, leaseId: null, active: live.size, retryAfterMs: live.size ? Math.max(Math.ceil(oldest - now), 1) : options.ttlMs };
      }
      const leaseId = randomUUID();
      live.set(leaseId, now + options.ttlMs);
      return { allowed: true, leaseId, active: live.size, retryAfterMs: 0 };
    },

    async release(key: string, leaseId: string): Promise<boolean> {
      const live = leases.get(key);
      const expiresAt = live?.get(leaseId);
      if (!live || expiresAt === undefined) return false;
      live.delete(leaseId);
      return expiresAt > clock();
    },

    async renew(key: string, leaseId: string, ttlMs: number): Promise<boolean> {
      checkLease({ max: 0, ttlMs });
      const live = leases.get(key);
      const expiresAt = live?.get(leaseId);
      const now = clock();
      if (!live || expiresAt === undefined || expiresAt <= now) return false;
      live.set(leaseId, now + ttlMs);
      return true;
    },

    async reserve(key: string, options: ReserveOptions): Promise<ReserveResult> {
      const ttlMs = checkReserve(options);
      const now = options.now ?? clock();
      tick(now);
      const budget = openBudget(key, options.periodKey, now);
      const allowed = budget.spent + budget.reserved + options.amount <= options.hardLimit;
      let reservationId: string | null = null;
      if (allowed) {
        reservationId = `${options.periodKey}/${randomUUID()}`;
        budget.reservations.set(reservationId, { amount: options.amount, expiresAt: now + ttlMs });
        budget.reserved += options.amount;
      }
      return { allowed, reservationId, spent: budget.spent, reserved: budget.reserved, softExceeded: softExceeded(budget.spent, budget.reserved, options.softLimit) };
    },

    async settle(key: string, reservationId: string, actualAmount: number, options: { softLimit?: number } = {}): Promise<SettleResult> {
      checkAmount(actualAmount);
      const periodKey = reservationPeriod(reservationId);
      if (!periodKey) throw new RangeError('not a reservation id');
      const budget = openBudget(key, periodKey, clock());
      const reservation = budget.reservations.get(reservationId);
      if (reservation) {
        budget.reserved -= reservation.amount;
        budget.reservations.delete(reservationId);
      }
      // The upstream has charged whether or not the reservation survived, so the spend is always recorded.
      budget.spent += actualAmount;
      return { found: reservation !== undefined, spent: budget.spent, reserved: budget.reserved, softExceeded: softExceeded(budget.spent, budget.reserved, options.softLimit) };
    },

    async cancel(key: string, reservationId: string): Promise<boolean> {
      const periodKey = reservationPeriod(reservationId);
      if (!periodKey) return false;
      const budget = openBudget(key, periodKey, clock());
      const reservation = budget.reservations.get(reservationId);
      if (!reservation) return false;
      budget.reserved -= reservation.amount;
      budget.reservations.delete(reservationId);
      return true;
    },

    async budget(key: string, periodKey: string): Promise<{ spent: number; reserved: number }> {
      const budget = budgets.get(`${key}\u0000${periodKey}`);
      const now = clock();
      if (!budget || budget.expiresAt <= now) return { spent: 0, reserved: 0 };
      let reserved = 0;
      for (const reservation of budget.reservations.values()) if (reservation.expiresAt > now) reserved += reservation.amount;
      return { spent: budget.spent, reserved };
    },

    async close(): Promise<void> {
      windows.clear();
      leases.clear();
      budgets.clear();
    },
  };
}

function dropExpiredLeases(live: Map<string, number>, now: number): void {
  for (const [leaseId, expiresAt] of live) if (expiresAt <= now) live.delete(leaseId);
}
