import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A loopback OpenAI-compatible upstream that fails on demand, for routing and resilience tests. Unlike
 * fake-openai it can reset a connection before answering, be cut off mid-load (server closed, sockets
 * destroyed), and stream a very long answer that respects back-pressure (it writes only while the socket
 * drains, so its own memory stays flat and a slow reader shows up as a producer that stops).
 */
export type FlakyBehaviour =
  /** A good answer `answer from <name>`, after `delayMs`; streamed in `chunks` text deltas `chunkDelayMs` apart. */
  | { kind: 'ok'; delayMs?: number; chunks?: number; chunkDelayMs?: number }
  | { kind: 'error'; status: number; headers?: Record<string, string> }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Destroys the socket as soon as the request arrived. */
  | { kind: 'reset' }
  /** A 200 whose body is not JSON (non-streamed) or whose first event is not JSON (streamed). */
  | { kind: 'malformed' }
  /** Streams only: the stream ends after `afterParts` good events (0: before the first), with no [DONE]. */
  | { kind: 'truncated'; afterParts: number }
  /** Streams only: `deltaBytes`-sized text deltas until `totalBytes` were written, each write waiting for drain. */
  | { kind: 'long-stream'; deltaBytes: number; totalBytes: number };

export interface FlakyUpstream {
  readonly name: string;
  /** Base URL ending in /v1. */
  readonly url: string;
  /** Chat requests received, in all. */
  readonly hits: number;
  /** Requests received whose answer is not finished. */
  readonly inFlight: number;
  /** Streams answered with a 200 head and not yet finished. */
  readonly streamsOpen: number;
  /** Bytes written by long streams so far. */
  readonly longStreamBytes: number;
  setBehaviour(behaviour: FlakyBehaviour | ((n: number, stream: boolean) => FlakyBehaviour)): void;
  /** Resolves once `count` chat requests have arrived. */
  waitForHits(count: number): Promise<void>;
  /** Pulls the plug: stops listening and destroys every open connection at once. */
  cut(): Promise<void>;
  close(): Promise<void>;
}

export async function startFlakyUpstream(name: string, behaviour: FlakyBehaviour = { kind: 'ok' }): Promise<FlakyUpstream> {
  let decide: (n: number, stream: boolean) => FlakyBehaviour = () => behaviour;
  let hits = 0;
  let inFlight = 0;
  let streamsOpen = 0;
  let longStreamBytes = 0;
  let closed = false;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Set<Socket>();

  const server = createServer(function flakyUpstream(req, res) {
    serve(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const n = ++hits;
    inFlight++;
    res.on('close', () => inFlight--);
    for (const w of waiters.filter((w) => hits >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    const stream = body.stream === true;
    const b = decide(n, stream);
    if (b.kind === 'hang') return;
    if (b.kind === 'reset') return void req.socket.destroy();
    if (b.kind === 'error') return json(res, b.status, { error: { message: `${name} failed`, type: 'server_error', param: null, code: null } }, b.headers);
    if (b.kind === 'ok' && b.delayMs) await sleep(b.delayMs);
    if (res.destroyed) return;
    if (!stream) {
      if (b.kind === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-x", "choices": [');
      return json(res, 200, completion(name, body.model));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    streamsOpen++;
    res.on('close', () => streamsOpen--);
    if (b.kind === 'malformed') return void res.end('data: {"id": oops}\n\n');
    if (b.kind === 'long-stream') return longStream(res, body.model, b.deltaBytes, b.totalBytes);
    const deltas = Array.from({ length: b.kind === 'ok' ? (b.chunks ?? 3) : 3 }, (_, i) => (i === 0 ? `answer from ${name}` : ` part ${i}`));
    const frames = [
      chunk(body.model, { role: 'assistant', content: '' }),
      ...deltas.map((text) => chunk(body.model, { content: text })),
      chunk(body.model, {}, 'stop'),
      '[DONE]',
    ];
    const upTo = b.kind === 'truncated' ? b.afterParts : frames.length;
    for (const frame of frames.slice(0, upTo)) {
      if (b.kind === 'ok' && b.chunkDelayMs) await sleep(b.chunkDelayMs);
      if (res.destroyed) return;
      res.write(`data: ${frame}\n\n`);
    }
    res.end();
  }

  async function longStream(res: ServerResponse, model: string, deltaBytes: number, totalBytes: number): Promise<void> {
    const frame = `data: ${chunk(model, { content: 'x'.repeat(deltaBytes) })}\n\n`;
    res.write(`data: ${chunk(model, { role: 'assistant', content: '' })}\n\n`);
    for (let written = 0; written < totalBytes && !res.destroyed; written += frame.length) {
      longStreamBytes += frame.length;
      if (!res.write(frame)) await drained(res);
    }
    if (!res.destroyed) res.end(`data: ${chunk(model, {}, 'stop')}\n\ndata: [DONE]\n\n`);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  async function stop(): Promise<void> {
    if (closed) return;
    closed = true;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await done;
  }

  return {
    name,
    url,
    get hits() {
      return hits;
    },
    get inFlight() {
      return inFlight;
    },
    get streamsOpen() {
      return streamsOpen;
    },
    get longStreamBytes() {
      return longStreamBytes;
    },
    setBehaviour(next) {
      decide = typeof next === 'function' ? next : () => next;
    },
    waitForHits(count) {
      if (hits >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    cut: stop,
    close: stop,
  };
}

/** Resolves on 'drain' or 'close', whichever comes first, leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const CREATED = 1_700_000_000;

function completion(name: string, model: string): unknown {
  return {
    id: `chatcmpl-${name}`,
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: `answer from ${name}`, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  };
}

function chunk(model: string, delta: unknown, finish: string | null = null): string {
  return JSON.stringify({
    id: 'chatcmpl-stream',
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
