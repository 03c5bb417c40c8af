import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { pushTrace } from '../../core/pipeline.js';
import type { ControlView } from '../../control/state.js';
import type { Logger } from '../../log/logger.js';
import type { Provider } from '../../providers/contract.js';
import { ProviderError } from '../../core/provider-error.js';
import { backoffMs, retryAfterMs } from '../../routing/backoff.js';
import { orderDeployments } from '../../routing/balance.js';
import type { DeploymentHealth } from '../../routing/health.js';
import type { Deployment, ModelEntry, RoutingPolicy } from '../../routing/model-registry.js';
import { targetOf } from '../../routing/plan.js';

export interface WalkDeps {
  providers: ReadonlyMap<string, Provider>;
  models: ReadonlyMap<string, ModelEntry>;
  controls: ControlView;
  health: DeploymentHealth;
  logger: Logger;
  random?: () => number;
}

/** One upstream call: the deployment, and a signal that aborts on client disconnect or attempt timeout. */
export interface Attempt {
  provider: Provider;
  deployment: Deployment;
  signal: AbortSignal;
}

/** How a walk ended: a deployment served, or nothing could and the model's safe-mode text applies. */
export type WalkResult<T> = { kind: 'served'; value: T } | { kind: 'safe_mode'; text: string };

/**
 * Walks the exchange's route plan: the groups in order (the requested model's version, then its fallback
 * models), each group's deployments in the order its balancer draws, retrying a deployment on retryable
 * failures with full-jitter backoff before moving on. Deployments whose provider an operator stopped,
 * or whose circuit is open, are skipped without a call.
 *
 * Ends at the first success; throws at once on a non-retryable failure (an upstream 4xx concerns the
 * client's request, another deployment would refuse it too) or a client disconnect. An upstream that
 * refuses the gateway's own credentials (401/403) is not retried but counts against its breaker, and the
 * walk moves on: another deployment holds other credentials. When every candidate
 * failed or was skipped: the safe-mode text when `safeMode` allows and the model has one, else 503
 * no_healthy_deployment (traffic_stopped when only kill switches stood in the way), except that when only
 * one deployment could be called (no other, or the others stopped by an operator) the walk ends with that
 * deployment's own failure, as a plain proxy would.
 */
export async function walkPlan<T>(exchange: Exchange, deps: WalkDeps, safeMode: boolean, call: (attempt: Attempt) => Promise<T>): Promise<WalkResult<T>> {
  const plan = exchange.plan;
  const requested = plan && deps.models.get(plan.groups[0]?.model ?? '');
  if (!plan || !requested) throw new GatewayError('internal_error', 'no route plan for the exchange');
  const walk = new PlanWalk(exchange, deps, requested.routing, call);
  for (const group of plan.groups) {
    const step = await walk.group(group);
    if (step === 'out of budget') break;
    if (step !== 'next') return step;
  }
  return walk.nothingServed(requested, safeMode);
}

type RouteGroup = NonNullable<Exchange['plan']>['groups'][number];
type Breaker = RoutingPolicy['circuitBreaker'];
/** Where a walk goes after a group or a deployment: served, on to the next, or out of attempts or time. */
type Step<T> = { kind: 'served'; value: T } | 'next' | 'out of budget';

/** One walk of a plan, and the counts it keeps to say at the end why nothing served. */
class PlanWalk<T> {
  /** Upstream calls made, retries included. */
  attempts = 0;
  /** Distinct deployments called. */
  tried = 0;
  skippedForStops = 0;
  skippedForHealth = 0;
  lastError: unknown;
  readonly #deadline: number;
  readonly #random: () => number;

  constructor(
    readonly exchange: Exchange,
    readonly deps: WalkDeps,
    readonly policy: RoutingPolicy,
    readonly call: (attempt: Attempt) => Promise<T>,
  ) {
    this.#random = deps.random ?? Math.random;
    this.#deadline = performance.now() + policy.totalTimeoutMs;
  }

  /** A group's deployments in the order its balancer draws, skipping those an operator stopped. */
  async group(group: RouteGroup): Promise<Step<T>> {
    const { deps, policy } = this;
    if (deps.controls.stopped('model', group.model)) {
      this.skippedForStops += group.deployments.length;
      return 'next';
    }
    const breaker = deps.models.get(group.model)?.routing.circuitBreaker ?? policy.circuitBreaker;
    for (const deployment of orderDeployments(group.deployments, policy.balance, deps.health.latency, this.#random)) {
      if (deps.controls.stopped('provider', deployment.providerId)) {
        this.skippedForStops++;
        continue;
      }
      const provider = deps.providers.get(deployment.providerId);
      if (!provider) throw new GatewayError('internal_error', `no provider ${deployment.providerId} for deployment ${deployment.id}`);
      const step = await this.#deployment(group.model, deployment, provider, breaker);
      if (step !== 'next') return step;
    }
    return 'next';
  }

  /** Calls one deployment while its breaker admits it, retrying retryable failures after a backoff. */
  async #deployment(model: string, deployment: Deployment, provider: Provider, breaker: Breaker): Promise<Step<T>> {
    for (let retry = 0; retry <= this.policy.retry.maxRetries; retry++) {
      if (this.attempts >= this.policy.maxAttempts || performance.now() >= this.#deadline) return 'out of budget';
      if (this.deps.health.admit(deployment.id, breaker) === 'refused') {
        if (retry === 0) this.skippedForHealth++;
        return 'next';
      }
      this.attempts++;
      if (retry === 0) this.tried++;
      const outcome = await this.#attempt(model, deployment, provider, breaker, retry);
      if (outcome.kind === 'served') return outcome;
      if (outcome.wait === undefined) return 'next';
      if (outcome.wait > 0) await sleep(outcome.wait, undefined, { signal: this.exchange.signal });
    }
    return 'next';
  }

  /** One upstream call under the attempt timeout: served, or failed with the wait before a retry (undefined: move on). */
  async #attempt(
    model: string,
    deployment: Deployment,
    provider: Provider,
    breaker: Breaker,
    retry: number,
  ): Promise<{ kind: 'served'; value: T } | { kind: 'failed'; wait: number | undefined }> {
    const { exchange, deps } = this;
    exchange.target = targetOf(model, deployment);
    const started = performance.now();
    const timer = attemptSignal(exchange.signal, deployment, Math.min(this.policy.attemptTimeoutMs, this.#deadline - started));
    try {
      const value = await this.call({ provider, deployment, signal: timer.signal });
      deps.health.success(deployment.id, performance.now() - started);
      markServed(exchange, deployment, this.attempts);
      return { kind: 'served', value };
    } catch (err) {
      return { kind: 'failed', wait: this.#failed(err, deployment, breaker, retry) };
    } finally {
      timer.clear();
    }
  }

  /**
   * After a failed call: rethrows what no other attempt can fix (a client disconnect, a non-retryable
   * failure); else counts it against the breaker and returns the wait before retrying, or undefined.
   */
  #failed(err: unknown, deployment: Deployment, breaker: Breaker, retry: number): number | undefined {
    const { exchange, deps, policy } = this;
    // The gateway's own credentials refused (401/403): this deployment is misconfigured, not the request.
    // Another deployment (another key, another provider) may serve; retrying this one cannot help.
    const credentialsRefused = err instanceof ProviderError && err.reason === 'upstream_auth_failed';
    if (exchange.signal.aborted || !(err instanceof ProviderError) || (!err.isRetryable && !credentialsRefused)) {
      deps.health.release(deployment.id);
      if (!exchange.signal.aborted) traceAttempt(exchange, this.attempts, deployment, err, 'not retryable');
      markAttempts(exchange, this.attempts);
      throw err;
    }
    this.lastError = err;
    const open = recordFailure(deps, deployment, breaker);
    const wait =
      retry < policy.retry.maxRetries && !open && !credentialsRefused ? waitBeforeRetry(err, policy, retry, this.#deadline, this.#random) : undefined;
    traceAttempt(exchange, this.attempts, deployment, err, wait === undefined ? 'moving on' : 'retrying');
    return wait;
  }

  /** Every candidate failed or was skipped: see walkPlan for which answer applies. */
  nothingServed(requested: ModelEntry, safeMode: boolean): WalkResult<T> {
    const { lastError } = this;
    markAttempts(this.exchange, this.attempts);
    if (this.attempts === 0 && this.skippedForStops > 0 && this.skippedForHealth === 0) {
      throw new GatewayError('traffic_stopped', 'An operator stopped traffic to every deployment that could serve this model.');
    }
    if (safeMode && requested.safeMode) return { kind: 'safe_mode', text: requested.safeMode.text };
    // One usable deployment: its own failure says the most (an upstream 429 keeps its Retry-After). Several,
    // all failed or open: no deployment can serve now, which is what the client is told (each attempt's
    // upstream reason is in the trace); a Retry-After an upstream gave is passed on.
    if (lastError !== undefined && this.tried === 1 && this.skippedForHealth === 0) throw lastError;
    const retryAfter = lastError instanceof ProviderError ? lastError.retryAfter : undefined;
    throw new GatewayError(
      'no_healthy_deployment',
      'No deployment of this model can serve the request now.',
      retryAfter ? { headers: { 'retry-after': retryAfter } } : {},
    );
  }
}

/**
 * The wait before retrying the same deployment, or undefined to move on at once: when the jittered
 * backoff, or an upstream 429's Retry-After, is longer than what is left of the total budget (or a
 * Retry-After exceeds the longest backoff we would ever wait), another deployment is the better bet.
 */
function waitBeforeRetry(err: ProviderError, policy: RoutingPolicy, retry: number, deadline: number, random: () => number): number | undefined {
  const remaining = deadline - performance.now();
  const asked = retryAfterMs(err.retryAfter);
  if (asked !== undefined && asked > Math.min(remaining, policy.retry.maxDelayMs)) return undefined;
  const wait = Math.max(backoffMs(policy.retry, retry, random), asked ?? 0);
  return wait < remaining ? wait : undefined;
}

/** Counts a retryable failure against the deployment's breaker; true when its circuit is now open. */
function recordFailure(deps: WalkDeps, deployment: Deployment, breaker: RoutingPolicy['circuitBreaker']): boolean {
  const before = deps.health.state(deployment.id, breaker);
  deps.health.failure(deployment.id, breaker);
  const open = deps.health.state(deployment.id, breaker) === 'open';
  if (open && before !== 'open') deps.logger.warn({ deploymentId: deployment.id, openMs: breaker.openMs }, 'circuit opened');
  return open;
}

/**
 * The attempt's signal: aborts with the client's reason when the client goes, or with a retryable
 * upstream_timeout (which the provider rethrows as the attempt's failure) when the attempt runs out of time.
 * One controller and a listener rather than AbortSignal.any, which costs ~17 µs a call on Node 20.
 */
function attemptSignal(client: AbortSignal, deployment: Deployment, ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  if (client.aborted) {
    controller.abort(client.reason);
    return { signal: controller.signal, clear: ignore };
  }
  // The client's abort keeps reaching the attempt after `clear`: a served stream still reads from it. The
  // listener lives as long as the exchange's signal, which is this request's alone.
  client.addEventListener('abort', () => controller.abort(client.reason), { once: true });
  const handle = setTimeout(
    () => controller.abort(new ProviderError('upstream_timeout', `${deployment.id} gave no answer within the attempt timeout (${Math.round(ms)} ms)`)),
    Math.max(0, ms),
  );
  return { signal: controller.signal, clear: () => clearTimeout(handle) };
}

function traceAttempt(exchange: Exchange, n: number, deployment: Deployment, err: unknown, what: string): void {
  const reason = err instanceof ProviderError || err instanceof GatewayError ? err.reason : 'internal_error';
  pushTrace(exchange, { stage: 'route', phase: 'route', verdict: 'error', reason, durationUs: 0, note: `attempt ${n} ${deployment.id}: ${what}` });
}

function headersOf(exchange: Exchange): Record<string, string> {
  exchange.responseHeaders ??= {};
  return exchange.responseHeaders;
}

function markServed(exchange: Exchange, deployment: Deployment, attempts: number): void {
  const headers = headersOf(exchange);
  headers['x-gatehouse-deployment'] = deployment.id;
  headers['x-gatehouse-model-version'] = deployment.version;
  markAttempts(exchange, attempts);
}

function markAttempts(exchange: Exchange, attempts: number): void {
  if (attempts > 1) headersOf(exchange)['x-gatehouse-attempts'] = String(attempts);
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts: a provider that
 * ignored its signal still cannot make the gateway hang. The abandoned promise's failure is swallowed.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(ignore);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(ignore);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function ignore(): void {}
