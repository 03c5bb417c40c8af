import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Anthropic Messages API on 127.0.0.1, port 0, speaking the real wire format: message JSON for
 * plain requests, and for `stream: true` the real SSE sequence (message_start, content_block_start, ping,
 * content_block_delta, content_block_stop, message_delta, message_stop). Like the real API it answers
 * 401 without `x-api-key` and 400 without `anthropic-version`, `max_tokens` or `messages`.
 */

export type FakeAnthropicBehaviour =
  /** Reply with the text of the last user turn. The default. */
  | { kind: 'echo' }
  | { kind: 'text'; text: string; stopReason?: string }
  /** Call tools; a call without a name uses the forced tool_choice, else the first tool offered. */
  | { kind: 'tool-use'; calls: Array<{ name?: string; input: Record<string, unknown> }>; text?: string }
  /** An HTTP error with Anthropic's error body, e.g. 429 rate_limit_error with retryAfter, 529 overloaded_error. */
  | { kind: 'error-status'; status: number; errorType: string; message?: string; retryAfter?: string }
  /** Streams the first delta, then an `error` event (default overloaded_error). Plain requests get 529. */
  | { kind: 'error-event'; errorType?: string; message?: string }
  /** Streams the first delta, then an event whose JSON is cut. Plain requests get a cut JSON body. */
  | { kind: 'malformed-event' }
  /** Streams everything but message_delta and message_stop, then ends. Plain requests get a cut JSON body. */
  | { kind: 'truncated' }
  /** Never answers ('request', the default), or streams up to the first delta and goes silent ('first-delta'; plain requests get nothing). */
  | { kind: 'hang'; after?: 'request' | 'first-delta' }
  /** Destroys the connection: streams up to the first delta first; plain requests get no answer at all. */
  | { kind: 'reset' }
  /** Exactly this status, content type and body (e.g. JSON to a stream request). */
  | { kind: 'raw'; status?: number; contentType: string; body: string };

export interface FakeRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  stream?: boolean;
  tools?: Array<{ name: string }>;
  tool_choice?: { type: string; name?: string };
  [field: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: FakeRequestBody;
  /**
   * Settles when the exchange ends: 'closed-early' when the client hung up before the answer was complete,
   * 'completed' when the fake ended it (a reset it made on purpose included).
   */
  outcome: Promise<'completed' | 'closed-early'>;
}

export interface FakeAnthropic {
  url: string;
  /** Every request to /v1/messages that passed validation, in arrival order. */
  requests: RecordedRequest[];
  /** Requests whose client closed the connection before the answer was complete. */
  closedEarly: RecordedRequest[];
  /** Resolves with the next request to arrive (after validation), before it is answered. */
  nextRequest(): Promise<RecordedRequest>;
  /** Behaviour for requests with nothing enqueued. */
  setBehaviour(behaviour: FakeAnthropicBehaviour): void;
  /** Behaviours for the next requests, one each, before the default applies again. */
  enqueue(...behaviours: FakeAnthropicBehaviour[]): void;
  close(): Promise<void>;
}

/** Token counts every answer reports (cache counters included, so prompt-token sums are testable). */
export const FAKE_USAGE = { input_tokens: 11, cache_creation_input_tokens: 2, cache_read_input_tokens: 3, output_tokens: 7 };

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };
interface Answer {
  id: string;
  model: string;
  content: Block[];
  stopReason: string;
}

/** Responses the fake cut off on purpose (`reset`): their close is not the client hanging up. */
const resetByUs = new WeakSet<ServerResponse>();

/** Starts a fake Anthropic server; `close` ends open connections too. */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const closedEarly: RecordedRequest[] = [];
  const queue: FakeAnthropicBehaviour[] = [];
  const waiters: Array<(request: RecordedRequest) => void> = [];
  let behaviour: FakeAnthropicBehaviour = { kind: 'echo' };
  let counter = 0;

  const server = createServer(function fakeAnthropic(req, res) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = validate(req, res, Buffer.concat(chunks).toString('utf8'));
      if (!body) return;
      let settle: (outcome: 'completed' | 'closed-early') => void = () => {};
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        outcome: new Promise((resolve) => (settle = resolve)),
      };
      requests.push(recorded);
      for (const wake of waiters.splice(0)) wake(recorded);
      res.on('close', () => {
        if (res.writableFinished || resetByUs.has(res)) return settle('completed');
        closedEarly.push(recorded);
        settle('closed-early');
      });
      counter += 1;
      respond(res, body, queue.shift() ?? behaviour, counter);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedEarly,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    setBehaviour: (next) => {
      behaviour = next;
    },
    enqueue: (...next) => {
      queue.push(...next);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** The checks the real API makes before anything else; answers and returns undefined when one fails. */
function validate(req: IncomingMessage, res: ServerResponse, raw: string): FakeRequestBody | undefined {
  if (req.method !== 'POST' || req.url !== '/v1/messages') return void sendError(res, 404, 'not_found_error', 'Not found');
  if (!req.headers['x-api-key']) return void sendError(res, 401, 'authentication_error', 'x-api-key header is required');
  if (!req.headers['anthropic-version']) return void sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
  let body: FakeRequestBody;
  try {
    body = JSON.parse(raw) as FakeRequestBody;
  } catch {
    return void sendError(res, 400, 'invalid_request_error', 'request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null) return void sendError(res, 400, 'invalid_request_error', 'request body must be a JSON object');
  if (typeof body.max_tokens !== 'number') return void sendError(res, 400, 'invalid_request_error', 'max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return void sendError(res, 400, 'invalid_request_error', 'messages: at least one message is required');
  return body;
}

function respond(res: ServerResponse, body: FakeRequestBody, behaviour: FakeAnthropicBehaviour, n: number): void {
  const stream = body.stream === true;
  switch (behaviour.kind) {
    case 'error-status':
      return sendError(res, behaviour.status, behaviour.errorType, behaviour.message ?? `fake ${behaviour.errorType}`, behaviour.retryAfter);
    case 'hang':
      if (!stream || behaviour.after !== 'first-delta') return;
      return sendEvents(res, streamEvents(answerFor(body, { kind: 'echo' }, n)), 'hang');
    case 'reset':
      resetByUs.add(res);
      if (stream) sendEvents(res, streamEvents(answerFor(body, { kind: 'echo' }, n)), 'hang');
      return void res.socket?.destroy();
    case 'raw':
      res.writeHead(behaviour.status ?? 200, { 'content-type': behaviour.contentType });
      return void res.end(behaviour.body);
    case 'error-event':
      if (!stream) return sendError(res, 529, 'overloaded_error', 'Overloaded');
      return sendEvents(res, streamEvents(answerFor(body, { kind: 'echo' }, n)), 'error', {
        type: behaviour.errorType ?? 'overloaded_error',
        message: behaviour.message ?? 'Overloaded',
      });
    case 'malformed-event':
    case 'truncated': {
      const answer = answerFor(body, { kind: 'echo' }, n);
      if (!stream) return sendCutJson(res, messageJson(answer));
      return sendEvents(res, streamEvents(answer), behaviour.kind === 'truncated' ? 'truncate' : 'malformed');
    }
    default: {
      const answer = answerFor(body, behaviour, n);
      if (!stream) return sendJson(res, 200, messageJson(answer));
      return sendEvents(res, streamEvents(answer), 'none');
    }
  }
}

function answerFor(body: FakeRequestBody, behaviour: FakeAnthropicBehaviour, n: number): Answer {
  const base = { id: `msg_fake_${n}`, model: body.model ?? 'claude-fake' };
  if (behaviour.kind === 'text') return { ...base, content: [{ type: 'text', text: behaviour.text }], stopReason: behaviour.stopReason ?? 'end_turn' };
  if (behaviour.kind === 'tool-use') {
    const content: Block[] = behaviour.text ? [{ type: 'text', text: behaviour.text }] : [];
    behaviour.calls.forEach((call, i) => {
      const name = call.name ?? body.tool_choice?.name ?? body.tools?.[0]?.name ?? 'tool';
      content.push({ type: 'tool_use', id: `toolu_fake_${n}_${i}`, name, input: call.input });
    });
    return { ...base, content, stopReason: 'tool_use' };
  }
  return { ...base, content: [{ type: 'text', text: lastUserText(body) }], stopReason: 'end_turn' };
}

function lastUserText(body: FakeRequestBody): string {
  const turn = body.messages?.findLast((message) => message.role === 'user');
  if (typeof turn?.content === 'string') return turn.content;
  const blocks = Array.isArray(turn?.content) ? (turn.content as Array<{ type: string; text?: string }>) : [];
  return blocks.map((block) => (block.type === 'text' ? block.text : '')).join('') || 'ok';
}

function messageJson(answer: Answer): Record<string, unknown> {
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: answer.content,
    stop_reason: answer.stopReason,
    stop_sequence: null,
    usage: FAKE_USAGE,
  };
}

/** The real event sequence, each entry one `event:` plus `data:` frame. */
function streamEvents(answer: Answer): Array<[string, Record<string, unknown>]> {
  const events: Array<[string, Record<string, unknown>]> = [];
  const start = { ...messageJson(answer), content: [], stop_reason: null, usage: { ...FAKE_USAGE, output_tokens: 1 } };
  events.push(['message_start', { type: 'message_start', message: start }]);
  answer.content.forEach((block, index) => {
    const opening = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
    events.push(['content_block_start', { type: 'content_block_start', index, content_block: opening }]);
    if (index === 0) events.push(['ping', { type: 'ping' }]);
    const deltas =
      block.type === 'text'
        ? fragments(block.text).map((text) => ({ type: 'text_delta', text }))
        : ['', ...fragments(JSON.stringify(block.input))].map((json) => ({ type: 'input_json_delta', partial_json: json }));
    for (const delta of deltas) events.push(['content_block_delta', { type: 'content_block_delta', index, delta }]);
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push([
    'message_delta',
    { type: 'message_delta', delta: { stop_reason: answer.stopReason, stop_sequence: null }, usage: { output_tokens: FAKE_USAGE.output_tokens } },
  ]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events;
}

/** Splits into three pieces (fewer for short strings), so clients must reassemble. */
function fragments(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

type Fault = 'none' | 'hang' | 'error' | 'malformed' | 'truncate';

function sendEvents(res: ServerResponse, events: Array<[string, Record<string, unknown>]>, fault: Fault, error?: { type: string; message: string }): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const firstDelta = events.findIndex(([name]) => name === 'content_block_delta');
  const cut = fault === 'none' ? events.length : fault === 'truncate' ? events.length - 2 : firstDelta + 1;
  for (const [name, data] of events.slice(0, cut)) res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  if (fault === 'hang') return;
  if (fault === 'error') res.write(`event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\n`);
  if (fault === 'malformed') res.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_\n\n');
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': 'req_fake', ...headers });
  res.end(text);
}

function sendCutJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(text.slice(0, text.length >> 1));
}

function sendError(res: ServerResponse, status: number, type: string, message: string, retryAfter?: string): void {
  sendJson(res, status, { type: 'error', error: { type, message } }, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
}
