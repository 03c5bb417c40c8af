import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 response as read off the wire; header names lower-cased. */
export interface RawResponse {
  status: number;
  statusLine: string;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchangeResult {
  responses: RawResponse[];
  /** The server closed (or reset) the connection. */
  closedByServer: boolean;
  /** Bytes after the last complete response (a response cut short by a close). */
  leftover: string;
}

export interface RawExchangeOptions {
  /**
   * After writing: `wait` keeps the socket open until `responses` responses or a close, `close` waits for
   * the server to close, `end` half-closes (FIN) then waits for the close, `reset` sends an RST once
   * `resetWhen` resolves (or at once).
   */
  then?: 'wait' | 'close' | 'end' | 'reset';
  /** With `wait`: how many complete responses end the exchange (default 1). */
  responses?: number;
  resetWhen?: Promise<unknown>;
  /** Safety net: the exchange rejects if it has not ended by then. Never a timing assertion. */
  timeoutMs?: number;
}

/**
 * Writes raw bytes to a loopback HTTP server and parses what comes back, for requests a real client
 * refuses to send (bad request lines, conflicting framing, truncated bodies, resets).
 */
export async function rawExchange(port: number, data: string | Buffer, options: RawExchangeOptions = {}): Promise<RawExchangeResult> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const parser = new ResponseParser();
  let closedByServer = false;
  const wanted = options.responses ?? 1;
  const then = options.then ?? 'wait';
  let closingOurselves = false;
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      if (!closingOurselves) closedByServer = true;
      resolve();
    });
  });
  const enough = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      if (then === 'wait' && parser.responses.length >= wanted) resolve();
    });
  });
  socket.on('error', () => undefined);
  socket.on('end', () => {
    closedByServer = true;
  });
  socket.write(data);
  if (then === 'end') socket.end();
  if (then === 'reset') {
    await options.resetWhen;
    closingOurselves = true;
    socket.resetAndDestroy();
  }
  const timeoutMs = options.timeoutMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), timeoutMs);
  });
  const ended = await Promise.race([then === 'wait' ? Promise.race([enough, closed]) : closed, hang]);
  clearTimeout(timer);
  if (!socket.destroyed) {
    closingOurselves = true;
    socket.destroy();
  }
  if (ended === 'hang') throw new Error(`raw exchange did not end within ${timeoutMs} ms: ${JSON.stringify(parser.text().slice(0, 200))}`);
  parser.finish(closedByServer);
  return { responses: parser.responses, closedByServer, leftover: parser.rest() };
}

/** Connects and leaves the socket open (for keep-alive and reset tests); the caller destroys it. */
export async function openRawSocket(port: number): Promise<{ socket: Socket; received: () => string; responses: () => RawResponse[] }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const parser = new ResponseParser();
  socket.on('data', (chunk: Buffer) => parser.push(chunk));
  socket.on('error', () => undefined);
  return { socket, received: () => parser.text(), responses: () => parser.responses };
}

/** Incremental HTTP/1.x response parser: Content-Length, chunked, or read-until-close bodies. */
class ResponseParser {
  readonly responses: RawResponse[] = [];
  private buffer = Buffer.alloc(0);
  private all = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.all = Buffer.concat([this.all, chunk]);
    while (this.parseOne(false));
  }

  finish(closed: boolean): void {
    if (closed) while (this.parseOne(true));
  }

  text(): string {
    return this.all.toString('latin1');
  }

  rest(): string {
    return this.buffer.toString('utf8');
  }

  private parseOne(atClose: boolean): boolean {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end === -1) return false;
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const statusLine = lines[0] ?? '';
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = end + 4;
    let body: Buffer;
    let consumed: number;
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (this.buffer.length < start + length) return false;
      body = this.buffer.subarray(start, start + length);
      consumed = start + length;
    } else if ((headers['transfer-encoding'] ?? '').toLowerCase() === 'chunked') {
      const decoded = decodeChunked(this.buffer.subarray(start));
      if (!decoded) return false;
      body = decoded.body;
      consumed = start + decoded.consumed;
    } else if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0);
      consumed = start;
    } else {
      if (!atClose) return false;
      body = this.buffer.subarray(start);
      consumed = this.buffer.length;
    }
    this.responses.push({ status, statusLine, headers, body: body.toString('utf8') });
    this.buffer = this.buffer.subarray(consumed);
    return this.buffer.length > 0;
  }
}

function decodeChunked(data: Buffer): { body: Buffer; consumed: number } | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd === -1) return undefined;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    offset = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = data.indexOf('\r\n', offset);
      if (trailerEnd === -1) return undefined;
      return { body: Buffer.concat(parts), consumed: trailerEnd + 2 };
    }
    if (data.length < offset + size + 2) return undefined;
    parts.push(data.subarray(offset, offset + size));
    offset += size + 2;
  }
}
