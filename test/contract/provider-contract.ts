import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatRequest } from '../../src/core/chat-types.js';
import type { StreamPart } from '../../src/core/stream-parts.js';
import type { Provider } from '../../src/providers/contract.js';
import { ProviderError } from '../../src/providers/errors.js';
import { closedPort } from '../support/closed-port.js';

/** The `providers.<id>` timeouts; a harness builds its provider with generous defaults unless a case overrides them. */
export interface ProviderTimeouts {
  timeoutMs: number;
  connectTimeoutMs: number;
  streamIdleTimeoutMs: number;
}

/**
 * What a contract case needs the upstream to do next. Each harness says it in its provider's wire format
 * (an OpenAI error body, an Anthropic `error` event, a `#mock` directive).
 */
export type UpstreamBehaviour =
  /** An HTTP error status with the provider's error body carrying `message`, and Retry-After when given. */
  | { kind: 'status'; status: number; message: string; retryAfter?: string }
  /** Plain: a 200 body that is not JSON. Stream: the start and a first text delta, then an event that is not JSON. */
  | { kind: 'malformed-body' }
  /** Stream: a 200 answer with `application/json` instead of an event stream. */
  | { kind: 'not-event-stream' }
  /** Stream: the start and a first text delta, then the provider's own in-stream error (an overload). */
  | { kind: 'error-event' }
  /** Stream: the start and some text, then a clean end without the terminal event. */
  | { kind: 'truncated-stream' }
  /** Stream: the start and a first text delta, then the connection is destroyed. */
  | { kind: 'reset-mid-stream' }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Stream: the start and a first text delta, then silence without end. */
  | { kind: 'stall-after-first-delta' };

/**
 * Cases that may not apply to an adapter. A harness that declares one gives the reason; the suite lists the
 * case as skipped with that reason, so nothing is dropped silently.
 */
export type OptionalCase =
  /** The request id reaches the upstream as `x-request-id`. */
  | 'request-id-forwarded'
  /** Malformed, truncated and in-stream-error answers. */
  | 'malformed-answers'
  /** Connection refused and reset mid-stream. */
  | 'connection-failures'
  /** First-byte and idle timeouts. */
  | 'timeouts'
  /** The fake upstream sees its socket closed when the caller aborts or stops reading. */
  | 'upstream-closed-on-cancel';

/** One adapter's way into the suite. */
export interface ProviderHarness {
  /** The upstream model id sent in every request (Azure: the deployment name). */
  model: string;
  /** Whether the adapter has an embeddings API; when false the contract expects `embed` to be absent. */
  embeddings: boolean;
  notApplicable?: Partial<Record<OptionalCase, string>>;
  /** Starts the adapter's loopback fake upstream (nothing, for an adapter without one). */
  start(): Promise<HarnessUpstream>;
}

export interface HarnessUpstream {
  /** A new provider for this upstream; `origin` (http://host:port) replaces the fake's, `timeouts` the defaults. */
  provider(options?: { origin?: string; timeouts?: Partial<ProviderTimeouts> }): Provider;
  /** Makes the upstream answer the next request so; returns the request to send (it may carry the script). */
  arrange(behaviour: UpstreamBehaviour, request: ChatRequest): ChatRequest;
  /** The upstream's side of the exchanges; absent when there is none (notApplicable says why). */
  observed?: ObservedUpstream;
  close(): Promise<void>;
}

export interface ObservedUpstream {
  /** Requests received so far. */
  readonly received: number;
  /** Resolves with the next request to arrive, before it is answered. */
  nextExchange(): Promise<UpstreamExchange>;
}

export interface UpstreamExchange {
  headers: IncomingHttpHeaders;
  /** 'closed-early' when the provider hung up before the answer was complete. */
  outcome: Promise<'completed' | 'closed-early'>;
}

const TEXT = 'Hello from the provider contract suite, answered in several pieces.';

/** Statuses and the classification the contract promises for each (src/providers/errors.ts). */
const STATUS_CASES: Array<{ status: number; retryAfter?: string; expected: Partial<ProviderError> }> = [
  { status: 400, expected: { reason: 'upstream_rejected_request', isRetryable: false, clientMessage: 'contract: the upstream refuses this request' } },
  { status: 401, expected: { reason: 'upstream_auth_failed', isRetryable: false } },
  { status: 403, expected: { reason: 'upstream_auth_failed', isRetryable: false } },
  { status: 404, expected: { reason: 'upstream_rejected_request', isRetryable: false } },
  { status: 408, expected: { reason: 'upstream_timeout', isRetryable: true } },
  { status: 429, retryAfter: '7', expected: { reason: 'upstream_rate_limited', isRetryable: true, retryAfter: '7' } },
  { status: 500, expected: { reason: 'upstream_error', isRetryable: true } },
  { status: 503, expected: { reason: 'upstream_error', isRetryable: true } },
];

interface Outcome {
  parts: StreamPart[];
  error: unknown;
}

/** Reads a stream to its end or its first error, keeping the parts that came before. */
// biome-ignore lint/suspicious/noConfusingVoidType: a part callback that returns nothing lets the stream go on
async function drain(stream: AsyncIterable<StreamPart>, onPart?: (part: StreamPart) => 'stop' | void): Promise<Outcome> {
  const parts: StreamPart[] = [];
  try {
    for await (const part of stream) {
      parts.push(part);
      if (onPart?.(part) === 'stop') break;
    }
  } catch (error) {
    return { parts, error };
  }
  return { parts, error: undefined };
}

function providerError(error: unknown): ProviderError {
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const types = (parts: StreamPart[]) => parts.map((part) => part.type);
const textOf = (parts: StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

/**
 * The behaviour every provider adapter must show, registered as vitest tests: success (plain and streamed),
 * every failure class mapped to its ProviderError, cancellation and timeouts. The connect timeout is not
 * here: no loopback server can hold a TCP handshake open, so it is left to undici's own tests.
 */
export function runProviderContract(name: string, harness: ProviderHarness): void {
  const applies = (which: OptionalCase) => harness.notApplicable?.[which] === undefined;
  /** A describe block that runs, or one skipped test naming the reason it cannot apply. */
  const optional = (which: OptionalCase, title: string, body: () => void) => {
    const reason = harness.notApplicable?.[which];
    if (reason === undefined) describe(title, body);
    else test.skip(`${title}: not applicable (${reason})`, () => {});
  };

  describe(`${name} provider contract`, () => {
    let upstream: HarnessUpstream;
    let provider: Provider;
    let requestCount = 0;
    const request = (): ChatRequest => ({ model: harness.model, messages: [{ role: 'user', content: TEXT }] });
    const arranged = (behaviour: UpstreamBehaviour) => upstream.arrange(behaviour, request());
    const call = (signal = new AbortController().signal) => ({ signal, requestId: `contract-${++requestCount}` });
    /** The next exchange as the upstream sees it; undefined when the harness has no upstream to watch. */
    const watch = () => (applies('upstream-closed-on-cancel') ? upstream.observed?.nextExchange() : undefined);
    const expectClosedEarly = async (exchange: Promise<UpstreamExchange> | undefined) => {
      if (exchange) expect(await (await exchange).outcome).toBe('closed-early');
    };

    /** Runs `body` with a provider built for one case, closing it afterwards. */
    async function withProvider(options: Parameters<HarnessUpstream['provider']>[0], body: (provider: Provider) => Promise<void>): Promise<void> {
      const special = upstream.provider(options);
      try {
        await body(special);
      } finally {
        await special.close();
      }
    }

    async function generateError(target: Provider, req: ChatRequest): Promise<ProviderError> {
      return providerError(
        await target.generate(req, call()).then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
    }

    async function streamError(target: Provider, req: ChatRequest): Promise<{ parts: StreamPart[]; error: ProviderError }> {
      const { parts, error } = await drain(target.stream(req, call()));
      return { parts, error: providerError(error) };
    }

    beforeAll(async () => {
      upstream = await harness.start();
      provider = upstream.provider();
    });
    afterAll(async () => {
      await provider?.close();
      await upstream?.close();
    });

    describe('success', () => {
      test('generate answers one assistant choice, finish stop, with consistent usage', async () => {
        const result = await provider.generate(request(), call());
        expect(result).toMatchObject({ object: 'chat.completion', id: expect.any(String), model: expect.any(String), created: expect.any(Number) });
        expect(result.choices).toHaveLength(1);
        expect(result.choices[0]).toMatchObject({ index: 0, message: { role: 'assistant', content: TEXT }, finish_reason: 'stop' });
        const usage = result.usage;
        expect(usage?.prompt_tokens).toBeGreaterThan(0);
        expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
      });

      test('stream yields start, text deltas in order, finish stop, then usage last', async () => {
        const { parts, error } = await drain(provider.stream(request(), call()));
        expect(error).toBeUndefined();
        expect(parts[0]).toMatchObject({ type: 'start', id: expect.any(String), model: expect.any(String), created: expect.any(Number) });
        // One or more: HTTP providers merge the deltas that arrive in one read (coalesceDeltas).
        const deltas = parts.slice(1, -2);
        expect(deltas.length).toBeGreaterThan(0);
        expect(deltas.every((part) => part.type === 'text-delta' && part.choice === 0)).toBe(true);
        expect(textOf(parts)).toBe(TEXT);
        expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, finishReason: 'stop' });
        const last = parts.at(-1);
        expect(last?.type).toBe('usage');
        const usage = last?.type === 'usage' ? last.usage : undefined;
        expect(usage?.completion_tokens).toBeGreaterThan(0);
        expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
      });

      if (harness.embeddings) {
        test('embed answers one vector per input, in input order', async () => {
          const result = await provider.embed?.({ model: harness.model, input: ['first', 'second'] }, call());
          expect(result).toMatchObject({ object: 'list' });
          expect(result?.data.map((item) => item.index)).toEqual([0, 1]);
          expect(result?.data[0]?.embedding).not.toEqual(result?.data[1]?.embedding);
        });
      } else {
        test('has no embeddings API: embed is absent', () => {
          expect(provider.embed).toBeUndefined();
        });
      }
    });

    optional('request-id-forwarded', 'request id', () => {
      test.each(['generate', 'stream'] as const)('%s forwards the call request id upstream as x-request-id', async (mode) => {
        const exchange = upstream.observed!.nextExchange();
        const thisCall = call();
        if (mode === 'generate') await provider.generate(request(), thisCall);
        else expect((await drain(provider.stream(request(), thisCall))).error).toBeUndefined();
        expect((await exchange).headers['x-request-id']).toBe(thisCall.requestId);
      });
    });

    describe('upstream HTTP status', () => {
      for (const { status, retryAfter, expected } of STATUS_CASES) {
        const behaviour: UpstreamBehaviour = {
          kind: 'status',
          status,
          message: 'contract: the upstream refuses this request',
          ...(retryAfter ? { retryAfter } : {}),
        };
        test(`generate: ${status} -> ${expected.reason}`, async () => {
          expect(await generateError(provider, arranged(behaviour))).toMatchObject({ ...expected, upstreamStatus: status });
        });
        test(`stream: ${status} -> ${expected.reason}, before any part`, async () => {
          const { parts, error } = await streamError(provider, arranged(behaviour));
          expect(parts).toEqual([]);
          expect(error).toMatchObject({ ...expected, upstreamStatus: status });
        });
      }
    });

    optional('malformed-answers', 'malformed answers', () => {
      test('generate: a body that is not JSON -> upstream_bad_response, retryable', async () => {
        expect(await generateError(provider, arranged({ kind: 'malformed-body' }))).toMatchObject({ reason: 'upstream_bad_response', isRetryable: true });
      });

      test('stream: an event that is not JSON -> upstream_bad_response after the parts before it', async () => {
        const { parts, error } = await streamError(provider, arranged({ kind: 'malformed-body' }));
        expect(types(parts)).toEqual(['start', 'text-delta']);
        expect(error.reason).toBe('upstream_bad_response');
      });

      test('stream: a JSON answer to a stream request -> upstream_bad_response, before any part', async () => {
        const { parts, error } = await streamError(provider, arranged({ kind: 'not-event-stream' }));
        expect(parts).toEqual([]);
        expect(error.reason).toBe('upstream_bad_response');
      });

      test('stream: an end without the terminal event -> upstream_bad_response, with no finish part', async () => {
        const { parts, error } = await streamError(provider, arranged({ kind: 'truncated-stream' }));
        expect(parts[0]?.type).toBe('start');
        expect(types(parts)).not.toContain('finish');
        expect(error.reason).toBe('upstream_bad_response');
      });

      test("stream: the upstream's own error event -> upstream_error, retryable, after the parts before it", async () => {
        const { parts, error } = await streamError(provider, arranged({ kind: 'error-event' }));
        expect(types(parts)).toEqual(['start', 'text-delta']);
        expect(error).toMatchObject({ reason: 'upstream_error', isRetryable: true });
      });
    });

    optional('connection-failures', 'connection failures', () => {
      test('connection refused -> upstream_unreachable, retryable, for generate and stream', async () => {
        await withProvider({ origin: `http://127.0.0.1:${await closedPort()}` }, async (refused) => {
          expect(await generateError(refused, request())).toMatchObject({ reason: 'upstream_unreachable', isRetryable: true });
          const { parts, error } = await streamError(refused, request());
          expect(parts).toEqual([]);
          expect(error).toMatchObject({ reason: 'upstream_unreachable', isRetryable: true });
        });
      });

      test('a connection reset mid-stream -> upstream_unreachable, with no finish part', async () => {
        const { parts, error } = await streamError(provider, arranged({ kind: 'reset-mid-stream' }));
        // The reset may overtake bytes written before it, so the parts are a prefix of what was sent.
        expect(['start', 'text-delta'].slice(0, parts.length)).toEqual(types(parts));
        expect(error).toMatchObject({ reason: 'upstream_unreachable', isRetryable: true });
      });
    });

    describe('cancellation', () => {
      const clientGone = () => new Error('contract: the client went away');

      test('generate: an abort while the upstream holds the request rejects with the abort reason', async () => {
        const req = arranged({ kind: 'hang' });
        const exchange = watch();
        const controller = new AbortController();
        const pending = provider.generate(req, call(controller.signal)).then(
          () => undefined,
          (error: unknown) => error,
        );
        await exchange;
        const reason = clientGone();
        controller.abort(reason);
        expect(await pending).toBe(reason);
        await expectClosedEarly(exchange);
      });

      test('stream: an abort before the first part rejects with the abort reason', async () => {
        const req = arranged({ kind: 'hang' });
        const exchange = watch();
        const controller = new AbortController();
        const first = provider
          .stream(req, call(controller.signal))
          [Symbol.asyncIterator]()
          .next()
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        await exchange;
        const reason = clientGone();
        controller.abort(reason);
        expect(await first).toBe(reason);
        await expectClosedEarly(exchange);
      });

      test('stream: an abort mid-stream rejects with the abort reason and yields nothing more', async () => {
        const req = arranged({ kind: 'stall-after-first-delta' });
        const exchange = watch();
        const controller = new AbortController();
        const reason = clientGone();
        const { parts, error } = await drain(provider.stream(req, call(controller.signal)), (part) => {
          if (part.type === 'text-delta') controller.abort(reason);
        });
        expect(error).toBe(reason);
        expect(types(parts)).toEqual(['start', 'text-delta']);
        await expectClosedEarly(exchange);
      });

      test('an already aborted signal rejects with its reason before any upstream request', async () => {
        const before = upstream.observed?.received;
        const reason = clientGone();
        expect(
          await provider.generate(request(), call(AbortSignal.abort(reason))).then(
            () => undefined,
            (error: unknown) => error,
          ),
        ).toBe(reason);
        expect((await drain(provider.stream(request(), call(AbortSignal.abort(reason))))).error).toBe(reason);
        expect(upstream.observed?.received).toBe(before);
      });

      optional('upstream-closed-on-cancel', 'stopping early', () => {
        test('stream: a consumer that stops reading (break) closes the upstream request', async () => {
          const req = arranged({ kind: 'stall-after-first-delta' });
          const exchange = watch();
          const { parts } = await drain(provider.stream(req, call()), (part) => (part.type === 'text-delta' ? 'stop' : undefined));
          expect(types(parts)).toEqual(['start', 'text-delta']);
          await expectClosedEarly(exchange);
        });
      });
    });

    optional('timeouts', 'timeouts', () => {
      const short = { timeoutMs: 200, streamIdleTimeoutMs: 200 };

      test('generate: no answer within timeoutMs -> upstream_timeout, retryable, and the upstream request is closed', async () => {
        await withProvider({ timeouts: short }, async (quick) => {
          const req = arranged({ kind: 'hang' });
          const exchange = watch();
          expect(await generateError(quick, req)).toMatchObject({ reason: 'upstream_timeout', isRetryable: true });
          await expectClosedEarly(exchange);
        });
      });

      test('stream: no first byte within timeoutMs -> upstream_timeout, before any part', async () => {
        await withProvider({ timeouts: short }, async (quick) => {
          const { parts, error } = await streamError(quick, arranged({ kind: 'hang' }));
          expect(parts).toEqual([]);
          expect(error).toMatchObject({ reason: 'upstream_timeout', isRetryable: true });
        });
      });

      test('stream: silence longer than streamIdleTimeoutMs -> upstream_timeout after the parts read, and the upstream request is closed', async () => {
        await withProvider({ timeouts: { streamIdleTimeoutMs: 200 } }, async (quick) => {
          const req = arranged({ kind: 'stall-after-first-delta' });
          const exchange = watch();
          const { parts, error } = await streamError(quick, req);
          expect(types(parts)).toEqual(['start', 'text-delta']);
          expect(error).toMatchObject({ reason: 'upstream_timeout', isRetryable: true });
          await expectClosedEarly(exchange);
        });
      });
    });
  });
}
