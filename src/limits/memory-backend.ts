import { randomUUID } from 'node:crypto';
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
  const windows = new MemoryWindows();
  const leases = new MemoryLeases();
  const budgets = new MemoryBudgets();
  let operations = 0;

  /** The operation's time; every SWEEP_EVERY operations, stale entries are dropped first. */
  function operationAt(now = clock()): number {
    if (++operations % SWEEP_EVERY === 0) {
      windows.sweep(now);
      leases.sweep(now);
      budgets.sweep(now);
    }
    return now;
  }

  return {
    async consume(key: string, options: WindowOptions): Promise<WindowResult> {
      const { limit, windowMs, cost } = checkWindow(options);
      return windows.consume(key, operationAt(options.now), limit, windowMs, cost);
    },
    async adjust(key: string, options: AdjustOptions): Promise<void> {
      checkAdjust(options);
      windows.adjust(key, options.now ?? clock(), options);
    },
    async acquire(key: string, options: LeaseOptions): Promise<LeaseResult> {
      checkLease(options);
      return leases.acquire(key, operationAt(options.now), options);
    },
    release: async (key, leaseId) => leases.release(key, leaseId, clock()),
    async renew(key: string, leaseId: string, ttlMs: number): Promise<boolean> {
      checkLease({ max: 0, ttlMs });
      return leases.renew(key, leaseId, ttlMs, clock());
    },
    async reserve(key: string, options: ReserveOptions): Promise<ReserveResult> {
      const ttlMs = checkReserve(options);
      return budgets.reserve(key, options, ttlMs, operationAt(options.now));
    },
    async settle(key: string, reservationId: string, actualAmount: number, options: { softLimit?: number } = {}): Promise<SettleResult> {
      checkAmount(actualAmount);
      const periodKey = reservationPeriod(reservationId);
      if (!periodKey) throw new RangeError('not a reservation id');
      return budgets.settle(key, periodKey, reservationId, actualAmount, options.softLimit, clock());
    },
    async cancel(key: string, reservationId: string): Promise<boolean> {
      const periodKey = reservationPeriod(reservationId);
      if (!periodKey) return false;
      return budgets.cancel(key, periodKey, reservationId, clock());
    },
    budget: async (key, periodKey) => budgets.peek(key, periodKey, clock()),
    async close(): Promise<void> {
      windows.clear();
      leases.clear();
      budgets.clear();
    },
  };
}

/** Rate windows (GCRA): one theoretical arrival time per key. */
class MemoryWindows {
  readonly #tats = new Map<string, number>();

  consume(key: string, now: number, limit: number, windowMs: number, cost: number): WindowResult {
    const decision = gcra(this.#tats.get(key), now, limit, windowMs, cost);
    if (decision.allowed) this.#tats.set(key, decision.tat);
    return decision.result;
  }

  adjust(key: string, now: number, options: AdjustOptions): void {
    const tat = gcraAdjust(this.#tats.get(key), now, options.limit, options.windowMs, options.delta);
    if (tat === undefined) this.#tats.delete(key);
    else this.#tats.set(key, tat);
  }

  sweep(now: number): void {
    for (const [key, tat] of this.#tats) if (tat <= now) this.#tats.delete(key);
  }

  clear(): void {
    this.#tats.clear();
  }
}

/** Concurrency leases: per key, each live lease id and when it expires. */
class MemoryLeases {
  readonly #leases = new Map<string, Map<string, number>>();

  acquire(key: string, now: number, options: LeaseOptions): LeaseResult {
    let live = this.#leases.get(key);
    if (!live) this.#leases.set(key, (live = new Map()));
    dropExpiredLeases(live, now);
    if (live.size >= options.max) {
      const oldest = Math.min(...live.values());
      return { allowed: false, leaseId: null, active: live.size, retryAfterMs: live.size ? Math.max(Math.ceil(oldest - now), 1) : options.ttlMs };
    }
    const leaseId = randomUUID();
    live.set(leaseId, now + options.ttlMs);
    return { allowed: true, leaseId, active: live.size, retryAfterMs: 0 };
  }

  release(key: string, leaseId: string, now: number): boolean {
    const live = this.#leases.get(key);
    const expiresAt = live?.get(leaseId);
    if (!live || expiresAt === undefined) return false;
    live.delete(leaseId);
    return expiresAt > now;
  }

  renew(key: string, leaseId: string, ttlMs: number, now: number): boolean {
    const live = this.#leases.get(key);
    const expiresAt = live?.get(leaseId);
    if (!live || expiresAt === undefined || expiresAt <= now) return false;
    live.set(leaseId, now + ttlMs);
    return true;
  }

  sweep(now: number): void {
    for (const [key, live] of this.#leases) {
      dropExpiredLeases(live, now);
      if (live.size === 0) this.#leases.delete(key);
    }
  }

  clear(): void {
    this.#leases.clear();
  }
}

/** Spend budgets: per key and period, the spend so far and the reservations still open. */
class MemoryBudgets {
  readonly #budgets = new Map<string, Budget>();

  reserve(key: string, options: ReserveOptions, ttlMs: number, now: number): ReserveResult {
    const budget = this.#open(key, options.periodKey, now);
    const allowed = budget.spent + budget.reserved + options.amount <= options.hardLimit;
    let reservationId: string | null = null;
    if (allowed) {
      reservationId = `${options.periodKey}/${randomUUID()}`;
      budget.reservations.set(reservationId, { amount: options.amount, expiresAt: now + ttlMs });
      budget.reserved += options.amount;
    }
    return {
      allowed,
      reservationId,
      spent: budget.spent,
      reserved: budget.reserved,
      softExceeded: softExceeded(budget.spent, budget.reserved, options.softLimit),
    };
  }

  settle(key: string, periodKey: string, reservationId: string, actualAmount: number, softLimit: number | undefined, now: number): SettleResult {
    const budget = this.#open(key, periodKey, now);
    const found = dropReservation(budget, reservationId);
    // The upstream has charged whether or not the reservation survived, so the spend is always recorded.
    budget.spent += actualAmount;
    return { found, spent: budget.spent, reserved: budget.reserved, softExceeded: softExceeded(budget.spent, budget.reserved, softLimit) };
  }

  cancel(key: string, periodKey: string, reservationId: string, now: number): boolean {
    return dropReservation(this.#open(key, periodKey, now), reservationId);
  }

  /** Spend and live reservations of a period, without opening or extending it. */
  peek(key: string, periodKey: string, now: number): { spent: number; reserved: number } {
    const budget = this.#budgets.get(`${key}\u0000${periodKey}`);
    if (!budget || budget.expiresAt <= now) return { spent: 0, reserved: 0 };
    let reserved = 0;
    for (const reservation of budget.reservations.values()) if (reservation.expiresAt > now) reserved += reservation.amount;
    return { spent: budget.spent, reserved };
  }

  sweep(now: number): void {
    for (const [key, budget] of this.#budgets) if (budget.expiresAt <= now) this.#budgets.delete(key);
  }

  clear(): void {
    this.#budgets.clear();
  }

  /** The period's budget (a fresh one once expired), kept for the period's retention, without its expired reservations. */
  #open(key: string, periodKey: string, now: number): Budget {
    const id = `${key}\u0000${periodKey}`;
    let budget = this.#budgets.get(id);
    if (!budget || budget.expiresAt <= now) {
      budget = { spent: 0, reserved: 0, reservations: new Map(), expiresAt: 0 };
      this.#budgets.set(id, budget);
    }
    budget.expiresAt = now + periodRetentionMs(periodKey, now);
    for (const [reservationId, reservation] of budget.reservations) {
      if (reservation.expiresAt > now) continue;
      budget.reserved -= reservation.amount;
      budget.reservations.delete(reservationId);
    }
    return budget;
  }
}

/** Releases a reservation's amount; false when it is not (or no longer) there. */
function dropReservation(budget: Budget, reservationId: string): boolean {
  const reservation = budget.reservations.get(reservationId);
  if (!reservation) return false;
  budget.reserved -= reservation.amount;
  budget.reservations.delete(reservationId);
  return true;
}

function dropExpiredLeases(live: Map<string, number>, now: number): void {
  for (const [leaseId, expiresAt] of live) if (expiresAt <= now) live.delete(leaseId);
}
