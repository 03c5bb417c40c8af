import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawSocket, rawExchange } from '../fuzz/raw-http-client.js';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * server.requestTimeoutMs and server.maxConnections: a client that trickles its request is answered
 * 408 request_timeout in our error shape, recorded, and disconnected; connections past the cap are
 * closed without harming the ones being served. Timeouts are short here so the tests run fast; nothing
 * asserts on how long anything took.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_CONNECTIONS = 4;

let gw: TestGateway;
let port: number;
/** Its own gateway with the default (long) request timeout, so held idle connections stay up. */
let capped: TestGateway;
let cappedPort: number;

beforeAll(async () => {
  gw = await startTestGateway({ ...MOCK_CONFIG, server: { requestTimeoutMs: 300 } });
  port = Number(new URL(gw.url).port);
  capped = await startTestGateway({ ...MOCK_CONFIG, server: { maxConnections: MAX_CONNECTIONS } });
  cappedPort = Number(new URL(capped.url).port);
});

afterAll(async () => {
  await gw?.close();
  await capped?.close();
});

const BODY = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'slow body' }] });

async function expectTimeoutAnswer(bytes: string, expected: { method: string; path: string }): Promise<void> {
  // The client never finishes its request; the gateway must answer and close on its own.
  const result = await rawExchange(port, bytes, { then: 'close', timeoutMs: 15_000 });
  expect(result.closedByServer).toBe(true);
  expect(result.responses).toHaveLength(1);
  const [answer] = result.responses;
  expect(answer?.status).toBe(408);
  expect(answer?.headers['x-gatehouse-reason']).toBe('request_timeout');
  const id = answer?.headers['x-gatehouse-request-id'] as string;
  expect(id).toMatch(UUID);
  expect(JSON.parse(answer?.body ?? '')).toMatchObject({ error: { code: 'request_timeout', type: 'invalid_request_error' } });
  const record = await gw.recordOf(id);
  expect(record).toMatchObject({ status: 408, reason: 'request_timeout', outcome: 'refused', method: expected.method, path: expected.path });
}

describe('slow requests are cut at server.requestTimeoutMs', () => {
  it('a body that stops half-way (Content-Length) gets 408 request_timeout, recorded with its path', async () => {
    const head = `POST /v1/chat/completions?api_key=sk-slow-secret HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`;
    await expectTimeoutAnswer(head + BODY.slice(0, 20), { method: 'POST', path: '/v1/chat/completions' });
  });

  it('a chunked body whose last chunk never comes gets 408 request_timeout', async () => {
    const head = 'POST /v1/embeddings HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    await expectTimeoutAnswer(`${head}5\r\n{"mod\r\n`, { method: 'POST', path: '/v1/embeddings' });
  });

  it('a body trickled a byte at a time, never finishing, is cut too (the timeout covers the whole request)', async () => {
    const raw = await openRawSocket(port);
    raw.socket.write(`POST /v1/guard/scan HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`);
    let sent = 0;
    const drip = setInterval(() => {
      if (!raw.socket.destroyed) raw.socket.write(' ');
      sent++;
    }, 20);
    try {
      await once(raw.socket, 'close');
    } finally {
      clearInterval(drip);
    }
    expect(sent).toBeLessThan(1000);
    const [answer] = raw.responses();
    expect(answer?.status).toBe(408);
    expect(answer?.headers['x-gatehouse-reason']).toBe('request_timeout');
    expect(await gw.recordOf(answer?.headers['x-gatehouse-request-id'] as string)).toMatchObject({
      status: 408,
      reason: 'request_timeout',
      path: '/v1/guard/scan',
    });
  });

  it('headers that never end get 408 request_timeout and a record', async () => {
    const result = await rawExchange(port, 'POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-Slow: 1\r\n', { then: 'close', timeoutMs: 15_000 });
    expect(result.closedByServer).toBe(true);
    const [answer] = result.responses;
    expect(answer?.status).toBe(408);
    expect(await gw.recordOf(answer?.headers['x-gatehouse-request-id'] as string)).toMatchObject({ status: 408, reason: 'request_timeout' });
  });

  it('a connection that sends nothing is closed too, after one 408', async () => {
    const raw = await openRawSocket(port);
    await once(raw.socket, 'close');
    expect(raw.responses().map((r) => r.status)).toEqual([408]);
  });

  it('a complete request still answers normally, and the process keeps serving', async () => {
    const result = await rawExchange(
      port,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`,
      { then: 'close', timeoutMs: 15_000 },
    );
    expect(result.responses[0]?.status).toBe(200);
    expect(JSON.parse(result.responses[0]?.body ?? '{}').choices[0].message.content).toBe('slow body');
  });
});

describe('server.maxConnections', () => {
  it('connections past the cap are closed at once; those held keep working, and new ones are served once they go', async () => {
    const held: Socket[] = [];
    try {
      for (let i = 0; i < MAX_CONNECTIONS; i++) {
        const socket = connect(cappedPort, '127.0.0.1');
        socket.on('error', () => undefined);
        await once(socket, 'connect');
        held.push(socket);
      }
      // Past the cap: Node closes the socket before reading a byte, so there is no answer.
      const over = await rawExchange(cappedPort, 'GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n', { then: 'wait', timeoutMs: 15_000 });
      expect(over.responses).toHaveLength(0);
      expect(over.closedByServer).toBe(true);

      // A held connection is still served.
      const first = held[0] as Socket;
      const answered = new Promise<string>((resolve) => {
        let text = '';
        first.on('data', (chunk: Buffer) => {
          text += chunk.toString('latin1');
          if (text.includes('\r\n\r\n') && text.includes('"status"')) resolve(text);
        });
      });
      first.write('GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n');
      expect(await answered).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Once they are gone, a new connection is served (the server counts closes asynchronously, so poll).
    for (let attempt = 0; ; attempt++) {
      const result = await rawExchange(cappedPort, 'GET /healthz HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n', { then: 'close', timeoutMs: 15_000 });
      if (result.responses[0]?.status === 200) break;
      expect(attempt).toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
});
