import { MAX_BATCH_SIZE } from '@modelcontextprotocol/sdk/server/requestBody.js';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type IsomorphicHeaders,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type MessageExtraInfo,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';

/** The HTTP answer to one POST: status, headers and the JSON text (none for a 202). */
export interface McpHttpAnswer {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** One POST's requests in flight: their answers in the order they came, and what the handlers may look up. */
interface Post<C> {
  context: C;
  answers: (JSONRPCMessage | undefined)[];
  waiting: number;
  resolve: (answer: McpHttpAnswer) => void;
}

interface InFlight<C> {
  post: Post<C>;
  index: number;
  id: RequestId;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * The Streamable HTTP transport of the MCP gateway, for one long-lived SDK server: stateless (no session, no
 * stream to open) and answering in JSON, as the SDK's own transport with `sessionIdGenerator: undefined` and
 * `enableJsonResponse: true` does, with the same checks, statuses and error bodies (Accept, Content-Type,
 * batch size, JSON-RPC shape, one initialize per POST, the protocol version header).
 *
 * Why not the SDK's transport: it is built per request (its request ids are its correlation keys, so one
 * instance cannot serve two clients that both send id 1) and converts each Node request to a web Request and
 * back, which cost a fresh server, two listeners and the conversion on every call (about 1 ms of the MCP
 * gateway's added latency). Here one server serves every POST: each request's id is swapped for a gateway-wide
 * one on the way in and restored on the way out, so the SDK's protocol code (initialize, ping, validation,
 * dispatch, error shapes) runs unchanged and concurrent clients never meet. `contextOf` gives a handler the
 * HTTP request its call came in.
 */
export class GatewayMcpTransport<C> implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private nextId = 0;
  private readonly inFlight = new Map<number, InFlight<C>>();

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.inFlight.clear();
    this.onclose?.();
  }

  /**
   * The POST a request (by the id the server saw) came in, while it waits for its answer. Every request the
   * server is given is answered (a handler's result or its error), so an entry lives as long as its call.
   */
  contextOf(id: RequestId): C | undefined {
    return typeof id === 'number' ? this.inFlight.get(id)?.post.context : undefined;
  }

  /**
   * The server's answer to a request goes back to its POST under the client's id. A notification or a request
   * from the server has nowhere to go: a JSON answer carries only responses (the SDK's JSON mode drops them too).
   */
  async send(message: JSONRPCMessage): Promise<void> {
    if (!('id' in message) || 'method' in message || typeof message.id !== 'number') return;
    const entry = this.inFlight.get(message.id);
    if (!entry) return;
    this.inFlight.delete(message.id);
    const { post } = entry;
    post.answers[entry.index] = { ...message, id: entry.id } as JSONRPCMessage;
    if (--post.waiting === 0) post.resolve(jsonAnswer(post.answers.filter((answer) => answer !== undefined)));
  }

  /** Serves one POST whose body the HTTP server has parsed; never throws. */
  handlePost(headers: IsomorphicHeaders, body: unknown, context: C): Promise<McpHttpAnswer> {
    const accept = headerOf(headers, 'accept');
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream'))
      return refuse(406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    if (!isJsonContentType(headerOf(headers, 'content-type'))) return refuse(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE) return refuse(400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    const messages = parseMessages(body);
    if (!messages) return refuse(400, -32700, 'Parse error: Invalid JSON-RPC message');
    const initializing = messages.filter((message) => 'method' in message && message.method === 'initialize').length;
    if (initializing > 1) return refuse(400, -32600, 'Invalid Request: Only one initialization request is allowed');
    if (initializing === 0) {
      const version = headerOf(headers, 'mcp-protocol-version');
      if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version))
        return refuse(400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
    }
    const extra: MessageExtraInfo = { requestInfo: { headers } };
    const requests = messages.filter((message) => 'method' in message && 'id' in message).length;
    if (requests === 0) {
      for (const message of messages) if (!isCancellation(message)) this.onmessage?.(message, extra);
      return Promise.resolve({ status: 202, headers: {} });
    }
    return new Promise((resolve) => {
      const post: Post<C> = { context, answers: new Array(messages.length), waiting: requests, resolve };
      messages.forEach((message, index) => {
        // A cancellation names a request of another POST by the client's id, which the server never saw.
        if (isCancellation(message)) return;
        if ('method' in message && 'id' in message) {
          const id = ++this.nextId;
          this.inFlight.set(id, { post, index, id: message.id });
          this.onmessage?.({ ...message, id }, extra);
        } else this.onmessage?.(message, extra);
      });
    });
  }
}

function parseMessages(body: unknown): JSONRPCMessage[] | undefined {
  const raw = Array.isArray(body) ? body : [body];
  const messages: JSONRPCMessage[] = [];
  for (const item of raw) {
    const parsed = JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) return undefined;
    messages.push(parsed.data);
  }
  return messages;
}

function isCancellation(message: JSONRPCMessage): boolean {
  return 'method' in message && message.method === 'notifications/cancelled';
}

function headerOf(headers: IsomorphicHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function jsonAnswer(messages: JSONRPCMessage[]): McpHttpAnswer {
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(messages.length === 1 ? messages[0] : messages) };
}

function refuse(status: number, code: number, message: string): Promise<McpHttpAnswer> {
  return Promise.resolve({ status, headers: JSON_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }) });
}
