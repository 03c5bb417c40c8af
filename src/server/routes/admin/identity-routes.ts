import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Resource } from '../../../authz/types.js';
import { GatewayError } from '../../../core/errors.js';
import type { IdentityRegistry } from '../../../identity/identity-storage.js';
import type { Identity, IdentityState } from '../../../identity/types.js';
import { adminHandler, type AdminTarget } from './admin-call.js';
import type { AdminDeps } from './admin-deps.js';
import { createIdentityBody, listIdentitiesQuery, parseInput, patchIdentityBody } from './admin-input.js';

export const ADMIN_PREFIX = '/admin/v1';
/** The resource of calls that act on the gateway as a whole (create, list, revoke a jti). */
export const GATEWAY_RESOURCE: Resource = Object.freeze({ type: 'Gateway', id: 'gatehouse' });

/**
 * Identities: create (with the bootstrap secret, shown once), list, show, edit, and the state
 * changes. Config-declared identities are edited in gatehouse.yaml; only their state may change here,
 * for incident response.
 */
export function registerIdentityRoutes(app: FastifyInstance, deps: AdminDeps): void {
  registerCreate(app, deps);
  registerReads(app, deps);
  registerEdit(app, deps);
  registerStateChange(app, deps, 'suspend', 'identity.suspend', 'suspended');
  registerStateChange(app, deps, 'retire', 'identity.retire', 'retired');
  registerStateChange(app, deps, 'reactivate', 'identity.reactivate', 'active');
}

function registerCreate(app: FastifyInstance, deps: AdminDeps): void {
  const { registry } = deps;
  app.post(
    `${ADMIN_PREFIX}/identities`,
    adminHandler(deps, {
      action: 'identity.create',
      target: (req) => ({ resource: GATEWAY_RESOURCE, label: bodyField(req, 'id') }),
      async run(req) {
        const input = parseInput(createIdentityBody, req.body);
        const identity = await registry.create({
          ...input,
          displayName: input.displayName ?? input.id,
          team: input.team ?? null,
          purpose: input.purpose ?? null,
          limitsProfile: input.limitsProfile ?? null,
          guardrailProfile: input.guardrailProfile ?? null,
        });
        const secret = await deps.tokens.createClientSecret(identity.id);
        return { status: 201, secret: true, body: { identity, clientSecret: secret.clientSecret, secretId: secret.secretId } };
      },
    }),
  );
}

function registerReads(app: FastifyInstance, deps: AdminDeps): void {
  const { registry } = deps;
  app.get(
    `${ADMIN_PREFIX}/identities`,
    adminHandler(deps, {
      action: 'identity.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: '*' }),
      async run(req) {
        const filter = parseInput(listIdentitiesQuery, req.query);
        const data = registry
          .list()
          .filter(
            (i) =>
              (filter.state === undefined || i.state === filter.state) &&
              (filter.environment === undefined || i.environment === filter.environment) &&
              (filter.team === undefined || i.team === filter.team),
          );
        return { body: { object: 'list', data } };
      },
    }),
  );

  app.get(
    `${ADMIN_PREFIX}/identities/:id`,
    adminHandler(deps, {
      action: 'identity.read',
      target: identityTarget,
      async run(req) {
        return { body: requireIdentity(registry, req) };
      },
    }),
  );
}

function registerEdit(app: FastifyInstance, deps: AdminDeps): void {
  const { registry } = deps;
  app.patch(
    `${ADMIN_PREFIX}/identities/:id`,
    adminHandler(deps, {
      action: 'identity.update',
      target: identityTarget,
      async run(req) {
        const current = requireIdentity(registry, req);
        if (current.source === 'config') {
          throw new GatewayError(
            'invalid_request',
            `Identity "${current.id}" is declared in gatehouse.yaml: change it there and reload. Through the API only its state may change (suspend, retire, reactivate).`,
            { param: 'id' },
          );
        }
        if (current.state === 'retired')
          throw new GatewayError('invalid_request', `Identity "${current.id}" is retired and kept only for the record; it cannot be changed.`, { param: 'id' });
        const patch = parseInput(patchIdentityBody, req.body);
        return { body: found(await registry.update(current.id, patch), current.id) };
      },
    }),
  );
}

/**
 * POST /identities/:id/{suspend,retire,reactivate}. Allowed on config identities too (incident
 * response). Retirement is final: a retired identity is neither suspended nor reactivated, so its id
 * never comes back to life with credentials issued before. Repeating a change is a no-op.
 */
function registerStateChange(
  app: FastifyInstance,
  deps: AdminDeps,
  verb: string,
  action: 'identity.suspend' | 'identity.retire' | 'identity.reactivate',
  state: IdentityState,
): void {
  app.post(
    `${ADMIN_PREFIX}/identities/:id/${verb}`,
    adminHandler(deps, {
      action,
      target: identityTarget,
      async run(req) {
        const current = requireIdentity(deps.registry, req);
        if (current.state === state) return { body: current };
        if (current.state === 'retired') {
          throw new GatewayError('invalid_request', `Identity "${current.id}" is retired; retirement is final. Create a new identity instead.`, {
            param: 'id',
          });
        }
        return { body: found(await deps.registry.setState(current.id, state), current.id) };
      },
    }),
  );
}

/** The identity named by `:id`, as an authorization resource. */
export function identityTarget(req: FastifyRequest): AdminTarget {
  const id = (req.params as { id: string }).id;
  return { resource: { type: 'Identity', id }, label: id };
}

/** The identity named by `:id`; refuses with identity_not_found. */
export function requireIdentity(registry: IdentityRegistry, req: FastifyRequest): Identity {
  const id = (req.params as { id: string }).id;
  const identity = registry.get(id);
  if (!identity) throw new GatewayError('identity_not_found', `No identity with id "${id.slice(0, 128)}".`, { param: 'id' });
  return identity;
}

/** An identity a write returned; undefined means it vanished from the store meanwhile. */
function found(identity: Identity | undefined, id: string): Identity {
  if (!identity) throw new GatewayError('identity_not_found', `No identity with id "${id}".`, { param: 'id' });
  return identity;
}

/** A string field of the body, for naming the target in the trace before the body is validated. */
export function bodyField(req: FastifyRequest, field: string): string {
  const value = (req.body as Record<string, unknown> | null | undefined)?.[field];
  return typeof value === 'string' ? value.slice(0, 128) : '?';
}
