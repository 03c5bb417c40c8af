import { getEventListeners } from 'node:events';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownSignalFetch } from './own-signal-fetch.js';

let server: Server;
let url: string;

beforeAll(async () => {
  // '/hang' never answers, so only an abort can end the request.
  server = createServer((req, res) => {
    if (req.url === '/hang') return;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ownSignalFetch', () => {
  it('leaves no abort listener on the shared signal after each request, where plain fetch leaves one per request', async () => {
    const plainShared = new AbortController().signal;
    const ownShared = new AbortController().signal;
    const own = ownSignalFetch();
    for (let i = 0; i < 40; i++) {
      expect(await (await fetch(`${url}/x`, { signal: plainShared })).json()).toEqual({ ok: true });
      expect(await (await own(`${url}/x`, { signal: ownShared })).json()).toEqual({ ok: true });
    }
    // The contrast shows the test can see the pile-up it guards against (undici drops them only on GC).
    expect(getEventListeners(plainShared, 'abort').length).toBeGreaterThan(30);
    expect(getEventListeners(ownShared, 'abort')).toHaveLength(0);
  });

  it('still aborts a request in flight when the shared signal aborts (the transport closing)', async () => {
    const shared = new AbortController();
    const pending = ownSignalFetch()(`${url}/hang`, { signal: shared.signal });
    setTimeout(() => shared.abort(new Error('transport closed')), 20);
    await expect(pending).rejects.toThrow('transport closed');
  });

  it('refuses at once when the shared signal has already aborted, and passes requests without a signal through', async () => {
    const shared = new AbortController();
    shared.abort(new Error('closed before'));
    await expect(ownSignalFetch()(`${url}/x`, { signal: shared.signal })).rejects.toThrow('closed before');
    expect(await (await ownSignalFetch()(`${url}/x`)).json()).toEqual({ ok: true });
  });
});
