import type { ChatResult, EmbeddingsResult } from './chat-types.js';
import type { Exchange, ExchangeOutcome } from './exchange.js';
import type { ReasonCode } from './reason-codes.js';
import type { StreamPart } from './stream-parts.js';

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
  | { operation: 'embeddings'; body: EmbeddingsResult };

/**
 * A pipeline stage. Built once per configuration version by its factory (`createXStage(config)`),
 * it holds long-lived state; per-request state lives on the Exchange.
 *
 * - `onRequest` runs in pipeline order, before routing.
 * - `onResponse` runs in reverse order on a complete (non-streamed) result.
 * - `transformStream` wraps the stream of parts in reverse order. To refuse mid-stream it throws a
 *   GatewayError; the server ends the stream with an in-band error event and records the reason.
 *
 * The runner owns ordering, timing, shadow mode, fail-open and the decision trace.
 */
export interface Stage {
  readonly name: string;
  /** false: shadow mode, verdicts are recorded but never enforced. */
  readonly enforce: boolean;
  /** true: an exception in this stage is recorded and the exchange continues. Default is fail closed. */
  readonly failOpen: boolean;
  onRequest?(exchange: Exchange): Verdict | Promise<Verdict>;
  onResponse?(exchange: Exchange, response: ResponseBody): Verdict | Promise<Verdict>;
  transformStream?(exchange: Exchange, parts: AsyncIterable<StreamPart>): AsyncIterable<StreamPart>;
  /**
   * Called once when the exchange has ended, however it ended (answered, refused by any stage, failed,
   * client gone), before its record is written. Synchronous: fire off async work (settling a budget)
   * and handle its errors there. Only stages whose onRequest ran (continued or refused) are told.
   */
  onComplete?(exchange: Exchange, outcome: ExchangeOutcome): void;
}

/** The one terminal stage: sends the exchange upstream. Throws ProviderError or GatewayError. */
export interface Router {
  readonly name: 'route';
  generate(exchange: Exchange): Promise<ChatResult>;
  stream(exchange: Exchange): AsyncIterable<StreamPart>;
  embed(exchange: Exchange): Promise<EmbeddingsResult>;
}

export const CONTINUE: Continue = Object.freeze({ action: 'continue' });

/** Shorthand for a refusal verdict. */
export function respond(reason: ReasonCode, message: string, extra: Omit<Respond, 'action' | 'reason' | 'message'> = {}): Respond {
  return { action: 'respond', reason, message, ...extra };
}
