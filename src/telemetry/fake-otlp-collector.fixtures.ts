import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** What the fake collector does with one export request. The default accepts it. */
export type FakeCollectorBehaviour =
  | { kind: 'accept' }
  /** Answers this status with an empty body (503 and 429 are retryable for the exporter, 400 is not). */
  | { kind: 'status'; status: number }
  /** Reads the request and answers only once `release()` is called (back-pressure tests). */
  | { kind: 'hold' };

/** A span as decoded from OTLP/JSON, attributes flattened to plain values. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP enum: 1 internal, 2 server, 3 client. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; timeUnixNano: bigint; attributes: Record<string, unknown> }>;
  /** OTLP enum: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  resource: Record<string, unknown>;
}

export interface ExportRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body text, to assert on what never appears in it. */
  text: string;
}

export interface FakeOtlpCollector {
  /** http://127.0.0.1:port/v1/traces */
  readonly url: string;
  readonly requests: ExportRequest[];
  /** Spans of every accepted request, in arrival order. */
  readonly spans: CollectedSpan[];
  setBehaviour(behaviour: FakeCollectorBehaviour): void;
  /** Answers every held request (accepting its spans) and stops holding new ones. */
  release(): void;
  waitForSpans(count: number): Promise<void>;
  /** Resolves once this many export requests have arrived, whatever was answered. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a loopback OTLP/HTTP collector that decodes JSON trace exports. */
export async function startFakeOtlpCollector(): Promise<FakeOtlpCollector> {
  let behaviour: FakeCollectorBehaviour = { kind: 'accept' };
  const requests: ExportRequest[] = [];
  const spans: CollectedSpan[] = [];
  const held: Array<() => void> = [];
  const events = new EventEmitter();

  const server = createServer(function fakeOtlpCollector(req, res) {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    requests.push({ path: req.url ?? '/', headers: req.headers, text });
    events.emit('request');
    const accept = () => {
      spans.push(...decodeSpans(JSON.parse(text)));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      events.emit('spans');
    };
    if (behaviour.kind === 'hold') held.push(accept);
    else if (behaviour.kind === 'status') res.writeHead(behaviour.status).end();
    else accept();
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;

  return {
    url,
    requests,
    spans,
    setBehaviour(next) {
      behaviour = next;
    },
    release() {
      behaviour = { kind: 'accept' };
      for (const accept of held.splice(0)) accept();
    },
    async waitForSpans(count) {
      while (spans.length < count) await once(events, 'spans');
    },
    async waitForRequests(count) {
      while (requests.length < count) await once(events, 'request');
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL nothing listens on: exports to it are refused. */
export async function deadCollectorUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/traces`;
}

interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}

function decodeSpans(body: any): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = flatten(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || undefined,
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: BigInt(s.startTimeUnixNano),
          endTimeUnixNano: BigInt(s.endTimeUnixNano),
          attributes: flatten(s.attributes),
          events: (s.events ?? []).map((e: any) => ({ name: e.name, timeUnixNano: BigInt(e.timeUnixNano), attributes: flatten(e.attributes) })),
          status: { code: s.status?.code ?? 0, message: s.status?.message },
          resource,
        });
      }
    }
  }
  return out;
}

function flatten(attributes: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) out[key] = anyValue(value);
  return out;
}

function anyValue(value: Record<string, unknown>): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return ((value.arrayValue as { values?: Array<Record<string, unknown>> }).values ?? []).map(anyValue);
  return undefined;
}
