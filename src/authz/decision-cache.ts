import type { AuthzDecision } from './types.js';

/**
 * Memoized decisions of one policy version. Cedar is deterministic (no clock, no I/O), so a decision
 * is a pure function of the call's principal, action, resource, context and entity attributes: the key
 * is all of them, serialized. A suspended identity or a changed grant is a different key, so it is
 * seen on the very next request. Bounded; the least recently used entry goes first.
 */
export class DecisionCache {
  private readonly entries = new Map<string, AuthzDecision>();

  constructor(private readonly maxEntries = 8192) {}

  get(key: string): AuthzDecision | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return copy(hit);
  }

  set(key: string, decision: AuthzDecision): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, copy(decision));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Callers own what they get: a cached decision is never shared. */
function copy(d: AuthzDecision): AuthzDecision {
  return { decision: d.decision, policyIds: [...d.policyIds], errors: [...d.errors], policyVersion: d.policyVersion };
}
