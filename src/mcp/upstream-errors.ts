import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../core/errors.js';

/**
 * The catalogued refusal for an upstream MCP failure. The upstream's own error text is never passed on: it
 * is the tool server's, may echo the injected credentials or another caller's data, and is not ours to
 * vouch for. The client learns which kind of failure it was and the server's name; the cause stays on the
 * error for the log. An abort (the agent went away) is passed through as it is, so the pipeline records
 * the exchange as client-closed rather than as a fault.
 */
export function upstreamFailure(server: string, err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? err;
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout)
      return new GatewayError('upstream_timeout', `MCP server '${server}' did not answer within its timeout.`, { cause: err });
    if (err.code === ErrorCode.ConnectionClosed)
      return new GatewayError('upstream_unreachable', `MCP server '${server}' closed the connection.`, { cause: err });
    if (err.code === ErrorCode.InvalidParams || err.code === ErrorCode.MethodNotFound || err.code === ErrorCode.InvalidRequest)
      return new GatewayError('upstream_rejected_request', `MCP server '${server}' rejected the request (JSON-RPC ${err.code}).`, { cause: err });
    return new GatewayError('upstream_error', `MCP server '${server}' answered with an error (JSON-RPC ${err.code}).`, { cause: err });
  }
  return new GatewayError('upstream_unreachable', `MCP server '${server}' could not be reached.`, { cause: err });
}
