import { Pool, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../../core/errors.js';
import { ProviderError, errorFromStatus } from '../errors.js';
import { readSseBatches, type SseEvent } from './sse.js';

export interface UpstreamClientOptions {
  providerId: string;
  /** Origin plus optional base path, e.g. https://api.openai.com/v1 */
  baseUrl: string;
  /** Non-streaming: the whole exchange. Streaming: time to response headers. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Streaming: longest silence between two chunks. */
  streamIdleTimeoutMs: number;
  /** Static headers sent on every call (auth, version). Never logged. */
  headers: Record<string, string>;
  /** Cap on a non-streamed upstream body, bytes. */
  maxBodyBytes?: number;
  connections?: number;
}

interface Call {
  signal: AbortSignal;
  requestId: string;
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

/**
 * One keep-alive connection pool per upstream origin, with timeouts and cancellation.
 * Every failure leaves this module as a classified ProviderError; an abort by the caller
 * rethrows the caller's abort reason so the gateway can tell a client disconnect from an upstream fault.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 256,
      pipelining: 1,
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.streamIdleTimeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  /**
   * POST a JSON body and return the parsed JSON answer of a 2xx response. The pool's headersTimeout
   * (timeoutMs) bounds the wait for the answer and its bodyTimeout the silences while reading it, so
   * the hot path needs no timer or extra AbortController of its own.
   */
  async postJson(path: string, body: unknown, call: Call, extraHeaders?: Record<string, string>): Promise<unknown> {
    try {
      const res = await this.send(path, body, call.signal, call.requestId, extraHeaders);
      const text = await readCapped(res.body, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY, this.options.providerId);
      if (res.statusCode < 200 || res.statusCode > 299) throw statusError(this.options.providerId, res, text);
      return parseJson(text, this.options.providerId);
    } catch (err) {
      throw this.classify(err, call.signal, undefined);
    }
  }

  /** GET a JSON document (model listings). */
  async getJson(path: string, call: Call): Promise<unknown> {
    const deadline = withDeadline(call.signal, this.options.timeoutMs);
    try {
      const res = await this.pool.request({
        method: 'GET',
        path: this.basePath + path,
        headers: { ...this.options.headers, 'x-request-id': call.requestId },
        signal: deadline.signal,
      });
      const text = await readCapped(res.body, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY, this.options.providerId);
      if (res.statusCode < 200 || res.statusCode > 299) throw statusError(this.options.providerId, res, text);
      return parseJson(text, this.options.providerId);
    } catch (err) {
      throw this.classify(err, call.signal, deadline.signal);
    } finally {
      deadline.clear();
    }
  }

  /**
   * POST a JSON body and yield the server-sent events of a 2xx `text/event-stream` answer, a batch per read.
   * Status errors are thrown before the first event, so the gateway can still answer with a real status.
   */
  async *postSse(path: string, body: unknown, call: Call, extraHeaders?: Record<string, string>): AsyncGenerator<SseEvent[]> {
    let res: Dispatcher.ResponseData;
    try {
      res = await this.send(path, body, call.signal, call.requestId, { accept: 'text/event-stream', ...extraHeaders });
    } catch (err) {
      throw this.classify(err, call.signal, undefined);
    }
    if (res.statusCode < 200 || res.statusCode > 299) {
      let text = '';
      try {
        text = await readCapped(res.body, 1024 * 1024, this.options.providerId);
      } catch {
        // the status alone classifies the failure
      }
      throw statusError(this.options.providerId, res, text);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    if (!contentType.includes('text/event-stream')) {
      discard(res.body);
      throw new ProviderError('upstream_bad_response', `${this.options.providerId} answered a stream request with ${contentType || 'no content type'}`);
    }
    try {
      yield* readSseBatches(res.body, this.options.providerId);
    } catch (err) {
      throw this.classify(err, call.signal, undefined);
    } finally {
      discard(res.body);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private send(path: string, body: unknown, signal: AbortSignal, requestId: string, extraHeaders?: Record<string, string>): Promise<Dispatcher.ResponseData> {
    return this.pool.request({
      method: 'POST',
      path: this.basePath + path,
      headers: { ...this.options.headers, 'content-type': 'application/json', 'x-request-id': requestId, ...extraHeaders },
      body: serialise(body),
      signal,
    });
  }

  private classify(err: unknown, callerSignal: AbortSignal, deadlineSignal: AbortSignal | undefined): unknown {
    if (err instanceof ProviderError || err instanceof GatewayError) return err;
    const id = this.options.providerId;
    if (callerSignal.aborted) return callerSignal.reason ?? err;
    if (deadlineSignal?.aborted) return new ProviderError('upstream_timeout', `${id} did not answer within ${this.options.timeoutMs} ms`, { cause: err });
    if (err instanceof undiciErrors.HeadersTimeoutError)
      return new ProviderError('upstream_timeout', `${id} sent no response headers within ${this.options.timeoutMs} ms`, { cause: err });
    if (err instanceof undiciErrors.BodyTimeoutError)
      return new ProviderError('upstream_timeout', `${id} went silent for ${this.options.streamIdleTimeoutMs} ms`, { cause: err });
    if (err instanceof undiciErrors.ConnectTimeoutError)
      return new ProviderError('upstream_timeout', `${id} connect timed out after ${this.options.connectTimeoutMs} ms`, { cause: err });
    const code = (err as { code?: string } | null)?.code ?? '';
    return new ProviderError('upstream_unreachable', `${id} unreachable (${code || (err as Error)?.name || 'error'})`, { cause: err });
  }
}

/**
 * Stops reading a body we no longer want, which cancels the request if it is unfinished. Destroying an
 * unfinished undici body emits an abort error; nobody listens for it any more, so it would be uncaught.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  if (body.destroyed) return;
  body.on('error', ignoreError);
  body.destroy();
}

function ignoreError(): void {}

function statusError(providerId: string, res: Dispatcher.ResponseData, text: string): ProviderError {
  const retryAfter = res.headers['retry-after'];
  return errorFromStatus(providerId, res.statusCode, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, upstreamMessage(text));
}

/** Best effort: the `error.message` of an OpenAI- or Anthropic-style error body. */
function upstreamMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'object' ? parsed.error?.message : parsed.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** JSON for the upstream. Input nested too deeply for JSON.stringify is the client's fault, not the upstream's. */
function serialise(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (err) {
    throw new GatewayError('invalid_request', 'The request is nested too deeply to forward.', { cause: err });
  }
}

function parseJson(text: string, providerId: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ProviderError('upstream_bad_response', `${providerId} answered with malformed JSON`, { cause: err });
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, providerId: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      discard(body);
      throw new ProviderError('upstream_bad_response', `${providerId} answered with more than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** A signal that aborts when the caller's does or when `ms` pass; `clear` releases the timer. */
function withDeadline(callerSignal: AbortSignal, ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) controller.abort(callerSignal.reason);
  else callerSignal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error('deadline')), ms);
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onAbort);
    },
  };
}
