/**
 * The contract every limit backend keeps: rate windows, concurrency leases and cost budgets.
 *
 * Every operation is atomic with respect to every other caller of the same backend: in memory because each
 * operation reads and writes without yielding the event loop, in Redis because each is one Lua script. So a
 * burst of N concurrent callers against a limit of L lets exactly min(N, L) through when each costs 1.
 *
 * Keys are opaque strings chosen by the caller (for example `rpm:identity:alice:model:chat-default`); the
 * backend never parses them. Amounts and costs should be integers (tokens, micro-USD) so sums stay exact.
 */

/** A rate window: at most `limit` units per `windowMs`. */
export interface WindowOptions {
  limit: number;
  windowMs: number;
  /** Units this request takes (1 for a request, the token count for tokens per minute). Default 1. */
  cost?: number;
  /** Milliseconds since the epoch. Default: the backend's clock (Redis uses the server's, shared by replicas). */
  now?: number;
}

export interface WindowResult {
  allowed: boolean;
  /** Whole units that could still be taken at once after this call. */
  remaining: number;
  /** Milliseconds until the window is fully replenished (for `x-ratelimit-reset-*`). */
  resetMs: number;
  /** 0 when allowed; otherwise milliseconds until this same cost would pass (for `Retry-After`). */
  retryAfterMs: number;
}

/** A correction of a rate window after the fact: `delta` units given back (negative) or taken (positive). */
export interface AdjustOptions {
  limit: number;
  windowMs: number;
  /** Units to add to what the window has taken; negative refunds. Never refused, never below empty. */
  delta: number;
  now?: number;
}

/** A concurrency slot: at most `max` leases live at once; each lease frees itself after `ttlMs`. */
export interface LeaseOptions {
  max: number;
  ttlMs: number;
  now?: number;
}

export interface LeaseResult {
  allowed: boolean;
  /** Pass to `release`; null when refused. */
  leaseId: string | null;
  /** Live leases after this call. */
  active: number;
  /** 0 when allowed; otherwise milliseconds until the oldest lease expires (an upper bound: a release frees sooner). */
  retryAfterMs: number;
}

/** A budget for one period (`periodKey`, see `periodKeys`): spent + reserved may never pass `hardLimit`. */
export interface ReserveOptions {
  amount: number;
  hardLimit: number;
  /** Reported, never enforced: `softExceeded` is true once spent + reserved passes it. */
  softLimit?: number;
  periodKey: string;
  /** A reservation never settled (a crashed replica) is dropped after this long. Default 15 minutes. */
  reservationTtlMs?: number;
  now?: number;
}

export interface BudgetState {
  spent: number;
  reserved: number;
  softExceeded: boolean;
}

export interface ReserveResult extends BudgetState {
  allowed: boolean;
  /** Pass to `settle` or `cancel`; null when refused. It carries the period, so settling needs no period. */
  reservationId: string | null;
}

export interface SettleResult extends BudgetState {
  /** False when the reservation had expired or was unknown; the actual amount is still recorded as spent. */
  found: boolean;
}

export interface LimitBackend {
  /** Takes `cost` units from a rate window, or refuses and says when to retry. */
  consume(key: string, options: WindowOptions): Promise<WindowResult>;
  /**
   * Corrects what a window has taken: tokens per minute are taken as an estimate before the call and
   * settled here with the actual usage (a refund, or an extra debit that may leave the window in debt).
   */
  adjust(key: string, options: AdjustOptions): Promise<void>;
  /** Takes a concurrency slot, or refuses. */
  acquire(key: string, options: LeaseOptions): Promise<LeaseResult>;
  /** Frees a slot; false when the lease had already expired or been released. */
  release(key: string, leaseId: string): Promise<boolean>;
  /** Extends a live lease to `ttlMs` from now (a long stream keeps its slot); false when it had expired or was released. */
  renew(key: string, leaseId: string, ttlMs: number): Promise<boolean>;
  /** Reserves an estimated cost against a budget, refusing if spent + reserved + amount > hardLimit. */
  reserve(key: string, options: ReserveOptions): Promise<ReserveResult>;
  /** Replaces a reservation with the actual cost (which may be higher or lower than reserved). */
  settle(key: string, reservationId: string, actualAmount: number, options?: { softLimit?: number }): Promise<SettleResult>;
  /** Drops a reservation without spending anything (the request failed before the upstream charged). */
  cancel(key: string, reservationId: string): Promise<boolean>;
  /** What a budget period holds now, without changing it (operators' view); zeros for a period never used. */
  budget(key: string, periodKey: string): Promise<{ spent: number; reserved: number }>;
  /** Frees the backend's own resources. A Redis backend leaves the client it was handed open. */
  close(): Promise<void>;
}

const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;

/** Checks options once, so both backends refuse the same nonsense with the same error. */
export function checkWindow(options: WindowOptions): { limit: number; windowMs: number; cost: number } {
  const cost = options.cost ?? 1;
  if (!(options.limit > 0) || !(options.windowMs > 0) || !(cost >= 0) || ![options.limit, options.windowMs, cost].every(Number.isFinite)) {
    throw new RangeError('limit and windowMs must be positive and cost non-negative');
  }
  return { limit: options.limit, windowMs: options.windowMs, cost };
}

export function checkAdjust(options: AdjustOptions): void {
  if (!(options.limit > 0) || !(options.windowMs > 0) || ![options.limit, options.windowMs, options.delta].every(Number.isFinite)) {
    throw new RangeError('limit and windowMs must be positive and delta finite');
  }
}

export function checkLease(options: LeaseOptions): void {
  if (!(options.max >= 0) || !(options.ttlMs > 0) || !Number.isFinite(options.ttlMs)) throw new RangeError('max must be non-negative and ttlMs positive');
}

export function checkReserve(options: ReserveOptions): number {
  if (!(options.amount >= 0) || !(options.hardLimit >= 0) || !Number.isFinite(options.amount) || !Number.isFinite(options.hardLimit)) {
    throw new RangeError('amount and hardLimit must be non-negative');
  }
  if (!options.periodKey || options.periodKey.includes('/')) throw new RangeError('periodKey must be non-empty and contain no "/"');
  return options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
}

export function checkAmount(amount: number): void {
  if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError('amount must be non-negative');
}

/** A reservation id is `<periodKey>/<uuid>`, so `settle` and `cancel` find the period without being told it. */
export function reservationPeriod(reservationId: string): string | null {
  const slash = reservationId.indexOf('/');
  return slash > 0 ? reservationId.slice(0, slash) : null;
}

export function softExceeded(spent: number, reserved: number, softLimit: number | undefined): boolean {
  return softLimit !== undefined && spent + reserved > softLimit;
}
