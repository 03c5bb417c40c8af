import type { ChatResult, EmbeddingsResult } from './chat-types.js';
import type { Exchange, ExchangeOutcome, LocalOperation, Operation } from './exchange.js';
import type { ReasonCode } from './reason-codes.js';
import type { StreamPart } from './stream-parts.js';
import type { ApprovalRef } from './errors.js';

/** Let the exchange go on. */
export interface Continue {
  action: 'continue';
  policyId?: string;
  note?: string;
}

/** Stop here and answer the client with a catalogued reason (a local reply, in Envoy's terms). */
export interface Respond {
  action: 'respond';
  reason: ReasonCode;
  /** Safe to show the client: no secrets, no prompt content, no internal error text. */
  message: string;
  /** Defaults to the catalogue's status for `reason`. */
  status?: number;
  param?: string | null;
  policyId?: string;
  headers?: Record<string, string>;
  /** approval_required: the approval that holds the answer, named in the error body. */
  approval?: ApprovalRef;
}

/** Wait (for an approval, say); `resume` settles to the verdict that then applies. */
export interface Hold {
  action: 'hold';
  reason: ReasonCode;
  policyId?: string;
  resume: Promise<Continue | Respond>;
}

export type Verdict = Continue | Respond | Hold;

export type ResponseBody =
  | { operation: 'chat'; body: ChatResult }
  | { operation: 'embeddings'; body: EmbeddingsResult }
  | { operation: LocalOperation; body: Record<string, unknown> };

/**
 * What a stream transform tells the runner about its work, for the one trace entry the runner writes per
 * stage per stream. A refusal is thrown (GatewayError); a shadow verdict is reported here and the stream
 * goes on.
 */
export interface StreamReport {
  /** Time spent on the stage's own work (not waiting for parts), microseconds. */
  durationUs: number;
  policyId?: string | undefined;
  note?: string | undefined;
  /** Set by a stage in shadow mode whose enforced self would have ended the stream. */
  shadow?: { reason: ReasonCode; policyId?: string | undefined } | undefined;
}

/**
 * A pipeline stage. Built once per configuration version by its factory (`createXStage(config)`),
 * it holds long-lived state; per-request state lives on the Exchange.
 *
 * - `operations` lists the operations the stage applies to; absent, all. The runner skips the stage for
 *   the others and says so in the trace (resolve-model has nothing to do for a scan).
 * - `onRequest` runs in pipeline order, before the terminal (the router, or a local answer).
 * - `onResponse` runs in reverse order on a complete (non-streamed) result.
 * - The stream half, in reverse order, is one of:
 *   - `onStreamPart`: a synchronous check of each part as it passes (a kill switch, a revoked token, a
 *     tool name). It returns undefined to let the part pass, or a verdict. It never rewrites parts.
 *   - `transformStream`: wraps the stream when parts must be held or rewritten (the output guardrails'
 *     hold-back window). To refuse it throws a GatewayError; shadow findings and timing go in `report`.
 *
 * The runner owns ordering, timing, shadow mode, fail-closed and recorded fail-open, and the decision
 * trace (one entry per stage per request phase, one per stage per stream). Stages never trace themselves.
 */
export interface Stage {
  readonly name: string;
  /** false: shadow mode, verdicts are recorded but never enforced. */
  readonly enforce: boolean;
  /** true: an exception in this stage is recorded and the exchange continues. Default is fail closed. */
  readonly failOpen: boolean;
  /** The operations this stage applies to; absent: every operation. */
  readonly operations?: ReadonlySet<Operation>;
  onRequest?(exchange: Exchange): Verdict | Promise<Verdict>;
  onResponse?(exchange: Exchange, response: ResponseBody): Verdict | Promise<Verdict>;
  /**
   * Whether text the upstream wrote into a refusal (an upstream 4xx error message, passed on to help the
   * client) may reach the client: it is output like any answer. False, or a throw, replaces it with the
   * reason code's catalogue summary. Only stages with an `onResponse` that apply to the operation are
   * asked, in reverse order.
   */
  vetUpstreamText?(exchange: Exchange, text: string): boolean | Promise<boolean>;
  /** Per-part check of a stream; undefined lets the part pass. Called only while the stream flows. */
  onStreamPart?(exchange: Exchange, part: StreamPart): Continue | Respond | undefined;
  /** Returns null when the stage has nothing to do for this stream (then it is neither wrapped nor traced). */
  transformStream?(exchange: Exchange, parts: AsyncIterable<StreamPart>, report: StreamReport): AsyncIterable<StreamPart> | null;
  /**
   * Called once when the exchange has ended, however it ended (answered, refused by any stage, failed,
   * client gone), before its record is written; stages in reverse order. Synchronous: fire off async work
   * (settling a budget) and handle its errors there; a throw is traced and the other stages are still told.
   * Every stage with this hook is told, whether or not its onRequest ran (an earlier stage refused, or the
   * stage does not apply to the operation): it looks for its own state on the exchange and returns when
   * there is none.
   */
  onComplete?(exchange: Exchange, outcome: ExchangeOutcome): void;
}

/** The terminal of model operations: sends the exchange upstream. Throws ProviderError or GatewayError. */
export interface Router {
  readonly name: 'route';
  generate(exchange: Exchange): Promise<ChatResult>;
  stream(exchange: Exchange): AsyncIterable<StreamPart>;
  embed(exchange: Exchange): Promise<EmbeddingsResult>;
}

/**
 * The terminal of an operation answered inside the gateway (a scan, the model listing): same stages before
 * it, no upstream. Returns the JSON answer; refuses by throwing a GatewayError.
 */
export interface LocalTerminal {
  readonly name: string;
  answer(exchange: Exchange): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export const CONTINUE: Continue = Object.freeze({ action: 'continue' });

/** Shorthand for a refusal verdict. */
export function respond(reason: ReasonCode, message: string, extra: Omit<Respond, 'action' | 'reason' | 'message'> = {}): Respond {
  return { action: 'respond', reason, message, ...extra };
}
