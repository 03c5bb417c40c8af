import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../../src/core/record.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { UUID, Violations, checkCompletion, checkErrorAnswer, checkSseAnswer, mapConcurrent } from './answer-invariants.js';
import { SeededRandom, fuzzSeed, randomText } from './seeded-random.js';

/**
 * Upstream fuzz: a raw loopback server stands in for an OpenAI-compatible provider and answers each
 * call with a seeded mutation of a valid answer, at the byte level (split points, CRLF or CR line ends,
 * missing blank lines, garbage JSON, truncated UTF-8, huge lines, early close or reset, odd statuses and
 * content types). The fake OpenAI server writes strings, so it cannot send the invalid bytes this needs.
 *
 * Invariants for every answer the client sees: a well-formed error JSON with an upstream reason code, or
 * a well-formed SSE stream of chunks ending with `data: [DONE]` (possibly after one in-band error event);
 * never a hang; a request id; one record whose status, reason and outcome agree with what the client saw.
 * Oracle: when every mutation of a case is harmless by the SSE spec, the client gets exactly the text.
 *
 * Replay with FUZZ_SEED=<seed printed below>; FUZZ_CASES raises the case count.
 */

const CASES = Number(process.env.FUZZ_CASES ?? 2_000);
const CONCURRENCY = 8;

interface UpstreamPlan {
  status: number;
  contentType: string | undefined;
  /** Written in order; an empty Buffer marks a turn of the event loop (a split point the reader sees). */
  pieces: Buffer[];
  /** Close by destroying the socket (a reset) instead of ending the response. */
  reset: boolean;
}

interface SseCase {
  index: number;
  stream: boolean;
  plan: UpstreamPlan;
  /** Every mutation is harmless by the SSE spec: the client must get `text` exactly, with [DONE]. */
  benign: boolean;
  text: string;
  notes: string[];
}

let upstream: Server;
let gw: TestGateway;
let pool: Pool;
/** Records the gateway writes of itself at start (its configuration version). */
let startRecords = 0;
const plans = new Map<number, UpstreamPlan>();

beforeAll(async () => {
  upstream = createServer(function fuzzUpstream(req, res) {
    serve(req, res).catch(() => res.destroy());
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const { port } = upstream.address() as AddressInfo;
  gw = await startTestGateway({
    providers: { raw: { type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 10_000, streamIdleTimeoutMs: 10_000 } },
    models: { fuzz: { provider: 'raw' } },
    // Each case must be judged on its own answer: no retry of a mutated answer, and no circuit opened by earlier cases.
    routing: { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1000 } },
  });
  pool = new Pool(gw.url, { connections: CONCURRENCY, pipelining: 1 });
  await gw.recorder.flush();
  startRecords = await gw.store.countExchanges();
});

afterAll(async () => {
  await pool?.close();
  await gw?.close();
  upstream?.closeAllConnections();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
});

/** Finds the case in the user message (`case <n>`) and writes its planned bytes. */
async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const index = Number(/case (\d+)/.exec(Buffer.concat(chunks).toString('utf8'))?.[1]);
  const plan = plans.get(index);
  if (!plan) {
    res.writeHead(500).end();
    return;
  }
  const headers: Record<string, string> = { 'cache-control': 'no-cache' };
  if (plan.contentType !== undefined) headers['content-type'] = plan.contentType;
  res.writeHead(plan.status, headers);
  res.flushHeaders();
  for (const piece of plan.pieces) {
    if (res.destroyed) return;
    if (piece.length === 0) await nextTurn();
    else res.write(piece);
  }
  if (plan.reset) res.socket?.destroy();
  else res.end();
}

// ---- case generation -------------------------------------------------------------------------

interface Frames {
  events: string[];
  text: string;
}

/** A valid OpenAI stream: role chunk, content (and sometimes tool-call) chunks, finish, usage. */
function validFrames(rng: SeededRandom, index: number): Frames {
  const ollama = rng.chance(0.1);
  const base = ollama
    ? {}
    : { id: `chatcmpl-${index}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'fuzz-upstream', system_fingerprint: 'fp' };
  const withNullUsage = rng.chance(0.3) ? { usage: null } : {};
  const chunk = (delta: unknown, finish: string | null = null) =>
    JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...withNullUsage });
  const events = [chunk({ role: 'assistant', content: '' })];
  let text = '';
  for (let i = rng.range(0, 12); i > 0; i--) {
    const piece = randomText(rng, rng.range(1, 12));
    text += piece;
    events.push(chunk({ content: piece }));
  }
  if (rng.chance(0.2)) {
    events.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }));
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }));
  }
  events.push(chunk({}, rng.pick(['stop', 'length', 'tool_calls', 'eos'])));
  events.push(JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }));
  return { events: events.map((e) => `data: ${e}\n\n`), text };
}

type Mutation = (rng: SeededRandom, wire: Wire) => void;

const RARE = new Set(['oversized event', 'huge content line']);

/** The answer being built: SSE text until `bytes` takes over for byte-level mutations. */
interface Wire {
  events: string[];
  bytes?: Buffer;
  status: number;
  contentType: string | undefined;
  reset: boolean;
  splits: number[];
}

const BENIGN: Record<string, Mutation> = {
  crlf: (_rng, w) => void (w.events = w.events.map((e) => e.replaceAll('\n', '\r\n'))),
  cr: (_rng, w) => void (w.events = w.events.map((e) => e.replaceAll('\n', '\r'))),
  comments: (rng, w) => void w.events.splice(rng.int(w.events.length), 0, ': keep-alive\n\n'),
  'extra fields': (rng, w) => {
    const i = rng.int(w.events.length - 1);
    w.events[i] = `${rng.pick(['event: message\n', 'id: 7\n', 'retry: 1000\n', 'id\n', 'unknown: x\n'])}${w.events[i]}`;
  },
  'data: without space': (_rng, w) => void (w.events = w.events.map((e) => e.replace(/^data: /, 'data:'))),
  'extra blank lines': (rng, w) => void w.events.splice(rng.int(w.events.length), 0, '\n\n\n'),
  'BOM first': (_rng, w) => void (w.events[0] = `\ufeff${w.events[0]}`),
  'data after [DONE]': (_rng, w) => void w.events.push('data: {"late":true}\n\n', 'data: [DONE]\n\n'),
  'huge content line': (_rng, w) =>
    void w.events.splice(
      1,
      0,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: '' }, finish_reason: null }], pad: 'p'.repeat(1_000_000) })}\n\n`,
    ),
  splits: (rng, w) => {
    for (let i = rng.range(1, 20); i > 0; i--) w.splits.push(rng.next());
  },
};

const HARMFUL: Record<string, Mutation> = {
  'garbage event': (rng, w) =>
    void w.events.splice(
      rng.range(0, w.events.length - 1),
      0,
      `data: ${rng.pick(['{"id": oops}', '{', '}', 'undefined', "{'a':1}", '{"choices":[}', randomText(rng, 20).replace(/[\r\n]/g, ' ')])}\n\n`,
    ),
  'non-object event': (rng, w) =>
    void w.events.splice(rng.range(0, w.events.length - 1), 0, `data: ${rng.pick(['42', 'null', '[]', '"x"', 'true', '[{"choices":[]}]'])}\n\n`),
  'missing blank line': (rng, w) => {
    const i = rng.int(Math.max(1, w.events.length - 2));
    w.events[i] = (w.events[i] as string).replace(/\n\n$/, '\n');
  },
  'in-stream error object': (rng, w) =>
    void w.events.splice(
      rng.range(0, w.events.length - 1),
      0,
      `data: ${JSON.stringify({ error: { message: 'upstream secret detail', type: 'server_error', code: null } })}\n\n`,
    ),
  'wrong choices type': (rng, w) =>
    void w.events.splice(
      rng.range(0, w.events.length - 1),
      0,
      `data: ${rng.pick(['{"choices":{}}', '{"choices":[1]}', '{"choices":"x"}', '{"choices":[{"delta":{"tool_calls":[1]}}]}'])}\n\n`,
    ),
  'no [DONE]': (_rng, w) => void w.events.pop(),
  'oversized event': (_rng, w) => void w.events.splice(1, 0, `data: ${'x'.repeat(9 * 1024 * 1024)}\n\n`),
  'truncate bytes': (rng, w) => {
    const bytes = Buffer.from(w.events.join(''));
    w.bytes = bytes.subarray(0, rng.int(bytes.length));
  },
  'truncate inside a UTF-8 sequence': (_rng, w) => {
    w.events.splice(-1, 1, 'data: {"choices":[{"index":0,"delta":{"content":"\u{1f600}"}}]}\n\n');
    const bytes = Buffer.from(w.events.join(''));
    w.bytes = bytes.subarray(0, bytes.lastIndexOf(0xf0) + 2);
  },
  reset: (rng, w) => {
    w.reset = true;
    if (rng.chance(0.5)) w.events.pop();
  },
  'headers then nothing': (_rng, w) => void (w.events = []),
  status: (rng, w) => void (w.status = rng.pick([400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 201, 204, 302])),
  'content type': (rng, w) =>
    void (w.contentType = rng.pick([undefined, 'application/json', 'text/plain', 'text/html; charset=utf-8', 'application/octet-stream'])),
};

const UNKNOWN: Record<string, Mutation> = {
  'invalid UTF-8 bytes': (rng, w) => {
    const bytes = Buffer.from(w.events.join(''));
    const at = rng.int(bytes.length);
    w.bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(rng.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]])), bytes.subarray(at)]);
  },
  'flip bytes': (rng, w) => {
    const bytes = Buffer.from(w.events.join(''));
    for (let i = rng.range(1, 4); i > 0 && bytes.length > 0; i--) bytes[rng.int(bytes.length)] = rng.int(256);
    w.bytes = bytes;
  },
  'non-finite numbers': (rng, w) => {
    const i = rng.int(Math.max(1, w.events.length - 1));
    w.events[i] = (w.events[i] as string).replace(
      rng.chance(0.5) ? /"created":\d+/ : /"index":\d+/,
      (m) => `${m.split(':')[0]}:${rng.pick(['1e999', '-1e999', '1.5', '-1', '1e400'])}`,
    );
  },
  'odd delta types': (rng, w) => {
    const i = rng.range(1, Math.max(1, w.events.length - 2));
    w.events[i] = (w.events[i] as string).replace(
      /"delta":\{[^}]*\}/,
      `"delta":${rng.pick(['{"content":5}', '{"content":null}', '{"content":["a"]}', 'null', '"x"', '{"refusal":"no"}'])}`,
    );
  },
};

function toPieces(wire: Wire): Buffer[] {
  const bytes = wire.bytes ?? Buffer.from(wire.events.join(''));
  if (wire.splits.length === 0) return [bytes];
  const cuts = [...new Set(wire.splits.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of cuts) {
    pieces.push(bytes.subarray(start, cut), Buffer.alloc(0));
    start = cut;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

function makeCase(rng: SeededRandom, index: number): SseCase {
  const stream = rng.chance(0.9);
  const notes: string[] = [];
  if (!stream) return makeJsonCase(rng, index);
  const frames = validFrames(rng, index);
  const wire: Wire = { events: [...frames.events, 'data: [DONE]\n\n'], status: 200, contentType: 'text/event-stream', reset: false, splits: [] };
  let benign = true;
  const count = rng.chance(0.2) ? 0 : rng.range(1, 3);
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    const table = roll < 0.45 ? BENIGN : roll < 0.85 ? HARMFUL : UNKNOWN;
    let name = rng.pick(Object.keys(table));
    // The multi-megabyte mutations test one fixed limit; a few cases cover it without slowing the run.
    while (RARE.has(name) && rng.chance(0.85)) name = rng.pick(Object.keys(table));
    // A byte-level mutation freezes the events; later event-level ones would be lost, so they stop here.
    if ((wire.bytes && table !== BENIGN) || wire.events.length < 3) break;
    (table[name] as Mutation)(rng, wire);
    notes.push(name);
    if (table !== BENIGN) benign = false;
  }
  return {
    index,
    stream,
    benign,
    text: frames.text,
    notes,
    plan: { status: wire.status, contentType: wire.contentType, pieces: toPieces(wire), reset: wire.reset },
  };
}

/** A non-streamed answer: a chat completion body, whole or mutated. */
function makeJsonCase(rng: SeededRandom, index: number): SseCase {
  const text = randomText(rng, rng.range(0, 40));
  let body = JSON.stringify({
    id: `chatcmpl-${index}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fuzz-upstream',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
  });
  const notes: string[] = ['json'];
  let benign = true;
  let status = 200;
  let reset = false;
  if (rng.chance(0.7)) {
    benign = false;
    const name = rng.pick(['truncate', 'garbage', 'numbers', 'types', 'status', 'reset', 'empty']);
    notes.push(name);
    if (name === 'truncate') body = body.slice(0, rng.int(body.length));
    if (name === 'garbage') body = rng.pick(['<html>oops</html>', '', 'null', '[]', '{"choices":null}', '{"choices":[{"message":null}]}']);
    if (name === 'numbers') body = body.replace(rng.chance(0.5) ? /"created":\d+/ : /"total_tokens":\d+/, (m) => `${m.split(':')[0]}:1e999`);
    if (name === 'types') body = body.replace(/"content":"[^"]*"/, `"content":${rng.pick(['5', '["a"]', '{"a":1}', 'null'])}`);
    if (name === 'status') status = rng.pick([400, 401, 404, 429, 500, 503]);
    if (name === 'reset') reset = true;
    if (name === 'empty') body = '';
  }
  return { index, stream: false, benign, text, notes, plan: { status, contentType: 'application/json', pieces: [Buffer.from(body)], reset } };
}

// ---- the run ----------------------------------------------------------------------------------

describe('upstream SSE fuzz (raw upstream -> openai provider -> gateway)', () => {
  it(`${CASES} mutated upstream answers: the client sees a typed error or a well-formed stream ending in [DONE], and the record agrees`, async () => {
    const seed = fuzzSeed('upstream-sse');
    const started = performance.now();
    const rng = new SeededRandom(seed);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(rng.fork(i), i));
    for (const c of cases) plans.set(c.index, c.plan);
    const violations = new Violations();
    const seen = { ok: 0, interrupted: 0, refused: 0 };
    let answered = 0;
    const expected: Array<{ id: string; label: string; stream: boolean; status: number; reason: string; outcome: ExchangeRecord['outcome'] }> = [];

    await mapConcurrent(cases, CONCURRENCY, async (c) => {
      const label = `#${c.index} ${c.stream ? 'stream' : 'json'} [${c.notes.join('; ') || 'none'}]`;
      let status: number;
      let headers: Record<string, string | string[] | undefined>;
      let text: string;
      try {
        const res = await pool.request({
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'fuzz', stream: c.stream, messages: [{ role: 'user', content: `case ${c.index}` }] }),
          headersTimeout: 20_000,
          bodyTimeout: 20_000,
          signal: AbortSignal.timeout(30_000),
        });
        status = res.statusCode;
        headers = res.headers;
        text = await res.body.text();
      } catch (err) {
        violations.add(`no answer (${(err as Error).name})`, label);
        return;
      }
      answered++;
      const id = headers['x-gatehouse-request-id'];
      if (typeof id !== 'string' || !UUID.test(id)) {
        violations.add('answer without a request id', label);
        return;
      }
      // Records are checked after the run, with one flush, against what this client saw.
      const saw = (status: number, reason: string, outcome: ExchangeRecord['outcome']) =>
        expected.push({ id, label, stream: c.stream, status, reason, outcome });

      if (status !== 200) {
        seen.refused++;
        const checked = checkErrorAnswer(status, headers['x-gatehouse-reason'] as string | undefined, text);
        for (const problem of checked.problems) violations.add(problem, label);
        const code = checked.error?.code;
        if (code && !code.startsWith('upstream_')) violations.add(`an upstream fault answered with ${code}`, label);
        if (text.includes('upstream secret detail')) violations.add('upstream text reached the client', label);
        if (c.benign) violations.add(`a harmless upstream answer was refused (${status} ${code})`, label);
        // An upstream 4xx about the client's request is a refusal; every other upstream failure is an error.
        saw(status, String(code), status < 500 && code !== 'upstream_rate_limited' ? 'refused' : 'error');
        return;
      }
      const contentType = String(headers['content-type'] ?? '');
      if (!c.stream) {
        let body: Record<string, any> | undefined;
        try {
          body = JSON.parse(text) as Record<string, any>;
        } catch {
          violations.add('a 200 completion that is not JSON', label);
        }
        if (body) for (const problem of checkCompletion(body)) violations.add(problem, label);
        if (body && c.benign && body.choices?.[0]?.message?.content !== c.text) violations.add('a harmless completion lost its text', label);
        saw(200, 'ok', 'ok');
        seen.ok++;
        return;
      }
      if (!contentType.startsWith('text/event-stream')) violations.add(`a 200 stream with content type ${contentType}`, label);
      const sse = checkSseAnswer(text);
      for (const problem of sse.problems) violations.add(problem, label);
      if (text.includes('upstream secret detail')) violations.add('upstream text reached the client', label);
      if (sse.error) {
        seen.interrupted++;
        if (sse.error.code !== 'stream_interrupted') violations.add(`in-band error code ${sse.error.code}`, label);
        if (c.benign) violations.add('a harmless stream was interrupted', label);
        saw(200, sse.error.code, 'interrupted');
      } else {
        seen.ok++;
        if (c.benign && sse.text !== c.text)
          violations.add(
            'a harmless stream lost or changed text',
            `${label}: ${JSON.stringify(sse.text.slice(0, 80))} vs ${JSON.stringify(c.text.slice(0, 80))}`,
          );
        saw(200, 'ok', 'ok');
      }
    });

    const health = await pool.request({ method: 'GET', path: '/healthz' });
    await health.body.text();
    expect(health.statusCode).toBe(200);
    await gw.recorder.flush();
    for (const want of expected) {
      const record = await gw.store.getExchange(want.id);
      if (!record) violations.add('answer without a record', want.label);
      else if (record.status !== want.status || record.reason !== want.reason || record.outcome !== want.outcome || record.streamed !== want.stream) {
        violations.add(
          `record ${record.status} ${record.reason} ${record.outcome} for an answer seen as ${want.status} ${want.reason} ${want.outcome}`,
          want.label,
        );
      }
    }
    // Minus what the gateway records of itself at start (its configuration version, an admin record).
    const recorded = (await gw.store.countExchanges()) - startRecords;
    if (recorded !== answered) violations.add(`store holds ${recorded} records for ${answered} answers`, `seed ${seed}`);

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `[fuzz] upstream-sse seed=${seed} (FUZZ_SEED to replay) cases=${CASES} in ${seconds}s; ok=${seen.ok} interrupted=${seen.interrupted} refused=${seen.refused}; benign=${cases.filter((c) => c.benign).length}`,
    );
    expect(violations.summary(), `upstream SSE fuzz, seed ${seed}`).toEqual([]);
  }, 120_000);
});
