import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import { cedarWasm } from './cedar-wasm.js';
import type { GatehouseConfig } from '../config/schema.js';
import { sliceByAction } from './action-slices.js';
import type { PolicySource } from './builtin-policies.js';
import { DecisionCache } from './decision-cache.js';
import { callShape, cedarInput, type CallShape } from './entities.js';
import type { PolicyIssue } from './policy-files.js';
import { asRecord, loadPolicySet, PolicyError } from './policy-set.js';
import { ADMIN_ACTIONS, INFERENCE_ACTIONS } from './schema.js';
import type { Authorizer, AuthzDecision, AuthzRequest } from './types.js';

export { PolicyError, formatPolicyIssue } from './policy-set.js';
export type { PolicyIssue } from './policy-files.js';

/** The Cedar authorizer of one configuration version. */
export interface CedarAuthorizer extends Authorizer {
  /** Ids of every policy in force, in order: built-ins first, then each file's. */
  readonly policyIds: readonly string[];
  /** The policy set as text, each policy headed by `// <id>`: what policyVersion hashes. */
  readonly policyText: string;
}

export type CheckPoliciesResult = { ok: true; policyVersion: string; policyCount: number } | { ok: false; issues: PolicyIssue[] };

export interface AuthorizerOptions {
  /** Memoized decisions kept per policy version (0 turns the cache off). Default 8192. */
  cacheEntries?: number;
}

/** Cedar keeps preparsed sets for the life of the process: parse each policy version once. */
const preparsed = new Set<string>();

/** What one action is evaluated with: its slice of the policy set, preparsed, and the attributes it reads. */
interface ActionPlan {
  setId: string;
  shape: CallShape;
}

/**
 * Loads, validates and preparses the policies of `config` (built-ins plus `policies.files`, relative
 * to `baseDir`). Synchronous. Throws PolicyError, listing file and position of every problem, when a
 * policy does not parse or does not validate against the schema: a broken policy set never serves.
 */
export function createAuthorizer(input: { config: GatehouseConfig; baseDir: string }, options: AuthorizerOptions = {}): CedarAuthorizer {
  const loaded = loadPolicySet(input.config, input.baseDir);
  if (!loaded.ok) throw new PolicyError(loaded.issues);
  const policyVersion = loaded.set.version;
  const slice = sliceByAction(loaded.set.policies);
  const plans = new Map<string, ActionPlan>();
  const readsToolArgs = slice('use_tool').reads.has('args');
  for (const action of [...INFERENCE_ACTIONS, ...ADMIN_ACTIONS]) {
    const { policies, reads } = slice(action);
    plans.set(action, { setId: preparse(`gatehouse-${policyVersion}-${action}`, policies), shape: callShape(reads) });
  }
  const environments = catalogEnvironments(input.config);
  const cacheEntries = options.cacheEntries ?? 8192;
  const cache = cacheEntries > 0 ? new DecisionCache(cacheEntries) : null;

  return {
    policyVersion,
    readsToolArgs,
    policyIds: loaded.set.policies.map((p) => p.id),
    policyText: loaded.set.text,
    authorize: function authorize(request: AuthzRequest): AuthzDecision {
      let key = '';
      let answer: Cedar.AuthorizationAnswer;
      try {
        const plan = plans.get(request.action);
        if (!plan) return deny([], [`unknown action "${String(request.action)}"`], policyVersion);
        const call = cedarInput(request, plan.shape, environments.get(`${request.resource.type}:${request.resource.id}`));
        if (cache) {
          key = JSON.stringify(call);
          const hit = cache.get(key);
          if (hit) return hit;
        }
        // Evaluated without the schema: every policy was validated against it at load, and entities
        // are built here to its shape; request validation would double the cost of a call.
        answer = cedarWasm().statefulIsAuthorized({ ...call, preparsedPolicySetId: plan.setId });
      } catch (err) {
        return deny([], [`evaluation failed: ${(err as Error | null)?.message ?? String(err)}`], policyVersion);
      }
      const decision = decisionOf(answer, policyVersion);
      cache?.set(key, decision);
      return decision;
    },
  };
}

/** For `gatehouse check`: loads and validates the policies of `config` without keeping them. */
export function checkPolicies(config: GatehouseConfig, baseDir: string): CheckPoliciesResult {
  const loaded = loadPolicySet(config, baseDir);
  if (!loaded.ok) return { ok: false, issues: loaded.issues };
  return { ok: true, policyVersion: loaded.set.version, policyCount: loaded.set.policies.length };
}

/**
 * Any evaluation error denies, even when a permit was satisfied: Cedar skips an erroring policy, so an
 * erroring forbid would otherwise let the request through (fail closed).
 */
function decisionOf(answer: Cedar.AuthorizationAnswer, policyVersion: string): AuthzDecision {
  if (answer.type === 'failure')
    return deny(
      [],
      answer.errors.map((e) => e.message),
      policyVersion,
    );
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) {
    return deny(
      [...new Set(diagnostics.errors.map((e) => e.policyId))],
      diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`),
      policyVersion,
    );
  }
  return { decision, policyIds: diagnostics.reason, errors: [], policyVersion };
}

function deny(policyIds: string[], errors: string[], policyVersion: string): AuthzDecision {
  return { decision: 'deny', policyIds, errors: errors.length > 0 ? errors : ['evaluation failed'], policyVersion };
}

function preparse(setId: string, policies: readonly PolicySource[]): string {
  if (!preparsed.has(setId)) {
    const answer = cedarWasm().preparsePolicySet(setId, { staticPolicies: asRecord(policies) });
    if (answer.type === 'failure') throw new PolicyError(answer.errors.map((e) => ({ file: 'policies', message: e.message })));
    preparsed.add(setId);
  }
  return setId;
}

/** `Model:gpt-4o` -> its configured environments, for callers that pass none. */
function catalogEnvironments(config: GatehouseConfig): Map<string, readonly string[] | undefined> {
  const map = new Map<string, readonly string[] | undefined>();
  for (const [type, section] of [
    ['Model', config.models],
    ['Tool', config.tools],
    ['Dataset', config.datasets],
  ] as const) {
    for (const [name, entry] of Object.entries(section)) map.set(`${type}:${name}`, entry.environments);
  }
  return map;
}
