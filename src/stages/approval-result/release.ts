import type { ChatRequest, EmbeddingsRequest } from '../../core/chat-types.js';
import { ClientClosedError, GatewayError } from '../../core/errors.js';
import type { Exchange, ExchangeOutcome } from '../../core/exchange.js';
import type { PipelineOutcome } from '../../core/pipeline.js';
import { carryFindings } from '../../guardrails/findings-log.js';

/** Runs an exchange through the stage list and the router (the pipeline's own `run`). */
export type HeldRunner = (exchange: Exchange) => Promise<PipelineOutcome>;

/** What an input guardrail held (src/stages/input-guardrails/hold-request.ts stores it so). */
interface HeldRequest {
  operation: 'chat' | 'embeddings';
  body: ChatRequest | EmbeddingsRequest;
}

/**
 * Runs a released request once, inside the result exchange: the same stage list as any request (the
 * identity is authenticated and authorized again, limits count it, the output guardrails read the answer),
 * marked released so the require_approval policy that held it lets it pass. A held stream runs as a plain
 * completion: the client is fetching a result, not opening a stream. The inner run's steps join the
 * result exchange's trace and its model, usage and cost become that record's, so the release leaves one
 * record that says what was called. A refusal on the way (a block, a limit, an upstream failure) is the
 * result exchange's refusal; the approval is used either way (it released the request once).
 */
export async function runReleased(run: HeldRunner, exchange: Exchange, approvalId: string, content: string): Promise<Record<string, unknown>> {
  const held = JSON.parse(content) as HeldRequest;
  const inner = innerExchange(exchange, approvalId, held);
  let outcome: PipelineOutcome;
  try {
    outcome = await run(inner);
  } finally {
    exchange.trace.push(...inner.trace);
    exchange.target = inner.target;
    exchange.plan = inner.plan;
    exchange.usage = inner.usage;
    exchange.costMicroUsd = inner.costMicroUsd;
    carryFindings(inner, exchange);
  }
  inner.completer?.complete(inner, endOf(outcome));
  if (outcome.kind === 'result') return outcome.response.body as unknown as Record<string, unknown>;
  if (outcome.kind === 'refused')
    throw new GatewayError(outcome.reason, outcome.message, {
      param: outcome.param,
      status: outcome.status,
      ...(outcome.headers ? { headers: outcome.headers } : {}),
    });
  throw new ClientClosedError();
}

function innerExchange(exchange: Exchange, approvalId: string, held: HeldRequest): Exchange {
  const request =
    held.operation === 'chat'
      ? { operation: 'chat' as const, body: plainCompletion(held.body as ChatRequest) }
      : { operation: 'embeddings' as const, body: held.body as EmbeddingsRequest };
  return {
    ...exchange,
    request,
    streamed: false,
    endUser: typeof held.body.user === 'string' && held.body.user !== '' ? held.body.user.slice(0, 256) : null,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    state: new Map(),
    releasedBy: approvalId,
  };
}

/** The held body without its stream options: the release answers with one completion. */
function plainCompletion(body: ChatRequest): ChatRequest {
  const { stream: _stream, stream_options: _options, ...plain } = body;
  return plain as ChatRequest;
}

function endOf(outcome: PipelineOutcome): ExchangeOutcome {
  if (outcome.kind === 'refused') return { status: outcome.status, reason: outcome.reason, outcome: outcome.status >= 500 ? 'error' : 'refused' };
  if (outcome.kind === 'client_closed') return { status: 499, reason: 'client_closed_request', outcome: 'client_closed' };
  return { status: 200, reason: 'ok', outcome: 'ok' };
}
