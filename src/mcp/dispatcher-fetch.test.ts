import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatcherFetch } from './dispatcher-fetch.js';

interface Seen {
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let url = '';
const seen: Seen[] = [];
let releaseSecondEvent: () => void = () => undefined;

const routes: Record<string, (res: ServerResponse) => void> = {
  '/json': (res) => {
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.writeHead(200, { 'content-type': 'application/json', 'x-one': 'yes' }).end('{"jsonrpc":"2.0","id":1,"result":{}}');
  },
  '/sse': (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: message\ndata: {"first":true}\n\n');
    releaseSecondEvent = () => res.end('event: message\ndata: {"second":true}\n\n');
  },
  '/accepted': (res) => res.writeHead(202).end(),
  '/none': (res) => res.writeHead(204).end(),
  '/moved': (res) => res.writeHead(307, { location: '/json' }).end(),
  '/slow': () => undefined,
};

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  req.on('end', () => {
    seen.push({ method: req.method ?? '', headers: req.headers, body });
    routes[req.url ?? '']?.(res);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetchLike = dispatcherFetch();

describe('dispatcherFetch', () => {
  it('sends the method, headers and body, and answers status, every header and the body', async () => {
    const headers = new Headers({ 'content-type': 'application/json', authorization: 'Bearer t', 'mcp-protocol-version': '2025-06-18' });
    const res = await fetchLike(`${url}/json`, { method: 'POST', headers, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}', redirect: 'manual' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    expect(seen.at(-1)?.headers).toMatchObject({ authorization: 'Bearer t', 'mcp-protocol-version': '2025-06-18', 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-one')).toBe('yes');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('streams an event stream as it arrives', async () => {
    const res = await fetchLike(`${url}/sse`, { method: 'GET' });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    // The first event is readable while the server still holds the second: nothing waits for the end.
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"first":true');
    releaseSecondEvent();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain('"second":true');
  });

  it('answers an empty 202 and a bodiless 204, and leaves a redirect to the caller', async () => {
    const accepted = await fetchLike(`${url}/accepted`, { method: 'POST', body: '{}' });
    expect([accepted.status, await accepted.text()]).toEqual([202, '']);
    const none = await fetchLike(`${url}/none`, { method: 'DELETE' });
    expect([none.status, none.body]).toEqual([204, null]);
    const moved = await fetchLike(`${url}/moved`, { method: 'POST', body: '{}', redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([307, '/json']);
  });

  it('sends a form body as fetch does, and stops when the signal aborts', async () => {
    await fetchLike(`${url}/accepted`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' }) });
    expect(seen.at(-1)?.body).toBe('grant_type=client_credentials&scope=a+b');
    expect(seen.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    const controller = new AbortController();
    const pending = fetchLike(`${url}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gone')), 20);
    await expect(pending).rejects.toThrow();
  });

  it('hands what it does not carry to fetch: a stream body, redirect follow', async () => {
    const calls: string[] = [];
    const viaFallback = dispatcherFetch(async (input, init) => {
      calls.push(`${init?.redirect ?? ''}|${init?.body instanceof ReadableStream}`);
      return fetch(input, init);
    });
    const res = await viaFallback(`${url}/moved`, { method: 'GET', redirect: 'follow' });
    expect(res.status).toBe(200);
    const stream = new ReadableStream({
      start: (c) => {
        c.enqueue(new TextEncoder().encode('{}'));
        c.close();
      },
    });
    await viaFallback(`${url}/accepted`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(calls).toEqual(['follow|false', '|true']);
  });
});
