import type { LimitBackend } from '../../limits/backend.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import { periodKeys } from '../../limits/periods.js';
import type { AppliedLimits } from './applicable-limits.js';
import type { WindowReading } from './headers.js';
import { msUntilPeriodEnds } from './headers.js';

const MINUTE = 60_000;

/** What one admitted request holds until it ends: undone if it is refused, settled when it completes. */
export interface Holdings {
  windows: Array<{ kind: 'requests' | 'tokens'; key: string; limit: number; windowMs: number; cost: number }>;
  leases: Array<{ key: string; leaseId: string }>;
  reservations: Array<{ key: string; reservationId: string; amount: number; softLimit: number | undefined; label: string }>;
}

/** The estimate a request is admitted on: input tokens counted, output tokens reserved, and their price. */
export interface Estimate {
  tokens: number;
  costMicroUsd: number;
}

export interface TakeOptions {
  leaseTtlMs: number;
  reservationTtlMs: number;
  now: number;
}

/** The result of taking every applicable limit at once. */
export interface Takes {
  holdings: Holdings;
  requests: WindowReading[];
  tokens: WindowReading[];
  /** Refusals, in the order checks were listed; empty when admitted. */
  refusals: Array<{ reason: ReasonCode; retryAfterMs: number; label: string }>;
  /** Backend failures (timeouts, Redis down); when any, the request is neither admitted nor refused. */
  failures: unknown[];
  /** Budgets whose soft threshold this request passes: `budget:<key>/<period>`. */
  softPassed: string[];
}

/**
 * Takes every limit of every applicable set in one round: requests and tokens per minute, a concurrency
 * lease and budget reservations per period. The calls go out together (on Redis they share one round trip
 * on the connection), each atomic on its own; what was taken is listed in `holdings` so a refusal or a
 * failure elsewhere can give it back.
 */
export async function takeLimits(backend: LimitBackend, applied: readonly AppliedLimits[], estimate: Estimate | null, options: TakeOptions): Promise<Takes> {
  const takes: Takes = { holdings: { windows: [], leases: [], reservations: [] }, requests: [], tokens: [], refusals: [], failures: [], softPassed: [] };
  const calls: Array<Promise<void>> = [];
  const periods = periodKeys(options.now);
  for (const { key, limits } of applied) {
    if (limits.requestsPerMinute !== undefined) calls.push(takeWindow(backend, takes, 'requests', `rpm:${key}`, limits.requestsPerMinute, 1));
    if (limits.tokensPerMinute !== undefined && estimate)
      calls.push(takeWindow(backend, takes, 'tokens', `tpm:${key}`, limits.tokensPerMinute, estimate.tokens));
    if (limits.concurrentRequests !== undefined) calls.push(takeLease(backend, takes, `conc:${key}`, limits.concurrentRequests, options.leaseTtlMs));
    for (const period of ['daily', 'monthly'] as const) {
      const budget = limits.budget?.[period];
      if (!budget || !estimate) continue;
      const periodKey = period === 'daily' ? periods.day : periods.month;
      calls.push(reserveBudget(backend, takes, `budget:${key}`, periodKey, budget, estimate.costMicroUsd, options));
    }
  }
  for (const settled of await Promise.allSettled(calls)) if (settled.status === 'rejected') takes.failures.push(settled.reason);
  return takes;
}

async function takeWindow(backend: LimitBackend, takes: Takes, kind: 'requests' | 'tokens', key: string, limit: number, cost: number): Promise<void> {
  const result = await backend.consume(key, { limit, windowMs: MINUTE, cost });
  takes[kind].push({ limit, result });
  if (result.allowed) takes.holdings.windows.push({ kind, key, limit, windowMs: MINUTE, cost });
  else takes.refusals.push({ reason: kind === 'requests' ? 'rate_limited_requests' : 'rate_limited_tokens', retryAfterMs: result.retryAfterMs, label: key });
}

async function takeLease(backend: LimitBackend, takes: Takes, key: string, max: number, ttlMs: number): Promise<void> {
  const result = await backend.acquire(key, { max, ttlMs });
  if (result.leaseId !== null) takes.holdings.leases.push({ key, leaseId: result.leaseId });
  else takes.refusals.push({ reason: 'concurrency_limited', retryAfterMs: result.retryAfterMs, label: key });
}

async function reserveBudget(
  backend: LimitBackend,
  takes: Takes,
  key: string,
  periodKey: string,
  budget: { softUsd?: number | undefined; hardUsd?: number | undefined },
  amount: number,
  options: TakeOptions,
): Promise<void> {
  const softLimit = budget.softUsd === undefined ? undefined : microUsd(budget.softUsd);
  // A soft-only budget is still reserved against, so its spend is tracked; nothing can reach this limit.
  const hardLimit = budget.hardUsd === undefined ? Number.MAX_SAFE_INTEGER : microUsd(budget.hardUsd);
  // No `now`: reservation expiry runs on the backend's clock (Redis TIME), shared by every replica.
  const result = await backend.reserve(key, { amount, hardLimit, softLimit, periodKey, reservationTtlMs: options.reservationTtlMs });
  const label = `${key}/${periodKey}`;
  if (result.reservationId === null) {
    // Spending resumes when the period ends (UTC midnight, or the first of the month).
    takes.refusals.push({ reason: 'budget_exhausted', retryAfterMs: msUntilPeriodEnds(periodKey, options.now), label });
    return;
  }
  takes.holdings.reservations.push({ key, reservationId: result.reservationId, amount, softLimit, label });
  if (result.softExceeded) takes.softPassed.push(label);
}

/** USD to integer micro-USD, the unit budgets are kept in (sums stay exact). */
export function microUsd(usd: number): number {
  return Math.round(usd * 1e6);
}

/**
 * Gives back everything a request holds: window units refunded, leases released, reservations cancelled.
 * Each undo is attempted even if another fails; failures are returned for the caller to log.
 */
export async function giveBack(backend: LimitBackend, holdings: Holdings): Promise<unknown[]> {
  const undos: Array<Promise<unknown>> = [
    ...holdings.windows.map((w) => backend.adjust(w.key, { limit: w.limit, windowMs: w.windowMs, delta: -w.cost })),
    ...holdings.leases.map((l) => backend.release(l.key, l.leaseId)),
    ...holdings.reservations.map((r) => backend.cancel(r.key, r.reservationId)),
  ];
  return (await Promise.allSettled(undos)).flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
}

/** The reason a refused request is given: the first kind refused in this order, whatever else refused too. */
const PRECEDENCE: readonly ReasonCode[] = ['budget_exhausted', 'rate_limited_tokens', 'rate_limited_requests', 'concurrency_limited'];

/** The refusal to answer with: its reason, and the longest wait any refusing limit asks for (all must pass). */
export function refusalOf(refusals: Takes['refusals']): { reason: ReasonCode; retryAfterMs: number; labels: string[] } {
  const reason = PRECEDENCE.find((r) => refusals.some((x) => x.reason === r)) as ReasonCode;
  return { reason, retryAfterMs: Math.max(...refusals.map((r) => r.retryAfterMs)), labels: refusals.map((r) => r.label) };
}
