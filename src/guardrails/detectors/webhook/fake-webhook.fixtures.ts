import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake guardrail webhook does with one request. The default answers `{"findings": []}`. */
export type FakeWebhookBehaviour =
  /** 200 `{"findings": [...]}`; entries are sent as given, valid or not. */
  | { kind: 'findings'; findings: unknown[] }
  /** Any status with exactly this body text (malformed JSON, an error page, ...). */
  | { kind: 'raw'; status?: number; body: string }
  /** Reads the request, then never answers (timeout and abort tests). */
  | { kind: 'hang' }
  /** Destroys the connection without an answer. */
  | { kind: 'reset' };

export interface WebhookRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body: `{text, context, detector}` from the gateway. */
  body: any;
  /** Client port: equal ports on two requests mean the client reused its keep-alive connection. */
  remotePort: number | undefined;
}

export interface FakeWebhook {
  /** http://127.0.0.1:port/scan */
  readonly url: string;
  readonly requests: WebhookRequest[];
  /** Requests whose client went away before the answer was sent. */
  readonly closedEarly: number;
  /** Behaviour from now on: fixed, or decided per request (e.g. flag texts containing a word). */
  setBehaviour(behaviour: FakeWebhookBehaviour | ((request: WebhookRequest) => FakeWebhookBehaviour)): void;
  waitForRequests(count?: number): Promise<void>;
  waitForClosedEarly(count?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a loopback fake of a guardrail webhook on a free port. */
export async function startFakeWebhook(): Promise<FakeWebhook> {
  let decide: (request: WebhookRequest) => FakeWebhookBehaviour = () => ({ kind: 'findings', findings: [] });
  const requests: WebhookRequest[] = [];
  const events = new EventEmitter();
  const resetByUs = new WeakSet<ServerResponse>();
  let closedEarly = 0;
  let closing = false;

  const server = createServer(function fakeWebhook(req, res) {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('close', () => {
      if (res.writableFinished || closing || resetByUs.has(res)) return;
      closedEarly++;
      events.emit('closed-early');
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: WebhookRequest = {
      path: req.url ?? '/',
      headers: req.headers,
      body: text === '' ? undefined : JSON.parse(text),
      remotePort: req.socket.remotePort,
    };
    requests.push(request);
    events.emit('request');
    const behaviour = decide(request);
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'reset') {
      resetByUs.add(res);
      req.socket.destroy();
      return;
    }
    const status = behaviour.kind === 'raw' ? (behaviour.status ?? 200) : 200;
    const body = behaviour.kind === 'raw' ? behaviour.body : JSON.stringify({ findings: behaviour.findings });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scan`;

  return {
    url,
    requests,
    get closedEarly() {
      return closedEarly;
    },
    setBehaviour(behaviour) {
      decide = typeof behaviour === 'function' ? behaviour : () => behaviour;
    },
    async waitForRequests(count = 1) {
      while (requests.length < count) await once(events, 'request');
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

/** A loopback URL nothing listens on: connections to it are refused. */
export async function deadWebhookUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/scan`;
}
