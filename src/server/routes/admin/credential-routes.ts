import type { JsonWebKey } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Resource } from '../../../authz/types.js';
import { GatewayError } from '../../../core/errors.js';
import type { Identity } from '../../../identity/types.js';
import { adminHandler } from './admin-call.js';
import type { AdminDeps } from './admin-deps.js';
import { clientJwksBody, mintTokenBody, parseInput, revokeApiKeyBody, revokeTokenBody } from './admin-input.js';
import { ADMIN_PREFIX, GATEWAY_RESOURCE, bodyField, identityTarget, requireIdentity } from './identity-routes.js';

/** The gateway's signing keys, as one authorization resource. */
export const SIGNING_KEYS_RESOURCE: Resource = Object.freeze({ type: 'SigningKey', id: 'signing-keys' });

/**
 * Credentials: client-secret rotation, client public keys (private_key_jwt), static API keys, minting and revoking access tokens, signing
 * keys. Every answer that carries a secret or a token is sent once, with `cache-control: no-store`,
 * and the record names only ids (secretId, keyId, jti, kid).
 */
export function registerCredentialRoutes(app: FastifyInstance, deps: AdminDeps): void {
  registerClientSecretRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerSigningKeyRoutes(app, deps);
}

/** An identity's client secret and, for private_key_jwt, its public keys. */
function registerClientSecretRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { registry, tokens } = deps;

  app.post(
    `${ADMIN_PREFIX}/identities/:id/secret/rotate`,
    adminHandler(deps, {
      action: 'secret.rotate',
      target: identityTarget,
      async run(req) {
        const identity = notRetired(requireIdentity(registry, req));
        const rotated = await tokens.rotateClientSecret(identity.id);
        return { secret: true, detail: `secretId=${rotated.secretId}`, body: { identityId: identity.id, ...rotated } };
      },
    }),
  );

  // private_key_jwt (RFC 7523): registering the public keys is a credential change, authorized as secret.rotate.
  app.put(
    `${ADMIN_PREFIX}/identities/:id/client-jwks`,
    adminHandler(deps, {
      action: 'secret.rotate',
      target: identityTarget,
      async run(req) {
        const identity = notRetired(requireIdentity(registry, req));
        const { keys } = parseInput(clientJwksBody, req.body);
        await tokens.setClientJwks(identity.id, { keys: keys as JsonWebKey[] });
        return { detail: `client-jwks keys=${keys.length}`, body: { identityId: identity.id, keys: keys.length } };
      },
    }),
  );
}

/** Static API keys: created (the key is shown once), listed, revoked. */
function registerApiKeyRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { registry, tokens } = deps;

  app.post(
    `${ADMIN_PREFIX}/identities/:id/api-keys`,
    adminHandler(deps, {
      action: 'apikey.create',
      target: identityTarget,
      async run(req) {
        const identity = notRetired(requireIdentity(registry, req));
        const created = await tokens.createApiKey(identity.id);
        return { status: 201, secret: true, detail: `keyId=${created.keyId}`, body: { identityId: identity.id, ...created } };
      },
    }),
  );

  app.get(
    `${ADMIN_PREFIX}/identities/:id/api-keys`,
    adminHandler(deps, {
      action: 'identity.read',
      target: identityTarget,
      async run(req) {
        const identity = requireIdentity(registry, req);
        return { body: { object: 'list', data: await tokens.listApiKeys(identity.id) } };
      },
    }),
  );

  // Revoking one credential, as revoking one token is: the roles that may cut a leaked token may cut a leaked key.
  app.post(
    `${ADMIN_PREFIX}/identities/:id/api-keys/:keyId/revoke`,
    adminHandler(deps, {
      action: 'token.revoke',
      target: (req) => {
        const { id, keyId } = req.params as { id: string; keyId: string };
        return { resource: { type: 'Identity', id }, label: `${id} apikey=${keyId.slice(0, 128)}` };
      },
      async run(req, caller) {
        const identity = requireIdentity(registry, req);
        const { reason } = parseInput(revokeApiKeyBody, req.body);
        const keyId = (req.params as { keyId: string }).keyId;
        const key = (await tokens.listApiKeys(identity.id)).find((k) => k.keyId === keyId);
        if (!key) throw new GatewayError('api_key_not_found', `Identity "${identity.id}" has no static API key "${keyId.slice(0, 128)}".`, { param: 'keyId' });
        // Repeating a revocation is a no-op: the first one's who, when and why stay.
        if (key.revokedAt === null) await tokens.revokeApiKey(key.keyId, { actor: caller.identity.id, reason }, identity.id);
        const [after] = (await tokens.listApiKeys(identity.id)).filter((k) => k.keyId === keyId);
        return { body: after ?? key };
      },
    }),
  );
}

/** Access tokens minted for an identity, and revoked by jti. */
function registerTokenRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { registry, tokens } = deps;

  app.post(
    `${ADMIN_PREFIX}/tokens`,
    adminHandler(deps, {
      action: 'token.mint',
      target: (req) => {
        const id = bodyField(req, 'identity');
        if (id === '?') throw new GatewayError('invalid_request', 'identity: the id of the identity to mint a token for is required.', { param: 'identity' });
        return { resource: { type: 'Identity', id }, label: id };
      },
      async run(req) {
        const input = parseInput(mintTokenBody, req.body);
        const identity = registry.get(input.identity);
        if (!identity) throw new GatewayError('identity_not_found', `No identity with id "${input.identity}".`, { param: 'identity' });
        const minted = await tokens.mintAccessToken(identity, {
          ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
          ...(input.ttlSeconds === undefined ? {} : { ttlSeconds: input.ttlSeconds }),
          actor: input.actor ?? null,
          endUser: input.endUser ?? null,
        });
        return { secret: true, detail: `jti=${minted.jti}`, body: minted };
      },
    }),
  );

  app.post(
    `${ADMIN_PREFIX}/tokens/revoke`,
    adminHandler(deps, {
      action: 'token.revoke',
      target: (req) => ({ resource: GATEWAY_RESOURCE, label: `jti=${bodyField(req, 'jti')}` }),
      async run(req) {
        const input = parseInput(revokeTokenBody, req.body);
        await tokens.revokeToken(input.jti, input.reason);
        return { body: { jti: input.jti, revoked: true } };
      },
    }),
  );
}

/** The gateway's signing keys: listed and rotated. */
function registerSigningKeyRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { tokens } = deps;

  app.get(
    `${ADMIN_PREFIX}/keys`,
    adminHandler(deps, {
      action: 'key.read',
      target: () => ({ resource: SIGNING_KEYS_RESOURCE, label: 'signing-keys' }),
      async run() {
        return { body: { object: 'list', data: await tokens.listSigningKeys() } };
      },
    }),
  );

  app.post(
    `${ADMIN_PREFIX}/keys/rotate`,
    adminHandler(deps, {
      action: 'key.rotate',
      target: () => ({ resource: SIGNING_KEYS_RESOURCE, label: 'signing-keys' }),
      async run() {
        const { kid } = await tokens.rotateSigningKey();
        return { detail: `kid=${kid}`, body: { kid, keys: await tokens.listSigningKeys() } };
      },
    }),
  );
}

/** A retired identity gets no new credential: it is kept only so its records stay attributable. */
function notRetired(identity: Identity): Identity {
  if (identity.state === 'retired')
    throw new GatewayError('invalid_request', `Identity "${identity.id}" is retired; it gets no new credentials.`, { param: 'id' });
  return identity;
}
