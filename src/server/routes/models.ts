import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REASON_CODES } from '../../core/reason-codes.js';
import type { Authenticator } from '../../identity/authenticator.js';
import type { Principal } from '../../identity/types.js';
import { recordRejected, type LifecycleDeps } from '../exchange-lifecycle.js';
import type { Runtime, RuntimeHolder } from '../runtime.js';
import { statusFor } from '../../routing/registry.js';
import { sendRefusal } from './inference.js';

export interface ModelRouteDeps extends LifecycleDeps {
  holder: RuntimeHolder;
  /** Present when auth.mode is `required`: listing then needs a credential and shows only invocable models. */
  authenticator?: Authenticator;
}

/**
 * GET /v1/models and /v1/models/:model: the logical models this gateway serves, never upstream hosts.
 * A caller sees the models it could be served: none whose every deployment is blocked for its environment,
 * and, with authentication on, exactly those its policies let it invoke.
 */
export function registerModelRoutes(app: FastifyInstance, deps: ModelRouteDeps): void {
  app.get('/v1/models', async function listModels(req, reply) {
    const principal = await caller(req, reply, deps);
    if (principal === undefined) return;
    const runtime = deps.holder.current;
    const created = Math.floor(runtime.loadedAt / 1000);
    const data = [...runtime.models.values()].filter((m) => mayInvoke(runtime, principal, m.name)).map((m) => ({ id: m.name, object: 'model', created, owned_by: m.providerType }));
    return reply.header('x-gatehouse-request-id', req.id).send({ object: 'list', data });
  });
  app.get<{ Params: { model: string } }>('/v1/models/:model', async function getModel(req, reply) {
    const principal = await caller(req, reply, deps);
    if (principal === undefined) return;
    const runtime = deps.holder.current;
    const model = runtime.models.get(req.params.model);
    // Unknown and not-allowed look the same, so a caller cannot probe what exists beyond its grants.
    if (!model || !mayInvoke(runtime, principal, model.name)) {
      recordRejected(req, reply, 404, 'model_not_found', deps);
      return sendRefusal(reply, req.id, { status: 404, reason: 'model_not_found', message: `The model '${req.params.model.slice(0, 64)}' does not exist or you do not have access to it.`, param: 'model' });
    }
    return reply.header('x-gatehouse-request-id', req.id).send({ id: model.name, object: 'model', created: Math.floor(runtime.loadedAt / 1000), owned_by: model.providerType });
  });
}

/** The principal (null when auth is off), or undefined after a refusal was sent and recorded. */
async function caller(req: FastifyRequest, reply: FastifyReply, deps: ModelRouteDeps): Promise<Principal | null | undefined> {
  if (!deps.authenticator) return null;
  const result = await deps.authenticator.authenticate(req.headers);
  if (result.ok) return result.principal;
  const status = REASON_CODES[result.reason].status;
  recordRejected(req, reply, status, result.reason, deps);
  sendRefusal(reply, req.id, { status, reason: result.reason, message: result.message, param: null });
  return undefined;
}

/**
 * Listed when the caller could be served: some deployment of the model is approved or on trial for the
 * caller's environment (anonymous callers: `anonymous`), and, with auth on, the policies allow invoking it.
 */
function mayInvoke(runtime: Runtime, principal: Principal | null, model: string): boolean {
  const entry = runtime.models.get(model);
  const audience = principal?.identity.environment ?? 'anonymous';
  if (!entry || !entry.deployments.some((d) => statusFor(d, audience) !== 'blocked')) return false;
  if (!principal || !runtime.authorizer) return true;
  return runtime.authorizer.authorize({ principal, action: 'invoke_model', resource: { type: 'Model', id: model, environments: entry?.environments } }).decision === 'allow';
}
