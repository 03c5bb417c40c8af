import type { Exchange } from '../../core/exchange.js';
import type { LimitBackend } from '../../limits/backend.js';
import type { Logger } from '../../log/logger.js';
import { costMicroUsd } from '../../routing/model-registry.js';
import type { Holdings } from './take-limits.js';
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

/**
 * Router outcomes after which nothing can have been charged: no upstream was asked at all, the connection
 * failed, or the upstream answered with an error status (providers do not bill refused or failed calls).
 * A timeout, a malformed answer or an interrupted stream may have been charged: those keep the estimate.
 */
const NOT_CHARGED: ReadonlySet<string> = new Set([
  'no_healthy_deployment',
  'traffic_stopped',
  'deployment_blocked',
  'residency_unavailable',
  'model_capability_unsupported',
  'upstream_unreachable',
  'upstream_error',
  'upstream_rejected_request',
  'upstream_rate_limited',
  'upstream_auth_failed',
]);

/**
 * What the exchange's end means for its holdings. Usage known: settle budgets at the actual cost (priced at
 * the deployment that served it, which a fallback may have changed) and tokens at the actual count. Usage
 * unknown but an attempt may have been charged (a timeout, say): keep the estimate. Nothing chargeable
 * happened (never routed, or every attempt was refused by the upstream): give everything back.
 */
export function settlementOf(exchange: Exchange, reserved: { tokens: number; costMicroUsd: number }): Settlement {
  const routed = exchange.trace.some((entry) => entry.stage === 'route' && !(entry.reason !== undefined && NOT_CHARGED.has(entry.reason)));
  const usage = exchange.usage;
  if (!routed && !usage) return { actualMicroUsd: null, spend: null, tokenDelta: -reserved.tokens };
  if (!usage) return { actualMicroUsd: null, spend: reserved.costMicroUsd, tokenDelta: 0 };
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  const actual = costMicroUsd({ pricing: exchange.target?.pricing ?? null }, input, output);
  return { actualMicroUsd: actual, spend: actual, tokenDelta: input + output - reserved.tokens };
}

/** Releases leases, settles or cancels reservations and corrects token windows; never throws, logs failures. */
export function settleHoldings(
  backend: LimitBackend,
  holdings: Holdings,
  settlement: Settlement,
  context: { exchangeId: string; logger: Logger; alerts: SoftAlerts },
): Promise<void> {
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
      context.logger.error(
        { requestId: context.exchangeId, failures: failed.length, err: { name: reason?.name, message: reason?.message } },
        'limits: settling failed; leases and reservations expire by TTL',
      );
    }
  });
}
