import { Readable } from 'node:stream';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { request } from 'undici';

/** Statuses whose response has no body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * fetch for the gateway's MCP client transports, over undici's `request` (the connection pool fetch itself
 * uses) instead of WHATWG fetch. fetch builds, clones and tees a Request and web streams per call: measured on
 * loopback with a small JSON-RPC answer, 510-900 us of CPU per call against 110-260 us for `request` and a
 * Response made from the read body (bench/mcp.ts is where it shows: the MCP gateway's added latency).
 *
 * The SDK's calls are served: string, bytes and form bodies, any headers, the caller's signal, redirects left
 * to the SDK (it asks for `redirect: 'manual'` and follows within the origin itself, as `request` never
 * follows), an event stream streamed as it arrives and any other body read whole. Anything else (a body
 * stream, a Blob, `redirect: 'follow'`) goes to fetch, so nothing the SDK may send is dropped.
 */
export function dispatcherFetch(fallback: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const body = requestBody(init?.body);
    if (body === UNSUPPORTED || init?.redirect === 'follow') return fallback(url, init);
    const headers = new Headers(init?.headers);
    if (init?.body instanceof URLSearchParams && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    const answer = await request(url, {
      method: (init?.method ?? 'GET') as 'GET',
      headers: Object.fromEntries(headers),
      body,
      signal: init?.signal ?? undefined,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    if (NULL_BODY.has(answer.statusCode)) {
      answer.body.resume();
      return new Response(null, { status: answer.statusCode, headers: responseHeaders });
    }
    // A server-sent event stream is read as it comes (the SDK parses it event by event); a JSON answer whole.
    const streamed = responseHeaders.get('content-type')?.includes('text/event-stream') === true;
    const content = streamed ? (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>) : await answer.body.arrayBuffer();
    return new Response(content, { status: answer.statusCode, headers: responseHeaders });
  };
}

const UNSUPPORTED = Symbol('unsupported body');

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined | typeof UNSUPPORTED {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof URLSearchParams) return body.toString();
  return UNSUPPORTED;
}
