import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminAction, AuthzDecision, Resource } from '../../../authz/types.js';
import { GatewayError } from '../../../core/errors.js';
import { requestIdHeaders } from '../../../core/ids.js';
import type { TraceEntry } from '../../../core/exchange.js';
import { REASON_CODES, type ReasonCode } from '../../../core/reason-codes.js';
import { IdentityExistsError } from '../../../identity/identity-storage.js';
import type { Principal } from '../../../identity/types.js';
import { sendRefusal } from '../inference.js';
import type { AdminDeps } from './admin-deps.js';
import { actionEntry, adminRecord } from '../../../core/admin-record.js';
import { recordedPath } from '../../../core/record.js';

/** A successful admin action. */
export interface AdminResult {
  status?: number;
  body: unknown;
  /** The body carries a secret or a token: answered with `cache-control: no-store`. */
  secret?: boolean;
  /** Added to the trace note after the target (e.g. `jti=...`); never a secret. */
  detail?: string;
}

/** The authorization resource of a call and how the trace names its target. */
export interface AdminTarget {
  resource: Resource;
  label: string;
}

/** One admin endpoint: what it is authorized as, and what it does once allowed. */
export interface AdminOperation {
  action: AdminAction;
  /** Throws GatewayError (invalid_request) when the request does not even name a target. */
  target(req: FastifyRequest): AdminTarget;
  run(req: FastifyRequest, caller: Principal): Promise<AdminResult>;
}

interface Refusal {
  status: number;
  reason: ReasonCode;
  message: string;
  param: string | null;
}

/**
 * Wraps an admin operation in the one sequence every admin call follows: authenticate (access tokens
 * only), authorize the action with the current Cedar policies, act, answer, and record the call as an
 * `admin` exchange whatever the outcome. Operations throw GatewayError to refuse; nothing else does.
 */
export function adminHandler(deps: AdminDeps, op: AdminOperation) {
  return async function adminCall(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const t0 = performance.now();
    const startedAt = Date.now();
    const trace: TraceEntry[] = [];
    let target: AdminTarget | undefined;
    let targetError: unknown;
    try {
      target = op.target(req);
    } catch (err) {
      targetError = err;
    }
    const { callerId, result, actUs } = await decide(req, deps, op, target, targetError, trace);

    const refused = 'reason' in result;
    const reason: ReasonCode = refused ? result.reason : 'ok';
    const status = refused ? result.status : (result.status ?? 200);
    const label = target ? target.label + (!refused && result.detail ? ` ${result.detail}` : '') : '?';
    trace.push(actionEntry(op.action, label, reason, actUs));
    // The call is in the trail before its answer leaves. The action itself has already taken effect, so
    // the answer is given even if the record could not be committed; that failure is logged loudly.
    // The path without its query: a search's `text=` is a probe into content and must not land in the trail.
    const record = adminRecord({
      requestId: req.id,
      startedAt,
      method: req.method,
      path: recordedPath(req.url),
      callerId,
      status,
      reason,
      latencyMs: performance.now() - t0,
      trace,
    });
    if (!(await deps.sink.recordDurable(record))) deps.logger.error({ requestId: req.id, action: op.action }, 'admin call record could not be committed');
    if (refused) {
      sendRefusal(reply, req.id, result);
    } else {
      reply.code(status).headers(requestIdHeaders(req.id)).type('application/json');
      // A secret or token is shown once: no cache (browser, proxy) may keep a copy.
      if (result.secret) reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      reply.send(JSON.stringify(result.body));
    }
    if (deps.logExchanges) {
      deps.logger.info({ requestId: req.id, op: 'admin', caller: callerId, action: op.action, target: target?.label ?? null, status, reason }, 'admin');
    }
  };
}

/** Authenticate, check the target, authorize, act: the first step that refuses decides the answer. */
async function decide(
  req: FastifyRequest,
  deps: AdminDeps,
  op: AdminOperation,
  target: AdminTarget | undefined,
  targetError: unknown,
  trace: TraceEntry[],
): Promise<{ callerId: string; result: AdminResult | Refusal; actUs: number }> {
  let auth: Awaited<ReturnType<typeof authenticate>>;
  try {
    auth = await authenticate(req, deps, trace);
  } catch (err) {
    // An authenticator fault refuses (fail closed) and is still recorded as an admin call.
    return { callerId: 'anonymous', result: refusalOf(err, deps, req), actUs: 0 };
  }
  if ('refusal' in auth) return { callerId: auth.callerId, result: auth.refusal, actUs: 0 };
  const callerId = auth.identity.id;
  if (!target) return { callerId, result: refusalOf(targetError, deps, req), actUs: 0 };
  const denied = authorize(auth, op.action, target.resource, deps, trace);
  if (denied) return { callerId, result: denied, actUs: 0 };
  const started = performance.now();
  let result: AdminResult | Refusal;
  try {
    result = await op.run(req, auth);
  } catch (err) {
    result = refusalOf(err, deps, req);
  }
  return { callerId, result, actUs: micros(performance.now() - started) };
}

/** The caller, or the refusal and whom to record it against (identified but refused callers are named). */
async function authenticate(req: FastifyRequest, deps: AdminDeps, trace: TraceEntry[]): Promise<Principal | { refusal: Refusal; callerId: string }> {
  const started = performance.now();
  const auth = await deps.authenticator.authenticate(req.headers);
  const durationUs = micros(performance.now() - started);
  if (!auth.ok) {
    trace.push({ stage: 'authenticate', phase: 'request', verdict: 'respond', reason: auth.reason, durationUs });
    return { refusal: refusal(auth.reason, auth.message), callerId: auth.identityId ?? 'anonymous' };
  }
  const principal = auth.principal;
  if (principal.credential !== 'access_token') {
    // Administration is never done with a long-lived static key, whatever the environment allows.
    trace.push({ stage: 'authenticate', phase: 'request', verdict: 'respond', reason: 'static_key_not_allowed', durationUs, note: principal.credential });
    return {
      refusal: refusal('static_key_not_allowed', 'The admin API accepts short-lived access tokens only, never static API keys.'),
      callerId: principal.identity.id,
    };
  }
  trace.push({ stage: 'authenticate', phase: 'request', verdict: 'continue', durationUs, note: `${principal.credential} jti=${principal.tokenId ?? '-'}` });
  return principal;
}

/** Returns the refusal when the policies do not allow the call; any evaluation error denies. */
function authorize(principal: Principal, action: AdminAction, resource: Resource, deps: AdminDeps, trace: TraceEntry[]): Refusal | undefined {
  const started = performance.now();
  let decision: AuthzDecision;
  try {
    decision = deps.authorizer().authorize({ principal, action, resource });
  } catch (err) {
    deps.logger.error({ err: { name: (err as Error)?.name, stack: (err as Error)?.stack }, action }, 'admin authorization failed');
    decision = { decision: 'deny', policyIds: [], errors: ['authorizer failed'], policyVersion: 'unknown' };
  }
  const allowed = decision.decision === 'allow' && decision.errors.length === 0;
  const reason: ReasonCode = decision.errors.length > 0 ? 'authorization_error' : 'forbidden_by_policy';
  const entry: TraceEntry = {
    stage: 'authorize',
    phase: 'request',
    verdict: allowed ? 'continue' : 'respond',
    durationUs: micros(performance.now() - started),
    note: `${action} policyVersion=${decision.policyVersion.slice(0, 16)}`,
  };
  if (decision.policyIds.length > 0) entry.policyId = decision.policyIds.join(',');
  if (!allowed) entry.reason = reason;
  trace.push(entry);
  if (allowed) return undefined;
  const what = `${action} on ${resource.type} "${resource.id}"`;
  if (reason === 'authorization_error') return refusal(reason, `${what}: the policies could not be evaluated, so the call is denied.`);
  const why = decision.policyIds.length > 0 ? `denied by policy ${decision.policyIds.join(', ')}` : 'no policy permits it for this identity';
  return refusal(reason, `${what} is not allowed: ${why}.`);
}

function refusalOf(err: unknown, deps: AdminDeps, req: FastifyRequest): Refusal {
  if (err instanceof GatewayError) return { status: err.status, reason: err.reason, message: err.message, param: err.param };
  if (err instanceof IdentityExistsError) return refusal('identity_exists', `An identity with id "${err.id}" already exists.`, 'id');
  deps.logger.error({ requestId: req.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'admin action failed');
  return refusal('internal_error', REASON_CODES.internal_error.summary);
}

function refusal(reason: ReasonCode, message: string, param: string | null = null): Refusal {
  return { status: REASON_CODES[reason].status, reason, message, param };
}

function micros(ms: number): number {
  return Math.round(ms * 1000);
}
