import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import { cedarWasm } from './cedar-wasm.js';
import type { PolicySource } from './builtin-policies.js';
import { NAMESPACE } from './schema.js';

/**
 * The part of the policy set that can apply to one action, and the attribute names it reads.
 *
 * Both only make a call cheaper, never change its decision: a policy whose action scope excludes the
 * action is never satisfied and never errors, and Cedar reads attributes only through `x.attr` and
 * `x has attr`, so an attribute no applicable policy names cannot matter. Cheaper matters because
 * Cedar checks every policy of a set on every call, and every attribute crosses the
 * JavaScript/WebAssembly boundary one value at a time.
 */
export interface ActionSlice {
  policies: PolicySource[];
  /** Attribute names read by `policies` (any entity, and the context). */
  reads: ReadonlySet<string>;
}

interface Analyzed {
  policy: PolicySource;
  /** null: the scope may cover any action. */
  actions: ReadonlySet<string> | null;
  reads: ReadonlySet<string>;
}

/** A set that claims to contain every name. */
const READS_EVERYTHING: ReadonlySet<string> = new (class extends Set<string> {
  override has(): boolean {
    return true;
  }
})();

/** Splits a validated policy set by action; `slice(action)` for an action no policy names keeps the all-action ones. */
export function sliceByAction(policies: readonly PolicySource[]): (action: string) => ActionSlice {
  const analyzed = policies.map(analyze);
  return (action) => {
    const applicable = analyzed.filter((a) => a.actions === null || a.actions.has(action));
    const policies = applicable.map((a) => a.policy);
    if (applicable.some((a) => a.reads === READS_EVERYTHING)) return { policies, reads: READS_EVERYTHING };
    const reads = new Set<string>();
    for (const a of applicable) for (const name of a.reads) reads.add(name);
    return { policies, reads };
  };
}

function analyze(policy: PolicySource): Analyzed {
  const json = cedarWasm().policyToJson(policy.text);
  // Unreadable here (it validated, so this is unexpected): it applies everywhere and reads everything.
  if (json.type === 'failure') return { policy, actions: null, reads: READS_EVERYTHING };
  const reads = new Set<string>();
  collectReads(json.json.conditions, reads);
  return { policy, actions: actionsOf(json.json.action), reads };
}

function actionsOf(constraint: Cedar.ActionConstraint): ReadonlySet<string> | null {
  if (constraint.op === 'All') return null;
  let refs: Cedar.EntityUidJson[];
  if ('entities' in constraint) refs = constraint.entities;
  else if ('entity' in constraint) refs = [constraint.entity];
  else return null;
  const actions = new Set<string>();
  for (const ref of refs) {
    const uid = '__entity' in ref ? ref.__entity : ref;
    // The schema declares no action groups; anything else is treated as covering every action.
    if (uid.type !== `${NAMESPACE}::Action`) return null;
    actions.add(uid.id);
  }
  return actions;
}

/** Walks Cedar's JSON policy format and records every attribute name read. */
function collectReads(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectReads(item, names);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === '.' || key === 'has') && value !== null && typeof value === 'object' && 'attr' in value) {
      const attr = (value as { attr: string | string[] }).attr;
      for (const name of Array.isArray(attr) ? attr : [attr]) names.add(name);
    }
    collectReads(value, names);
  }
}
