import type { ContentPolicy, ContentResponse } from '../../audit/content-policy.js';
import { MODEL_OPERATIONS, type Exchange, type ExchangeOutcome } from '../../core/exchange.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import type { ExchangeRecord } from '../../core/record.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Logger } from '../../log/logger.js';
import type { ContentRow } from '../../storage/content-repository.js';
import { safeRecord, type RequestLine } from './exchange-record.js';

export type { RequestLine } from './exchange-record.js';

/** Where finished exchanges go: the batching Recorder in production. `record` must not block. */
export interface ExchangeSink {
  record(record: ExchangeRecord, content?: ContentRow): void;
  /** Resolves true once the record is committed; false when it could not be (the answer must not be released). */
  recordDurable(record: ExchangeRecord, content?: ContentRow): Promise<boolean>;
}

export interface RecordStageDeps {
  sink: ExchangeSink;
  logger: Logger;
  /** One log line per exchange (logging.exchanges). */
  logExchanges: boolean;
  /** What is kept of prompts and answers (audit.content); absent or disabled: nothing. */
  content?: ContentPolicy | undefined;
}

/**
 * The last stage of every exchange: it keeps the exchange's content as the data policy says and commits its
 * one record. The edge calls it at the points only the edge knows (the answer is about to leave, a stream's
 * first byte, each part sent, the client gone); what is recorded, and whether an answer may be released,
 * is decided here. Built once per process: the sink and the data policy outlive configuration versions.
 */
export interface RecordStage {
  readonly name: 'record';
  /** When the exchange starts: keeps the request as the client sent it, before stages rewrite it. */
  begin(exchange: Exchange): void;
  /** Every part a stream sends the client, so the answer is kept as it was seen. */
  streamPart(exchange: Exchange, part: StreamPart): void;
  /**
   * Records the exchange and resolves once the record is committed: the answer is released only then.
   * False when the answer must be withheld: the record could not be written (the store is down past its
   * retries), or the content the data policy says to keep could not be sealed. In that second case the
   * record is still committed, saying the answer was withheld (503 `audit_unavailable`, or an interrupted
   * stream) and why; a refusal is released as decided, since it carries no content.
   */
  commit(exchange: Exchange, line: RequestLine, outcome: ExchangeOutcome, response?: ContentResponse): Promise<boolean>;
  /** The durable start of a stream, written before its first byte; its final record replaces it. */
  commitStreamStart(exchange: Exchange, line: RequestLine): Promise<boolean>;
  /**
   * Records the exchange without waiting for the commit: the answer is already out, or the client gone.
   * Content that cannot be sealed is noted, never a reason to drop the record.
   */
  finish(exchange: Exchange, line: RequestLine, outcome: ExchangeOutcome): void;
}

/** Builds the record stage; src/stages/index.ts places it. */
export function createRecordStage(deps: RecordStageDeps): RecordStage {
  return new RecordingStage(deps);
}

class RecordingStage implements RecordStage {
  readonly name = 'record';
  readonly #sink: ExchangeSink;
  readonly #logger: Logger;
  readonly #logExchanges: boolean;
  readonly #content: ContentPolicy | undefined;

  constructor(deps: RecordStageDeps) {
    this.#sink = deps.sink;
    this.#logger = deps.logger;
    this.#logExchanges = deps.logExchanges;
    this.#content = deps.content;
  }

  begin(exchange: Exchange): void {
    this.#contentOf(exchange)?.begin(exchange);
  }

  streamPart(exchange: Exchange, part: StreamPart): void {
    // Only chat streams, so no per-part operation check: content applies.
    this.#content?.streamPart(exchange, part);
  }

  async commit(exchange: Exchange, line: RequestLine, outcome: ExchangeOutcome, response: ContentResponse = null): Promise<boolean> {
    this.#completeOnce(exchange, outcome);
    const record = safeRecord(exchange, line, outcome, this.#logger);
    const content = this.#contentOf(exchange);
    let row: ContentRow | undefined;
    let release = true;
    if (content?.enabled) {
      try {
        row = await withContent(record, exchange, response, content);
      } catch (err) {
        release = !contentNotKept(record, err, this.#logger, outcome.outcome === 'ok', exchange.firstByteAt !== null);
      }
    }
    const durable = await this.#sink.recordDurable(record, row);
    this.#log(record);
    if (!durable) this.#logger.error({ requestId: record.id }, 'exchange record could not be committed: answer withheld');
    return durable && release;
  }

  commitStreamStart(exchange: Exchange, line: RequestLine): Promise<boolean> {
    return this.#sink.recordDurable(safeRecord(exchange, line, STREAM_STARTED, this.#logger));
  }

  finish(exchange: Exchange, line: RequestLine, outcome: ExchangeOutcome): void {
    this.#completeOnce(exchange, outcome);
    const record = safeRecord(exchange, line, outcome, this.#logger);
    this.#log(record);
    const content = this.#contentOf(exchange);
    if (!content?.enabled) {
      this.#sink.record(record);
      return;
    }
    void withContent(record, exchange, null, content).then(
      (row) => this.#sink.record(record, row),
      (err: unknown) => {
        contentNotKept(record, err, this.#logger, false);
        this.#sink.record(record);
      },
    );
  }

  /** Scans and listings keep no content: the record says who asked what of the gateway, not the scanned text. */
  #contentOf(exchange: Exchange): ContentPolicy | undefined {
    return MODEL_OPERATIONS.has(exchange.request.operation) ? this.#content : undefined;
  }

  /** Tells the pipeline the exchange ended; a failure there is traced and never costs the record. */
  #completeOnce(exchange: Exchange, outcome: ExchangeOutcome): void {
    try {
      exchange.completer?.complete(exchange, outcome);
    } catch (err) {
      this.#logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name } }, 'exchange completion failed');
      exchange.trace.push({
        stage: 'complete',
        phase: 'response',
        verdict: 'error',
        reason: 'stage_failed',
        durationUs: 0,
        note: `complete: ${(err as Error)?.name ?? 'Error'}`,
      });
    }
  }

  #log(record: ExchangeRecord): void {
    if (!this.#logExchanges) return;
    this.#logger.info(
      {
        requestId: record.id,
        op: record.operation,
        model: record.modelRequested,
        provider: record.providerId,
        status: record.status,
        reason: record.reason,
        outcome: record.outcome,
        latencyMs: record.latencyMs,
        streamed: record.streamed,
      },
      'exchange',
    );
  }
}

const STREAM_STARTED: ExchangeOutcome = Object.freeze({ status: 200, reason: 'ok', outcome: 'in_progress' });

/** Fills the record's content facts from the data policy; returns the encrypted row to store, if any. */
async function withContent(record: ExchangeRecord, exchange: Exchange, response: ContentResponse, content: ContentPolicy): Promise<ContentRow | undefined> {
  const captured = await content.capture(exchange, response);
  if (!captured) return undefined;
  record.contentMode = captured.mode;
  record.contentDigest = captured.digest;
  return captured.row;
}

/**
 * Content the data policy says to keep could not be sealed (the store could not give a subject key, or a
 * value JSON cannot carry). The record says so in its trace and keeps no digest. When an answer was about
 * to be released, fail closed: the record becomes the withheld answer's (503 `audit_unavailable`, or
 * `interrupted` for a stream whose headers are out), naming what was decided. Returns true when withheld.
 */
function contentNotKept(record: ExchangeRecord, err: unknown, logger: Logger, withhold: boolean, headersSent = false): boolean {
  const name = err instanceof Error ? err.name : 'Error';
  logger.error({ requestId: record.id, err: { name } }, 'exchange content could not be sealed');
  record.contentMode = null;
  record.contentDigest = null;
  const decided = `${record.status} ${record.reason}`;
  if (withhold) {
    record.status = headersSent ? record.status : 503;
    record.reason = 'audit_unavailable';
    record.outcome = headersSent ? 'interrupted' : 'error';
  }
  record.trace = [
    ...record.trace,
    {
      stage: 'audit',
      phase: 'response',
      verdict: 'error',
      reason: 'audit_unavailable',
      durationUs: 0,
      note: `content not kept (${name}); ${withhold ? 'answer withheld, decided' : 'released as'} ${decided}`,
    },
  ];
  return withhold;
}

/** A refusal's record outcome: a 4xx is the client's or a policy's doing, even when the upstream said it; 5xx and upstream 429 are faults. */
export function refusedOutcome(reason: ReasonCode, status: number): ExchangeOutcome {
  return { status, reason, outcome: status >= 500 || reason === 'upstream_rate_limited' ? 'error' : 'refused' };
}

const OK: ExchangeOutcome = Object.freeze({ status: 200, reason: 'ok', outcome: 'ok' });
const SAFE_MODE: ExchangeOutcome = Object.freeze({ status: 200, reason: 'safe_mode_response', outcome: 'ok' });

/** A 200 is `ok`, or `safe_mode_response` when the router answered with the model's safe-mode text. */
export function answeredOutcome(exchange: Exchange): ExchangeOutcome {
  return exchange.safeMode === true ? SAFE_MODE : OK;
}

/** A stream ended after its headers were sent: its in-band error event carries this reason. */
export function interruptedOutcome(reason: ReasonCode): ExchangeOutcome {
  return { status: 200, reason, outcome: 'interrupted' };
}

/** The client went away before the answer was finished. */
export const CLIENT_CLOSED: ExchangeOutcome = Object.freeze({ status: 499, reason: 'client_closed_request', outcome: 'client_closed' });
