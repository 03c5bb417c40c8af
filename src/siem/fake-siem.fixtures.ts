import { createSocket } from 'node:dgram';
import { EventEmitter, once } from 'node:events';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** What the fake HEC does now: accept, answer every request with a status, or not listen at all. */
export type FakeHecMode = { kind: 'up' } | { kind: 'status'; status: number; body?: string } | { kind: 'down' };

export interface HecRequest {
  headers: IncomingHttpHeaders;
  /** The newline-separated event objects of the body, parsed. */
  events: any[];
  /** The status the fake answered. */
  status: number;
}

export interface FakeHec {
  /** http://127.0.0.1:port/services/collector/event: the same port while down, so the sink sees a refused connection. */
  readonly url: string;
  readonly requests: HecRequest[];
  /** Events of the requests answered 2xx, in arrival order. */
  readonly events: any[];
  /** `down` closes the listening socket; `up` and `status` listen again on the same port. */
  setMode(mode: FakeHecMode): Promise<void>;
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A loopback fake of Splunk's HTTP Event Collector. */
export async function startFakeHec(): Promise<FakeHec> {
  let mode: FakeHecMode = { kind: 'up' };
  const requests: HecRequest[] = [];
  const events: any[] = [];
  const emitter = new EventEmitter();
  const server = createHttpServer(function fakeHec(req, res) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const parsed = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
      const status = mode.kind === 'status' ? mode.status : 200;
      requests.push({ headers: req.headers, events: parsed, status });
      if (status >= 200 && status < 300) events.push(...parsed);
      const body = mode.kind === 'status' ? (mode.body ?? JSON.stringify({ text: 'Server is busy', code: 9 })) : JSON.stringify({ text: 'Success', code: 0 });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      emitter.emit('change');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let listening = true;

  async function listen(): Promise<void> {
    if (listening) return;
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    listening = true;
  }
  async function stopListening(): Promise<void> {
    if (!listening) return;
    listening = false;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return {
    url: `http://127.0.0.1:${port}/services/collector/event`,
    requests,
    events,
    async setMode(next) {
      mode = next;
      if (next.kind === 'down') await stopListening();
      else await listen();
    },
    waitForEvents: (count, timeoutMs = 15_000) =>
      waitUntil(
        emitter,
        () => events.length >= count,
        timeoutMs,
        () => `${events.length} of ${count} events`,
      ),
    waitForRequests: (count, timeoutMs = 15_000) =>
      waitUntil(
        emitter,
        () => requests.length >= count,
        timeoutMs,
        () => `${requests.length} of ${count} requests`,
      ),
    close: stopListening,
  };
}

export interface SyslogMessage {
  transport: 'udp' | 'tcp' | 'tls';
  raw: string;
}

export interface FakeSyslog {
  readonly udpPort: number;
  readonly tcpPort: number;
  /** Only when started with a key and certificate. */
  readonly tlsPort: number | undefined;
  readonly messages: SyslogMessage[];
  /** Frames on TCP that did not follow RFC 6587 octet counting. */
  readonly framingErrors: number;
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback syslog receiver: UDP (one message per datagram), TCP and, given a key and certificate,
 * TLS (both RFC 6587 octet-counted frames). `tcpPort` listens on a given port, to restart a receiver.
 */
export async function startFakeSyslog(options: { tls?: { key: string; cert: string }; tcpPort?: number } = {}): Promise<FakeSyslog> {
  const messages: SyslogMessage[] = [];
  const emitter = new EventEmitter();
  let framingErrors = 0;
  const udp = createSocket('udp4');
  udp.on('message', (data) => {
    messages.push({ transport: 'udp', raw: data.toString('utf8') });
    emitter.emit('change');
  });
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');

  const sockets = new Set<Socket>();
  function receiveFrames(transport: 'tcp' | 'tls') {
    return (socket: Socket): void => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      let pending = Buffer.alloc(0);
      socket.on('data', (data: Buffer) => {
        pending = Buffer.concat([pending, data]);
        for (;;) {
          const space = pending.indexOf(0x20);
          if (space < 0) break;
          const header = pending.toString('ascii', 0, space);
          if (!/^[1-9][0-9]*$/.test(header)) {
            framingErrors++;
            socket.destroy();
            return;
          }
          const length = Number(header);
          if (pending.length < space + 1 + length) break;
          messages.push({ transport, raw: pending.toString('utf8', space + 1, space + 1 + length) });
          pending = pending.subarray(space + 1 + length);
          emitter.emit('change');
        }
      });
    };
  }
  const tcp = createTcpServer(receiveFrames('tcp'));
  tcp.listen(options.tcpPort ?? 0, '127.0.0.1');
  await once(tcp, 'listening');
  const tls = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, receiveFrames('tls')) : undefined;
  if (tls) {
    tls.listen(0, '127.0.0.1');
    await once(tls, 'listening');
  }

  return {
    udpPort: (udp.address() as AddressInfo).port,
    tcpPort: (tcp.address() as AddressInfo).port,
    tlsPort: tls ? (tls.address() as AddressInfo).port : undefined,
    messages,
    get framingErrors() {
      return framingErrors;
    },
    waitForMessages: (count, timeoutMs = 15_000) =>
      waitUntil(
        emitter,
        () => messages.length >= count,
        timeoutMs,
        () => `${messages.length} of ${count} messages`,
      ),
    async close() {
      udp.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      if (tls) await new Promise<void>((resolve) => tls.close(() => resolve()));
    },
  };
}

export interface ParsedSyslog {
  pri: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  msg: string;
}

/** Parses an RFC 5424 message whose structured data is NILVALUE. */
export function parseSyslog(raw: string): ParsedSyslog {
  const m = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*?\]) (.*)$/s.exec(raw);
  if (!m) throw new Error(`not RFC 5424: ${raw.slice(0, 80)}`);
  return {
    pri: Number(m[1]),
    version: Number(m[2]),
    timestamp: m[3]!,
    hostname: m[4]!,
    appName: m[5]!,
    procId: m[6]!,
    msgId: m[7]!,
    structuredData: m[8]!,
    msg: m[9]!,
  };
}

export interface ParsedCef {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  extensions: Record<string, string>;
}

/** Parses a CEF line, undoing header escapes (\| \\) and extension escapes (\= \\ \n \r). */
export function parseCef(line: string): ParsedCef {
  if (!line.startsWith('CEF:')) throw new Error('not CEF');
  const header: string[] = [];
  let field = '';
  let i = 4;
  for (; i < line.length && header.length < 7; i++) {
    const c = line[i]!;
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) field += line[++i];
    else if (c === '|') {
      header.push(field);
      field = '';
    } else field += c;
  }
  const extensions: Record<string, string> = {};
  const rest = line.slice(i);
  // A key starts where an unescaped space is followed by `word=`.
  const keyAt = /(?:^| )([A-Za-z0-9_]+)=/g;
  const starts: Array<{ key: string; at: number; valueAt: number }> = [];
  for (let m = keyAt.exec(rest); m; m = keyAt.exec(rest)) {
    if (m.index > 0 && isEscaped(rest, m.index)) continue;
    const eq = m.index + m[0].length;
    if (isEscaped(rest, eq - 1)) continue;
    starts.push({ key: m[1]!, at: m.index, valueAt: eq });
  }
  starts.forEach((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]!.at : rest.length;
    extensions[s.key] = unescapeValue(rest.slice(s.valueAt, end));
  });
  const [version, vendor, product, deviceVersion, signatureId, name, severity] = header;
  return {
    version: version!,
    vendor: vendor!,
    product: product!,
    deviceVersion: deviceVersion!,
    signatureId: signatureId!,
    name: name!,
    severity: severity!,
    extensions,
  };
}

function isEscaped(text: string, index: number): boolean {
  let slashes = 0;
  for (let j = index - 1; j >= 0 && text[j] === '\\'; j--) slashes++;
  return slashes % 2 === 1;
}

function unescapeValue(value: string): string {
  return value.replace(/\\([\\=nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

async function waitUntil(emitter: EventEmitter, done: () => boolean, timeoutMs: number, progress: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting: ${progress()}`);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), Math.min(left, 250));
    await once(emitter, 'change', { signal: ac.signal }).catch(() => undefined);
    clearTimeout(timer);
    ac.abort();
  }
}
