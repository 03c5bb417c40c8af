import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A tool call the fake answers with; `arguments` is the JSON text, streamed in several fragments. */
export interface FakeToolCall {
  name: string;
  arguments: string;
}

/** What the fake does with one request. The default is `{ kind: 'chat' }`. */
export type FakeBehaviour =
  /**
   * A completion. Text: `text`, else a JSON object for `response_format` json_schema/json_object,
   * else the last user message (echo). Tool calls: `toolCalls`, else one call of the forced tool
   * when `tool_choice` is `required` or names a function. `omitChunkIds` drops id/created/model
   * from stream chunks, as Ollama-like servers do.
   */
  | { kind: 'chat'; text?: string; refusal?: string; toolCalls?: FakeToolCall[]; chunkSize?: number; chunkDelayMs?: number; omitChunkIds?: boolean }
  /** An error status with an OpenAI error body, e.g. 429 with `headers: { 'retry-after': '7' }`. */
  | { kind: 'error'; status: number; message?: string; type?: string; code?: string | null; headers?: Record<string, string> }
  /** Non-streamed: a 200 body that is not JSON. Streamed: a data line that is not JSON. */
  | { kind: 'malformed' }
  /** A stream that ends cleanly but without `[DONE]`; `reset` destroys the socket instead. */
  | { kind: 'truncated'; reset?: boolean }
  /** A stream that sends some text, then `data: {"error": {...}}`, then ends. */
  | { kind: 'stream-error'; message?: string }
  /** Never answers (timeout tests); `after: 'first-delta'` streams the role and first text chunk, then goes silent. */
  | { kind: 'hang'; after?: 'request' | 'first-delta' }
  /** Exactly these bytes, written chunk by chunk (fuzzing, odd servers); default type text/event-stream. */
  | { kind: 'raw'; status?: number; contentType?: string; chunks: Array<string | Uint8Array>; chunkDelayMs?: number };

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Path without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, undefined when there was none. */
  body: any;
  /** Client port: equal ports on two requests mean the client reused its keep-alive connection. */
  remotePort: number | undefined;
  /**
   * Settles when the exchange ends: 'closed-early' when the client hung up before the answer was complete,
   * 'completed' when the fake ended it (a reset it made on purpose included).
   */
  outcome: Promise<'completed' | 'closed-early'>;
}

export interface FakeOpenAIOptions {
  behaviour?: FakeBehaviour;
  /** Behaviour by requested model (Azure: deployment), for tests that share one fake. */
  models?: Record<string, FakeBehaviour>;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1, for providers and the official SDK. */
  readonly url: string;
  /** http://127.0.0.1:port, for Azure-style paths (/openai/deployments/...). */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Requests whose client went away before the response was finished. */
  readonly closedEarly: number;
  /** Default behaviour from now on; with `model`, only for requests naming that model. */
  setBehaviour(behaviour: FakeBehaviour, model?: string): void;
  /** Behaviour of the next request only (queued, first in first out). */
  enqueue(behaviour: FakeBehaviour): void;
  /** Resolves once `count` requests have arrived (for aborting a request the fake is holding). */
  waitForRequests(count?: number): Promise<void>;
  /** Resolves with the next request to arrive, before it is answered. */
  nextRequest(): Promise<RecordedRequest>;
  /** Resolves once `closedEarly` reaches `count`. */
  waitForClosedEarly(count?: number): Promise<void>;
  close(): Promise<void>;
}

/** Fixed so answers are deterministic; ids are numbered per server. */
export const FAKE_CREATED = 1_700_000_000;

/** Starts a loopback fake of the OpenAI API (chat completions, embeddings, models) on a free port. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let fallback: FakeBehaviour = options.behaviour ?? { kind: 'chat' };
  const byModel = new Map(Object.entries(options.models ?? {}));
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const resetByUs = new WeakSet<ServerResponse>();
  let closedEarly = 0;
  let closing = false;
  let counter = 0;

  const server = createServer(function fakeOpenAI(req, res) {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let settle: (outcome: 'completed' | 'closed-early') => void = () => {};
    const outcome = new Promise<'completed' | 'closed-early'>((resolve) => (settle = resolve));
    res.on('close', () => {
      if (res.writableFinished || closing || resetByUs.has(res)) return settle('completed');
      closedEarly++;
      settle('closed-early');
      events.emit('closed-early');
    });
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: any;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      headers: req.headers,
      body,
      remotePort: req.socket.remotePort,
      outcome,
    };
    requests.push(recorded);
    events.emit('request', recorded);
    const n = ++counter;
    const deployment = /\/deployments\/([^/]+)\//.exec(url.pathname)?.[1];
    const model: string = body?.model ?? (deployment === undefined ? 'unknown' : decodeURIComponent(deployment));
    const behaviour = queue.shift() ?? byModel.get(model) ?? fallback;
    if (behaviour.kind === 'hang' && (behaviour.after !== 'first-delta' || body?.stream !== true)) return;
    if (behaviour.kind === 'error')
      return sendError(
        res,
        behaviour.status,
        behaviour.message ?? 'fake error',
        behaviour.type ?? 'invalid_request_error',
        behaviour.code ?? null,
        behaviour.headers,
      );
    if (behaviour.kind === 'raw')
      return writeChunks(res, behaviour.status ?? 200, behaviour.contentType ?? 'text/event-stream', behaviour.chunks, behaviour.chunkDelayMs ?? 0);
    if (req.method === 'GET' && url.pathname.endsWith('/models')) return sendJson(res, 200, modelList());
    if (req.method === 'POST' && url.pathname.endsWith('/embeddings')) return sendJson(res, 200, embeddings(body, model));
    if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions'))
      return sendError(res, 404, `Unknown request URL: ${req.method} ${url.pathname}`, 'invalid_request_error', 'unknown_url');

    const id = `chatcmpl-fake-${n}`;
    if (body?.stream !== true) {
      if (behaviour.kind === 'malformed') return writeChunks(res, 200, 'application/json', ['{"id": "chatcmpl-broken", "choices": ['], 0);
      if (behaviour.kind === 'truncated')
        return writeChunks(res, 200, 'application/json', [JSON.stringify(completion(id, model, body, { kind: 'chat' })).slice(0, 40)], 0);
      return sendJson(res, 200, completion(id, model, body, behaviour.kind === 'chat' ? behaviour : { kind: 'chat' }));
    }
    const chat = behaviour.kind === 'chat' ? behaviour : { kind: 'chat' as const, text: 'partial answer', chunkSize: 4 };
    const frames = chunkFrames(id, model, body, chat);
    // Frames 0 and 1 are the role chunk and the first text: the failure comes after a good start.
    if (behaviour.kind === 'malformed') frames.splice(2, 0, '{"id": oops}');
    if (behaviour.kind === 'stream-error')
      frames.splice(
        2,
        frames.length,
        JSON.stringify({
          error: { message: behaviour.message ?? 'The server had an error while processing your request.', type: 'server_error', param: null, code: null },
        }),
      );
    if (behaviour.kind === 'truncated' || behaviour.kind === 'hang') frames.splice(2, frames.length);
    else if (behaviour.kind !== 'stream-error') frames.push('[DONE]');
    const reset = behaviour.kind === 'truncated' && behaviour.reset === true;
    await writeChunks(
      res,
      200,
      'text/event-stream',
      frames.map((f) => `data: ${f}\n\n`),
      chat.chunkDelayMs ?? 0,
      !reset && behaviour.kind !== 'hang',
    );
    if (reset) {
      resetByUs.add(res);
      res.socket?.destroy();
    }
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/v1`,
    origin,
    requests,
    get closedEarly() {
      return closedEarly;
    },
    setBehaviour(behaviour, model) {
      if (model === undefined) fallback = behaviour;
      else byModel.set(model, behaviour);
    },
    enqueue(behaviour) {
      queue.push(behaviour);
    },
    async waitForRequests(count = 1) {
      while (requests.length < count) await once(events, 'request');
    },
    async nextRequest() {
      const [recorded] = (await once(events, 'request')) as [RecordedRequest];
      return recorded;
    },
    async waitForClosedEarly(count = 1) {
      while (closedEarly < count) await once(events, 'closed-early');
    },
    async close() {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function writeChunks(
  res: ServerResponse,
  status: number,
  contentType: string,
  chunks: Array<string | Uint8Array>,
  delayMs: number,
  end = true,
): Promise<void> {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache' });
  // Headers go out at once, so a slow stream is slow between chunks, not before the first byte.
  res.flushHeaders();
  for (const chunk of chunks) {
    if (delayMs > 0) await sleep(delayMs);
    if (res.destroyed) return;
    res.write(chunk);
  }
  if (end) res.end();
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): void {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type ChatBehaviour = Extract<FakeBehaviour, { kind: 'chat' }>;
interface Answer {
  text: string | null;
  refusal: string | null;
  toolCalls: FakeToolCall[];
  finish: 'stop' | 'tool_calls';
}

function answerOf(body: any, chat: ChatBehaviour): Answer {
  const toolCalls = chat.toolCalls ?? forcedToolCall(body);
  const refusal = chat.refusal ?? null;
  const quiet = toolCalls.length > 0 || refusal !== null;
  const text = chat.text ?? (quiet ? null : (formatted(body) ?? lastUserText(body)));
  return { text, refusal, toolCalls, finish: toolCalls.length > 0 ? 'tool_calls' : 'stop' };
}

/** `tool_choice: required` or a named function forces a call, with arguments shaped by the tool's schema. */
function forcedToolCall(body: any): FakeToolCall[] {
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const choice = body?.tool_choice;
  const tool = choice === 'required' ? tools[0] : tools.find((t) => t?.function?.name === choice?.function?.name);
  return tool ? [{ name: tool.function.name, arguments: JSON.stringify(sampleOf(tool.function.parameters)) }] : [];
}

function formatted(body: any): string | undefined {
  const format = body?.response_format;
  if (format?.type === 'json_schema') return JSON.stringify(sampleOf(format.json_schema?.schema ?? { type: 'object' }));
  if (format?.type === 'json_object') return JSON.stringify({ echo: lastUserText(body) });
  return undefined;
}

const PRIMITIVE_SAMPLES: Record<string, unknown> = { string: 'fake', number: 1, integer: 1, boolean: true };

/** A value that satisfies a simple JSON schema (first enum value, one array item, every property). */
function sampleOf(schema: any): unknown {
  if (Array.isArray(schema?.enum)) return schema.enum[0];
  if (schema?.type === 'object') return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleOf(value)]));
  if (schema?.type === 'array') return schema.items ? [sampleOf(schema.items)] : [];
  return PRIMITIVE_SAMPLES[schema?.type] ?? null;
}

function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const content = messages.findLast((m) => m?.role === 'user')?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .filter((p) => p?.type === 'text')
      .map((p) => p.text)
      .join('');
  return '';
}

function usageOf(body: any, answer: Answer): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const prompt = tokens(JSON.stringify(body?.messages ?? []));
  const completion = tokens((answer.text ?? '') + (answer.refusal ?? '') + answer.toolCalls.map((c) => c.name + c.arguments).join(''));
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function completion(id: string, model: string, body: any, chat: ChatBehaviour): unknown {
  const answer = answerOf(body, chat);
  const message: Record<string, unknown> = { role: 'assistant', content: answer.text, refusal: answer.refusal };
  if (answer.toolCalls.length > 0) {
    message.tool_calls = answer.toolCalls.map((call, i) => ({
      id: `call_fake_${i}`,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const choice = { index: 0, message, logprobs: null, finish_reason: answer.finish };
  return { id, object: 'chat.completion', created: FAKE_CREATED, model, system_fingerprint: 'fp_fake', choices: [choice], usage: usageOf(body, answer) };
}

/** The JSON of each chunk, in OpenAI's order: role, content (or tool calls), finish, usage if asked. */
function chunkFrames(id: string, model: string, body: any, chat: ChatBehaviour): string[] {
  const base = chat.omitChunkIds === true ? {} : { id, object: 'chat.completion.chunk', created: FAKE_CREATED, model, system_fingerprint: 'fp_fake' };
  const withUsage = body?.stream_options?.include_usage === true;
  // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
  const frame = (delta: unknown, finish: string | null = null) =>
    JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}) });
  const answer = answerOf(body, chat);
  const size = chat.chunkSize ?? 4;
  const frames = [frame({ role: 'assistant', content: answer.text === null ? null : '', refusal: null })];
  for (const piece of pieces(answer.text ?? '', size)) frames.push(frame({ content: piece }));
  for (const piece of pieces(answer.refusal ?? '', size)) frames.push(frame({ refusal: piece }));
  answer.toolCalls.forEach((call, index) => {
    frames.push(frame({ tool_calls: [{ index, id: `call_fake_${index}`, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of pieces(call.arguments, size)) frames.push(frame({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  frames.push(frame({}, answer.finish));
  if (withUsage) frames.push(JSON.stringify({ ...base, choices: [], usage: usageOf(body, answer) }));
  return frames;
}

/** Splits on code points, so a chunk never ends inside a surrogate pair. */
function pieces(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}

/** Deterministic vectors; components are multiples of 1/1024, exact in float32, so base64 round-trips. */
function embeddings(body: any, model: string): unknown {
  const input = body?.input;
  const inputs: unknown[] = typeof input === 'string' || typeof input?.[0] === 'number' ? [input] : Array.isArray(input) ? input : [];
  const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : 8;
  const data = inputs.map((item, index) => {
    const vector = vectorOf(JSON.stringify(item), dimensions);
    const embedding = body?.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const promptTokens = tokens(JSON.stringify(inputs));
  return { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
}

function vectorOf(key: string, dimensions: number): number[] {
  let state = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 0x01000193) >>> 0;
  const vector: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    // xorshift32; a zero state would stay zero, so it is nudged
    state = state === 0 ? 1 : state;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    vector.push(((state % 2048) - 1024) / 1024);
  }
  return vector;
}

function modelList(): unknown {
  const ids = ['gpt-4o-mini', 'text-embedding-3-small'];
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: FAKE_CREATED, owned_by: 'fake-openai' })) };
}
