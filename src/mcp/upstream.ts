import { isAbsolute, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../config/schema-mcp.js';
import type { SecretResolver } from '../config/secrets.js';
import { packageVersion } from '../core/version.js';
import { dispatcherFetch } from './dispatcher-fetch.js';
import { ownSignalFetch } from './own-signal-fetch.js';
import { upstreamFailure } from './upstream-errors.js';

const CLIENT_VERSION = packageVersion();

/** What the gateway needs of one upstream MCP server; one per configured server per runtime. */
export interface McpUpstream {
  readonly name: string;
  /** The upstream's tools, as it declares them (cached until it says its list changed). */
  listTools(signal: AbortSignal): Promise<readonly Tool[]>;
  /** One declared tool, or undefined when the upstream has none by that name. */
  tool(name: string, signal: AbortSignal): Promise<Tool | undefined>;
  callTool(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult>;
  listResources(signal: AbortSignal): Promise<Record<string, unknown>>;
  readResource(uri: string, signal: AbortSignal): Promise<Record<string, unknown>>;
  listPrompts(signal: AbortSignal): Promise<Record<string, unknown>>;
  getPrompt(name: string, args: Record<string, string> | undefined, signal: AbortSignal): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A connection to one upstream MCP server through the official SDK client: Streamable HTTP with the
 * configured credentials as headers, or a child process over stdio with the configured environment.
 * Secrets are resolved when the runtime is built (a missing one fails the load, as a provider key does);
 * the connection is opened on first use and reopened after it drops (a stdio server that exited).
 */
export function createMcpUpstream(name: string, config: McpServerConfig, deps: { resolveSecret: SecretResolver; baseDir: string }): McpUpstream {
  const makeTransport = transportFactory(config, deps);
  return new SdkUpstream(name, makeTransport, config.timeoutMs);
}

/** Resolves the secrets now; each call makes a fresh transport with them. */
function transportFactory(config: McpServerConfig, deps: { resolveSecret: SecretResolver; baseDir: string }): () => Transport {
  if (config.transport === 'http') {
    const headers: Record<string, string> = {};
    for (const [header, ref] of Object.entries(config.headers)) headers[header] = deps.resolveSecret(ref);
    if (config.bearerToken) headers.authorization = `Bearer ${deps.resolveSecret(config.bearerToken)}`;
    const url = new URL(config.url);
    return () => new StreamableHTTPClientTransport(url, { requestInit: { headers }, fetch: ownSignalFetch(dispatcherFetch()) });
  }
  const env: Record<string, string> = { ...getDefaultEnvironment() };
  for (const [variable, ref] of Object.entries(config.env)) env[variable] = deps.resolveSecret(ref);
  const cwd = config.cwd === undefined ? undefined : isAbsolute(config.cwd) ? config.cwd : resolve(deps.baseDir, config.cwd);
  // stderr is dropped: a tool server may print its own secrets or the agents' arguments there.
  return () => new StdioClientTransport({ command: config.command, args: config.args, env, stderr: 'ignore', ...(cwd ? { cwd } : {}) });
}

class SdkUpstream implements McpUpstream {
  #connecting: Promise<Client> | undefined;
  #tools: Map<string, Tool> | undefined;
  #closed = false;

  constructor(
    readonly name: string,
    private readonly makeTransport: () => Transport,
    private readonly timeoutMs: number,
  ) {}

  async listTools(signal: AbortSignal): Promise<readonly Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    // Pages are followed here: an agent's filtered list is one page, whatever the upstream's paging.
    do {
      const page = await this.#request((c, o) => c.listTools(cursor === undefined ? {} : { cursor }, o), signal);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined && tools.length < 10_000);
    this.#tools = new Map(tools.map((t) => [t.name, t]));
    return tools;
  }

  async tool(name: string, signal: AbortSignal): Promise<Tool | undefined> {
    const cached = this.#tools?.get(name);
    if (cached) return cached;
    // A miss re-lists once: a server reached over stateless HTTP cannot tell us its list changed. Only
    // declared, authorized names get here (validate-tool-args runs after authorize), so agents cannot
    // make the gateway re-list at will.
    return (await this.listTools(signal)).find((t) => t.name === name);
  }

  callTool(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> {
    return this.#request((c, o) => c.callTool({ name, arguments: args }, undefined, o) as Promise<CallToolResult>, signal);
  }

  listResources(signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.#request((c, o) => c.listResources({}, o), signal);
  }

  readResource(uri: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.#request((c, o) => c.readResource({ uri }, o), signal);
  }

  listPrompts(signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.#request((c, o) => c.listPrompts({}, o), signal);
  }

  getPrompt(name: string, args: Record<string, string> | undefined, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.#request((c, o) => c.getPrompt(args ? { name, arguments: args } : { name }, o), signal);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const connecting = this.#connecting;
    this.#connecting = undefined;
    if (connecting) await connecting.then((c) => c.close()).catch(() => undefined);
  }

  async #request<T>(call: (client: Client, options: { signal: AbortSignal; timeout: number }) => Promise<T>, signal: AbortSignal): Promise<T> {
    let client: Client;
    try {
      client = await this.#client();
      return await call(client, { signal, timeout: this.timeoutMs });
    } catch (err) {
      throw upstreamFailure(this.name, err, signal);
    }
  }

  #client(): Promise<Client> {
    if (this.#closed) return Promise.reject(new Error('upstream closed'));
    if (!this.#connecting) {
      const connecting = this.#connect();
      this.#connecting = connecting;
      // A failed connect is forgotten, so the next request tries again rather than failing forever.
      connecting.catch(() => {
        if (this.#connecting === connecting) this.#connecting = undefined;
      });
    }
    return this.#connecting;
  }

  async #connect(): Promise<Client> {
    const client = new Client({ name: 'gatehouse', version: CLIENT_VERSION }, { capabilities: {} });
    client.onclose = () => {
      this.#connecting = undefined;
      this.#tools = undefined;
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.#tools = undefined;
    });
    await client.connect(this.makeTransport(), { timeout: this.timeoutMs });
    return client;
  }
}
