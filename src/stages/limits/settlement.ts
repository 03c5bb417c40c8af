import type { Exchange } from '../../core/exchange.js';
import type { LimitBackend } from '../../limits/backend.js';
import type { Logger } from '../../log/logger.js';
import { costMicroUsd } from '../../routing/registry.js';
import type { Holdings } from './takes.js';
import type { SoftAlerts } from './soft-alerts.js';

/** How an ended exchange settles what it held, worked out synchronously (the record is written right after). */
export interface Settlement {
  /** The actual cost, when the upstream reported usage; null otherwise. */
  actualMicroUsd: number | null;
  /** Per reservation: spend this much, or cancel (null: the request never reached an upstream). */
  spend: number | null;
  /** Per tokens-per-minute window: units to add (positive) or give back (negative). */
  tokenDelta: number;
}

/** Router outcomes that mean no upstream was asked at all: nothing can have been charged. */
const NEVER_SENT: ReadonlySet<string> = new Set(['no_healthy_deployment', 'traffic_stopped', 'deployment_blocked', 'residency_unavailable', 'model_capability_unsupported']);

/**
 * What the exchange's end means for its holdings. Usage known: settle budgets at the actual cost (priced at
 * the deployment that served it, which a fallback may have changed) and tokens at the actual count. Usage
 * unknown but an upstream was called (a route entry in the trace: it may have charged): keep the estimate.
 * Never routed: nothing was spent, give everything back.
 */
export function settlementOf(exchange: Exchange, reserved: { tokens: number; costMicroUsd: number }): Settlement {
  const routed = exchange.trace.some((entry) => entry.stage === 'route' && !(entry.reason !== undefined && NEVER_SENT.has(entry.reason)));
  const usage = exchange.usage;
  if (!routed && !usage) return { actualMicroUsd: null, spend: null, tokenDelta: -reserved.tokens };
  if (!usage) return { actualMicroUsd: null, spend: reserved.costMicroUsd, tokenDelta: 0 };
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  const actual = costMicroUsd({ pricing: exchange.target?.pricing ?? null }, input, output);
  return { actualMicroUsd: actual, spend: actual, tokenDelta: input + output - reserved.tokens };
}

/** Releases leases, settles or cancels reservations and corrects token windows; never throws, logs failures. */
export function settleHoldings(backend: LimitBackend, holdings: Holdings, settlement: Settlement, context: { exchangeId: string; logger: Logger; alerts: SoftAlerts }): Promise<void> {
  const work: Array<Promise<unknown>> = [
    ...holdings.leases.map((lease) => backend.release(lease.key, lease.leaseId)),
    ...holdings.reservations.map(async (r) => {
      if (settlement.spend === null) return backend.cancel(r.key, r.reservationId);
      const settled = await backend.settle(r.key, r.reservationId, settlement.spend, { softLimit: r.softLimit });
      if (settled.softExceeded) context.alerts.passed(r.label, settled.spent);
      return settled;
    }),
    ...holdings.windows
      .filter((w) => w.kind === 'tokens' && settlement.tokenDelta !== 0)
      .map((w) => backend.adjust(w.key, { limit: w.limit, windowMs: w.windowMs, delta: settlement.tokenDelta })),
  ];
  return Promise.allSettled(work).then((results) => {
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      const reason = (failed[0] as PromiseRejectedResult).reason as { name?: string; message?: string } | undefined;
      context.logger.error({ requestId: context.exchangeId, failures: failed.length, err: { name: reason?.name, message: reason?.message } }, 'limits: settling failed; leases and reservations expire by TTL');
    }
  });
}
