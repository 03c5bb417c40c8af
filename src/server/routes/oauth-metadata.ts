import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestIdHeaders } from '../../core/ids.js';
import { ASSERTION_ALGORITHMS } from '../../identity/client-assertion.js';
import { GRANT_CLIENT_CREDENTIALS, GRANT_TOKEN_EXCHANGE } from '../../identity/token-endpoint.js';
import type { RuntimeHolder } from '../runtime.js';

/** Where the protected-resource metadata of `/mcp/{server}` is (RFC 9728 §3.1: the resource's path after the well-known name). */
export function resourceMetadataUrl(req: FastifyRequest, server: string): string {
  return `${baseUrl(req)}/.well-known/oauth-protected-resource/mcp/${encodeURIComponent(server)}`;
}

/**
 * OAuth discovery for MCP clients (the MCP authorization spec): `GET /.well-known/oauth-protected-resource/mcp/{server}`
 * (RFC 9728) names this gateway as the authorization server of each configured MCP server, and
 * `GET /.well-known/oauth-authorization-server` (RFC 8414) describes its token endpoint: the grants and client
 * authentication methods `POST /oauth/token` takes. A client given a gateway client id and secret (or key) then
 * finds its way from the 401's `resource_metadata` to a token without being told where to ask. URLs are built
 * from the request's Host and the gateway's own scheme, never from forwarded headers, and nothing is cached:
 * an answer naming another authorization server must not be kept by a shared cache for other clients.
 */
export function registerOAuthMetadataRoutes(app: FastifyInstance, deps: { holder: RuntimeHolder }): void {
  app.get('/.well-known/oauth-authorization-server', function authorizationServerMetadata(req, reply) {
    const base = baseUrl(req);
    sendMetadata(req, reply, {
      issuer: base,
      // RFC 8414 requires it whenever a grant could use it, and MCP clients read it: it exists and refuses.
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: [GRANT_CLIENT_CREDENTIALS, GRANT_TOKEN_EXCHANGE],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
      response_types_supported: [],
    });
  });
  // No interactive grant: every response type is refused in place (RFC 6749 §4.1.2.1: never redirected, since
  // no redirect URI of this gateway's clients is registered to send the error to).
  app.get('/oauth/authorize', function authorize(req, reply) {
    const body = {
      error: 'unsupported_response_type',
      error_description: 'This gateway issues tokens at its token endpoint only (client credentials, token exchange); it has no interactive authorization.',
    };
    reply.code(400).headers(requestIdHeaders(req.id)).header('cache-control', 'no-store').type('application/json').send(JSON.stringify(body));
  });
  app.get('/.well-known/oauth-protected-resource/mcp/:server', function protectedResourceMetadata(req, reply) {
    const server = (req.params as { server: string }).server;
    if (!(server in deps.holder.current.config.mcp.servers)) {
      reply
        .code(404)
        .headers(requestIdHeaders(req.id))
        .type('application/json')
        .send(JSON.stringify({ error: 'not_found' }));
      return;
    }
    const base = baseUrl(req);
    sendMetadata(req, reply, {
      resource: `${base}/mcp/${encodeURIComponent(server)}`,
      authorization_servers: [base],
      bearer_methods_supported: ['header'],
      resource_name: `Gatehouse MCP gateway: ${server}`,
    });
  });
}

function sendMetadata(req: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>): void {
  reply.headers(requestIdHeaders(req.id)).header('cache-control', 'no-store').type('application/json').send(JSON.stringify(body));
}

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
