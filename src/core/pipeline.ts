import { performance } from 'node:perf_hooks';
import type { Exchange, ExchangeOutcome, LocalOperation, Operation, TraceEntry } from './exchange.js';
import { GatewayError, type ApprovalRef } from './errors.js';
import { REASON_CODES, type ReasonCode } from './reason-codes.js';
import type { LocalTerminal, Respond, ResponseBody, Router, Stage, Verdict } from './stage.js';
import { runStreamStages } from './stream-runner.js';
import type { StreamPart } from './stream-parts.js';
import { ProviderError } from './provider-error.js';

const COMPLETED = Symbol('completed');

/** How a pipeline run ended, before anything is written to the client. */
export type PipelineOutcome =
  | {
      kind: 'refused';
      reason: ReasonCode;
      status: number;
      message: string;
      param: string | null;
      headers: Record<string, string> | undefined;
      approval?: ApprovalRef | undefined;
    }
  | { kind: 'client_closed' }
  | { kind: 'result'; response: ResponseBody }
  | { kind: 'stream'; parts: AsyncIterable<StreamPart> };

/** Every operation an exchange can carry: each gets its stage list, built once. */
const OPERATIONS: readonly Operation[] = [
  'chat',
  'embeddings',
  'guard.scan',
  'models.list',
  'models.get',
  'approvals.get',
  'approvals.result',
  'tokens.count',
  'responses.get',
  'mcp.tools/list',
  'mcp.tools/call',
  'mcp.resources/list',
  'mcp.resources/read',
  'mcp.prompts/list',
  'mcp.prompts/get',
];

/** One operation's view of the stage list: the request steps (a skipped stage by name), response and stream stages. */
interface OperationPlan {
  request: ReadonlyArray<Stage | string>;
  response: readonly Stage[];
  stream: readonly Stage[];
}

/**
 * Runs the fixed list of stages around the operation's terminal: request stages in order, the terminal
 * (the router for model operations, a local answer for a scan or the model listing), then response
 * stages (or the stream runner) in reverse. A stage that does not apply to the operation is skipped,
 * and the trace says so. Every step lands in `exchange.trace`. The per-operation lists are built once
 * per configuration version; `run` does no allocation beyond the trace.
 */
export class Pipeline {
  private readonly plans: ReadonlyMap<Operation, OperationPlan>;
  private readonly completeStages: readonly Stage[];

  constructor(
    readonly stages: readonly Stage[],
    private readonly router: Router,
    private readonly local: Partial<Record<LocalOperation, LocalTerminal>> = {},
  ) {
    const plans = new Map<Operation, OperationPlan>();
    for (const operation of OPERATIONS) {
      const applies = (s: Stage): boolean => s.operations === undefined || s.operations.has(operation);
      plans.set(operation, {
        request: stages.filter((s) => s.onRequest).map((s) => (applies(s) ? s : s.name)),
        response: stages.filter((s) => s.onResponse && applies(s)).reverse(),
        stream: stages.filter((s) => (s.onStreamPart || s.transformStream) && applies(s)).reverse(),
      });
    }
    this.plans = plans;
    this.completeStages = stages.filter((s) => s.onComplete).reverse();
  }

  /**
   * Tells every stage with an onComplete hook that the exchange ended (reverse order). Called once per
   * exchange by the record stage (src/stages/record), before the record is built; a throwing hook is noted
   * in the trace and never breaks the others.
   */
  complete(exchange: Exchange, outcome: ExchangeOutcome): void {
    if (exchange.state.has(COMPLETED)) return;
    exchange.state.set(COMPLETED, true);
    for (const stage of this.completeStages) {
      try {
        (stage.onComplete as NonNullable<Stage['onComplete']>).call(stage, exchange, outcome);
      } catch (err) {
        pushTrace(exchange, {
          stage: stage.name,
          phase: 'response',
          verdict: 'error',
          reason: 'stage_failed',
          durationUs: 0,
          note: `onComplete: ${errorName(err)}`,
        });
      }
    }
  }

  /** The stage names an operation runs, in request order, its terminal last: what docs/lifecycle.md draws. */
  describe(operation: Operation = 'chat'): string[] {
    const names = this.stages.filter((s) => s.operations === undefined || s.operations.has(operation)).map((s) => s.name);
    return [...names, isLocal(operation) ? (this.local[operation]?.name ?? '(none)') : this.router.name];
  }

  async run(exchange: Exchange): Promise<PipelineOutcome> {
    exchange.completer = this;
    const operation = exchange.request.operation;
    const plan = this.plans.get(operation);
    // An operation without a plan is a wiring bug: nothing is answered unchecked.
    if (!plan) return refusalFromError(new Error('no plan'), 'internal_error');
    for (const step of plan.request) {
      if (typeof step === 'string') {
        pushTrace(exchange, { stage: step, phase: 'request', verdict: 'continue', durationUs: 0, note: `skipped: not for ${operation}` });
        continue;
      }
      const refused = await runStep(step, 'request', exchange, () => (step.onRequest as NonNullable<Stage['onRequest']>).call(step, exchange));
      if (refused) return refused;
    }
    if (isLocal(operation)) return this.runLocal(exchange, operation, plan);
    if (exchange.streamed && operation === 'chat') return this.runStream(exchange, plan);
    return this.runComplete(exchange, plan);
  }

  private async runComplete(exchange: Exchange, plan: OperationPlan): Promise<PipelineOutcome> {
    const started = performance.now();
    let response: ResponseBody;
    try {
      response =
        exchange.request.operation === 'chat'
          ? { operation: 'chat', body: await this.router.generate(exchange) }
          : { operation: 'embeddings', body: await this.router.embed(exchange) };
    } catch (err) {
      return this.vetRefusal(exchange, routeFailure(exchange, err, started, this.router.name), err);
    }
    exchange.usage = usageOf(response);
    pushTrace(exchange, { stage: this.router.name, phase: 'route', verdict: 'continue', durationUs: micros(started) });
    return this.respondWith(exchange, plan, response);
  }

  private async runLocal(exchange: Exchange, operation: LocalOperation, plan: OperationPlan): Promise<PipelineOutcome> {
    const terminal = this.local[operation];
    const started = performance.now();
    if (!terminal) return routeFailure(exchange, new Error('no terminal'), started, 'terminal');
    let body: Record<string, unknown>;
    try {
      body = await terminal.answer(exchange);
    } catch (err) {
      return routeFailure(exchange, err, started, terminal.name);
    }
    pushTrace(exchange, { stage: terminal.name, phase: 'route', verdict: 'continue', durationUs: micros(started) });
    return this.respondWith(exchange, plan, { operation, body });
  }

  /**
   * A refusal that carries the upstream's own words (an upstream 4xx message) is output: every response
   * stage that vets such text must let it through, else the client gets the catalogue summary instead.
   * The stream path calls this too, for a failure before the first part.
   */
  async vetRefusal(exchange: Exchange, outcome: PipelineOutcome, err: unknown): Promise<PipelineOutcome> {
    if (outcome.kind !== 'refused' || !(err instanceof ProviderError) || err.clientMessage === undefined || outcome.message !== err.clientMessage)
      return outcome;
    const plan = this.plans.get(exchange.request.operation);
    for (const stage of plan?.response ?? []) {
      if (!stage.vetUpstreamText) continue;
      const started = performance.now();
      let shown: boolean;
      try {
        shown = await stage.vetUpstreamText(exchange, outcome.message);
      } catch {
        shown = false;
      }
      if (shown) continue;
      pushTrace(exchange, { stage: stage.name, phase: 'response', verdict: 'continue', durationUs: micros(started), note: 'upstream error message withheld' });
      return { ...outcome, message: REASON_CODES[outcome.reason].summary };
    }
    return outcome;
  }

  private async respondWith(exchange: Exchange, plan: OperationPlan, response: ResponseBody): Promise<PipelineOutcome> {
    for (const stage of plan.response) {
      const refused = await runStep(stage, 'response', exchange, () => (stage.onResponse as NonNullable<Stage['onResponse']>).call(stage, exchange, response));
      if (refused) return refused;
    }
    return { kind: 'result', response };
  }

  private runStream(exchange: Exchange, plan: OperationPlan): PipelineOutcome {
    return { kind: 'stream', parts: runStreamStages(exchange, traceRouterStream(exchange, this.router), plan.stream, pushTrace) };
  }
}

function isLocal(operation: Operation): operation is LocalOperation {
  return operation !== 'chat' && operation !== 'embeddings';
}

async function runStep(
  stage: Stage,
  phase: 'request' | 'response',
  exchange: Exchange,
  call: () => Verdict | Promise<Verdict>,
): Promise<PipelineOutcome | undefined> {
  const started = performance.now();
  let verdict: Verdict;
  try {
    verdict = await call();
    if (verdict.action === 'hold') {
      pushTrace(exchange, { stage: stage.name, phase, verdict: 'hold', reason: verdict.reason, policyId: verdict.policyId, durationUs: micros(started) });
      verdict = await verdict.resume;
    }
  } catch (err) {
    if (stage.failOpen) {
      pushTrace(exchange, { stage: stage.name, phase, verdict: 'fail_open', reason: 'stage_failed', durationUs: micros(started), note: errorName(err) });
      return undefined;
    }
    pushTrace(exchange, { stage: stage.name, phase, verdict: 'error', reason: 'stage_failed', durationUs: micros(started), note: errorName(err) });
    return refusal({ action: 'respond', reason: 'stage_failed', message: REASON_CODES.stage_failed.summary });
  }
  if (verdict.action === 'continue') {
    pushTrace(exchange, { stage: stage.name, phase, verdict: 'continue', policyId: verdict.policyId, note: verdict.note, durationUs: micros(started) });
    return undefined;
  }
  if (!stage.enforce) {
    pushTrace(exchange, { stage: stage.name, phase, verdict: 'shadow', reason: verdict.reason, policyId: verdict.policyId, durationUs: micros(started) });
    return undefined;
  }
  pushTrace(exchange, { stage: stage.name, phase, verdict: 'respond', reason: verdict.reason, policyId: verdict.policyId, durationUs: micros(started) });
  return refusal(verdict);
}

/** Wraps the router's stream so the trace gets the time to first part and how the stream ended. */
async function* traceRouterStream(exchange: Exchange, router: Router): AsyncGenerator<StreamPart> {
  const started = performance.now();
  let first = true;
  try {
    for await (const part of router.stream(exchange)) {
      if (first) {
        first = false;
        pushTrace(exchange, { stage: router.name, phase: 'route', verdict: 'continue', durationUs: micros(started), note: 'first part' });
      }
      if (part.type === 'usage') exchange.usage = part.usage;
      yield part;
    }
  } catch (err) {
    const reason = classify(err);
    pushTrace(exchange, {
      stage: router.name,
      phase: first ? 'route' : 'stream',
      verdict: 'error',
      reason: reason ?? 'client_closed_request',
      durationUs: micros(started),
    });
    throw err;
  }
  pushTrace(exchange, { stage: router.name, phase: 'stream', verdict: 'continue', durationUs: micros(started), note: 'stream complete' });
}

function routeFailure(exchange: Exchange, err: unknown, started: number, stage: string): PipelineOutcome {
  const reason = classify(err);
  if (!reason) {
    pushTrace(exchange, { stage, phase: 'route', verdict: 'error', reason: 'client_closed_request', durationUs: micros(started) });
    return { kind: 'client_closed' };
  }
  pushTrace(exchange, { stage, phase: 'route', verdict: 'respond', reason, durationUs: micros(started) });
  return refusalFromError(err, reason);
}

/** Reason code of a routing failure; undefined when the client went away (an abort, not a fault). */
export function classify(err: unknown): ReasonCode | undefined {
  if (err instanceof ProviderError || err instanceof GatewayError) return err.reason;
  if (isAbort(err)) return undefined;
  return 'internal_error';
}

/** The client-facing refusal for a thrown error. Only catalogued or upstream-4xx text reaches the client. */
export function refusalFromError(err: unknown, reason: ReasonCode): PipelineOutcome {
  const entry = REASON_CODES[reason];
  if (err instanceof GatewayError) {
    return { kind: 'refused', reason, status: err.status, message: err.message, param: err.param, headers: err.headers, approval: err.approval };
  }
  if (err instanceof ProviderError) {
    const headers = err.retryAfter ? { 'retry-after': err.retryAfter } : undefined;
    return { kind: 'refused', reason, status: entry.status, message: err.clientMessage ?? entry.summary, param: null, headers };
  }
  return { kind: 'refused', reason, status: entry.status, message: entry.summary, param: null, headers: undefined };
}

function refusal(verdict: Respond): PipelineOutcome {
  return {
    kind: 'refused',
    reason: verdict.reason,
    status: verdict.status ?? REASON_CODES[verdict.reason].status,
    message: verdict.message,
    param: verdict.param ?? null,
    headers: verdict.headers,
    approval: verdict.approval,
  };
}

function usageOf(response: ResponseBody): Exchange['usage'] {
  if (response.operation === 'chat') return response.body.usage ?? null;
  if (response.operation !== 'embeddings') return null;
  const u = response.body.usage;
  return u ? { prompt_tokens: u.prompt_tokens, completion_tokens: 0, total_tokens: u.total_tokens } : null;
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'ClientClosedError';
}

function errorName(err: unknown): string {
  return (err as { name?: string } | null)?.name ?? 'Error';
}

/** Appends a trace entry, dropping undefined fields so records stay compact. */
export function pushTrace(exchange: Exchange, entry: TraceEntry): void {
  if (entry.policyId === undefined) delete entry.policyId;
  if (entry.reason === undefined) delete entry.reason;
  if (entry.note === undefined) delete entry.note;
  exchange.trace.push(entry);
}

/** Microseconds since a performance.now() reading, rounded. */
export function micros(since: number): number {
  return Math.round((performance.now() - since) * 1000);
}
