import type { LimitsConfig } from '../../config/schema-limits.js';
import type { Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import type { LimitBackend } from '../../limits/backend.js';
import { encodingFor, loadTokenCounter } from '../../limits/tokens.js';
import type { Logger } from '../../log/logger.js';
import type { ModelEntry } from '../../routing/model-registry.js';
import { applicableLimits, countsTokens, limitsConfigured, needsTokens } from './applicable-limits.js';
import { deploymentOf, estimateTokens, type TokenEstimate } from './estimate.js';
import { rateLimitHeaders, retryAfterSeconds } from './headers.js';
import { settleHoldings, settlementOf } from './settlement.js';
import { createSoftAlerts, type SoftAlerts } from './soft-alerts.js';
import { giveBack, refusalOf, takeLimits, type Holdings, type Takes } from './take-limits.js';

export interface LimitsStageDeps {
  /** Lives as long as the gateway: a reload keeps the counters. */
  backend: LimitBackend;
  models: ReadonlyMap<string, ModelEntry>;
  logger: Logger;
}

/** Per-exchange state: what the request holds and the estimate it was admitted on, until it completes. */
const ADMITTED = Symbol('limits.admitted');
interface Admitted {
  holdings: Holdings;
  estimate: TokenEstimate | null;
  /** How long a lease lives unrenewed; a stream renews its leases at half that while it flows. */
  leaseTtlMs: number;
  /** When (ms since epoch) a flowing stream next renews its leases. */
  renewAt: number;
}

/**
 * Scans and model listings call no model: there are no tokens to count, but one micro-dollar is reserved
 * so that a budget already spent refuses them too (the reservation is cancelled when the exchange ends).
 */
const LOCAL_ESTIMATE: TokenEstimate = Object.freeze({ input: 0, output: 0, costMicroUsd: 1 });

/** Leases outlive the longest a request may take (all attempts) by this much, for streams still being read. */
const LEASE_SLACK_MS = 60_000;
const MIN_RESERVATION_TTL_MS = 15 * 60_000;

/** A limits backend that failed or timed out; with failMode open the pipeline records the fail-open. */
class LimitsUnavailableError extends Error {
  override name = 'LimitsUnavailableError';
}

/**
 * Requests and tokens per minute, concurrent requests and cost budgets per identity, team, model and for
 * the whole gateway (docs/limits.md). Every applicable limit is taken in one round against the backend
 * (memory, or Redis shared by every replica); any refusal gives back what the others took and answers 429
 * with Retry-After. An admitted request holds a lease and budget reservations until it completes, when
 * they are released and settled with the actual usage. Undefined when no limit is configured at all.
 */
export function createLimitsStage(config: LimitsConfig, deps: LimitsStageDeps): Stage | undefined {
  if (!limitsConfigured(config)) return undefined;
  // The tokenizer's ranks take a few hundred ms to load: start now, not on the first request.
  if (countsTokens(config)) preloadTokenizers(deps.models, deps.logger);
  return new LimitsStage(config, deps);
}

/** Starts loading the tokenizer of every configured deployment's provider type; a failure is logged. */
function preloadTokenizers(models: ReadonlyMap<string, ModelEntry>, logger: Logger): void {
  for (const encoding of new Set([...models.values()].flatMap((m) => m.deployments.map((d) => encodingFor(d.providerType))))) {
    loadTokenCounter(encoding).catch((err: Error) => logger.error({ err: { name: err.name, message: err.message } }, 'limits: tokenizer failed to load'));
  }
}

/** Built once per configuration version; the backend it takes from outlives it. */
class LimitsStage implements Stage {
  readonly name = 'limits';
  readonly enforce = true;
  readonly failOpen: boolean;
  readonly #config: LimitsConfig;
  readonly #backend: LimitBackend;
  readonly #models: ReadonlyMap<string, ModelEntry>;
  readonly #logger: Logger;
  readonly #alerts: SoftAlerts;

  constructor(config: LimitsConfig, deps: LimitsStageDeps) {
    this.failOpen = config.failMode === 'open';
    this.#config = config;
    this.#backend = deps.backend;
    this.#models = deps.models;
    this.#logger = deps.logger;
    this.#alerts = createSoftAlerts(deps.logger);
  }

  async onRequest(exchange: Exchange): Promise<Verdict> {
    const config = this.#config;
    const applied = applicableLimits(config, exchange);
    if (applied.length === 0) return CONTINUE;
    const deployment = deploymentOf(this.#models, exchange);
    let estimate: TokenEstimate | null = null;
    const operation = exchange.request.operation;
    if (needsTokens(applied) && operation !== 'chat' && operation !== 'embeddings') {
      estimate = LOCAL_ESTIMATE;
    } else if (needsTokens(applied)) {
      const counted = await estimateTokens(exchange, deployment, config.outputTokenReservation);
      if (!counted.ok) {
        return respond(
          'context_window_exceeded',
          `This request needs ${counted.input} input tokens plus ${counted.output} output tokens, more than the model's context window of ${counted.contextWindow} tokens.`,
          { param: 'messages' },
        );
      }
      estimate = counted.estimate;
    }
    const routing = this.#models.get(exchange.target?.name ?? '')?.routing;
    const leaseTtlMs = (routing?.totalTimeoutMs ?? 90_000) + LEASE_SLACK_MS;
    const takes = await takeLimits(this.#backend, applied, estimate && { tokens: estimate.input + estimate.output, costMicroUsd: estimate.costMicroUsd }, {
      leaseTtlMs,
      reservationTtlMs: Math.max(leaseTtlMs, MIN_RESERVATION_TTL_MS),
      now: Date.now(),
    });
    if (takes.failures.length > 0) return this.#backendFailed(exchange, takes);

    exchange.responseHeaders = { ...exchange.responseHeaders, ...rateLimitHeaders(takes.requests, takes.tokens) };
    if (takes.refusals.length > 0) {
      await this.#undo(exchange, takes.holdings);
      const refusal = refusalOf(takes.refusals);
      return respond(refusal.reason, refusalMessage(refusal.reason), {
        headers: { 'retry-after': retryAfterSeconds(refusal.retryAfterMs) },
        policyId: refusal.labels.join(' '),
      });
    }

    exchange.state.set(ADMITTED, { holdings: takes.holdings, estimate, leaseTtlMs, renewAt: Date.now() + leaseTtlMs / 2 } satisfies Admitted);
    for (const label of takes.softPassed) this.#alerts.passed(label);
    return takes.softPassed.length > 0 ? { action: 'continue', note: `soft budget passed: ${takes.softPassed.join(' ')}` } : CONTINUE;
  }

  // A stream may outlive its lease's TTL (which covers the attempts, not the reading): while parts flow, its
  // concurrency slots are renewed, so a long stream keeps counting against concurrentRequests.
  onStreamPart(exchange: Exchange): undefined {
    const admitted = exchange.state.get(ADMITTED) as Admitted | undefined;
    if (!admitted || admitted.holdings.leases.length === 0) return undefined;
    const logger = this.#logger;
    renewIfDue(this.#backend, admitted, Date.now(), (err) =>
      logger.warn(
        { requestId: exchange.id, err: { name: (err as Error)?.name, message: (err as Error)?.message } },
        "limits: could not renew a stream's concurrency lease; it expires by TTL",
      ),
    );
    return undefined;
  }

  // How the exchange ended matters only through what it left behind: a route entry and usage (see settlementOf).
  onComplete(exchange: Exchange): void {
    const admitted = exchange.state.get(ADMITTED) as Admitted | undefined;
    if (!admitted) return;
    exchange.state.delete(ADMITTED);
    const estimate = admitted.estimate;
    const settlement = settlementOf(exchange, { tokens: estimate ? estimate.input + estimate.output : 0, costMicroUsd: estimate?.costMicroUsd ?? 0 });
    // Unpriced deployments keep a null cost in the record ("no price configured"), as without limits.
    if (settlement.actualMicroUsd !== null && exchange.target?.pricing) exchange.costMicroUsd = settlement.actualMicroUsd;
    void settleHoldings(this.#backend, admitted.holdings, settlement, { exchangeId: exchange.id, logger: this.#logger, alerts: this.#alerts });
  }

  /** The backend failed or timed out: what was taken is given back; fail closed with 503, or open by throwing. */
  async #backendFailed(exchange: Exchange, takes: Pick<Takes, 'failures' | 'holdings'>): Promise<Verdict> {
    await this.#undo(exchange, takes.holdings);
    const first = takes.failures[0] as { name?: string; message?: string } | undefined;
    this.#logger.error(
      { requestId: exchange.id, err: { name: first?.name, message: first?.message } },
      `limits: backend failed (failMode ${this.#config.failMode})`,
    );
    if (this.#config.failMode === 'open') throw new LimitsUnavailableError();
    return respond('limits_unavailable', 'Limits could not be checked; the request was not sent. Retry shortly.', { headers: { 'retry-after': '1' } });
  }

  async #undo(exchange: Exchange, holdings: Holdings): Promise<void> {
    const failures = await giveBack(this.#backend, holdings);
    if (failures.length > 0)
      this.#logger.warn({ requestId: exchange.id, failures: failures.length }, 'limits: could not give back what a refused request took; it expires by TTL');
  }
}

/** Called per stream part: renews the exchange's leases once half their TTL has gone by since the last renewal. */
export function renewIfDue(
  backend: LimitBackend,
  admitted: Pick<Admitted, 'holdings' | 'leaseTtlMs' | 'renewAt'>,
  at: number,
  onError: (err: unknown) => void,
): void {
  if (at < admitted.renewAt) return;
  admitted.renewAt = at + admitted.leaseTtlMs / 2;
  for (const lease of admitted.holdings.leases) backend.renew(lease.key, lease.leaseId, admitted.leaseTtlMs).catch(onError);
}

function refusalMessage(reason: string): string {
  switch (reason) {
    case 'budget_exhausted':
      return 'A cost budget for this caller, team or model is used up for the current period. Retry after the period ends.';
    case 'rate_limited_tokens':
      return 'Tokens-per-minute limit reached (or this request alone needs more tokens than it allows). Retry after the time in Retry-After.';
    case 'rate_limited_requests':
      return 'Requests-per-minute limit reached. Retry after the time in Retry-After.';
    default:
      return 'Too many requests are in flight for this caller, team or model. Retry after the time in Retry-After.';
  }
}
