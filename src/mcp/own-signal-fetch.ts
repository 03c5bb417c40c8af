import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * fetch for a long-lived MCP client transport. The SDK passes its transport's one AbortSignal to every
 * request, and fetch (undici) hangs an abort listener on that signal per request that only goes when the
 * request is garbage-collected: under steady traffic thousands pile up, each new one costs more (the
 * listener list is walked, and past 1,500 a warning with a stack trace is printed per request). Each
 * request gets a signal of its own that follows the transport's (closing the transport still aborts it),
 * so the transport's signal holds weak references only.
 */
export function ownSignalFetch(base: FetchLike = fetch): FetchLike {
  return (url, init) => {
    const shared = init?.signal;
    if (!shared) return base(url, init);
    return base(url, { ...init, signal: AbortSignal.any([shared]) });
  };
}
