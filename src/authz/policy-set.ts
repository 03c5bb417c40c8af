import { createHash } from 'node:crypto';
import { cedarWasm } from './cedar-wasm.js';
import type { GatehouseConfig } from '../config/schema.js';
import { builtinPolicies, type PolicySource } from './builtin-policies.js';
import { issueAt, loadPolicyFile, type PolicyIssue } from './policy-files.js';
import { cedarSchema } from './schema.js';
import { conditionProblem } from './conditions.js';

/** The policies of one configuration version, validated, with the version they are recorded under. */
export interface LoadedPolicySet {
  policies: readonly PolicySource[];
  /** Every policy in evaluation-independent order, each headed by `// <id>`: what `version` hashes. */
  text: string;
  /** sha256 (hex) of `text`. */
  version: string;
}

export type PolicySetResult = { ok: true; set: LoadedPolicySet } | { ok: false; issues: PolicyIssue[] };

/** Thrown by createAuthorizer when the policies do not load: `issues` says where and why. */
export class PolicyError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`invalid authorization policies:\n${issues.map(formatPolicyIssue).join('\n')}`);
    this.name = 'PolicyError';
  }
}

/** `file:line:column: message`, the position left out where Cedar gives none. */
export function formatPolicyIssue(issue: PolicyIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${issue.message}`;
}

/**
 * Built-in policies followed by every file of `policies.files`, each validated against the schema
 * (strict mode); ids must be unique. Reads the files synchronously: this runs at load and reload only.
 */
export function loadPolicySet(config: GatehouseConfig, baseDir: string): PolicySetResult {
  const policies = builtinPolicies();
  // Per configuration: `context.args` of use_tool is typed from the tools' argument schemas (tool-args.ts).
  const schema = cedarSchema(config.tools);
  const issues: PolicyIssue[] = [];
  const seenFiles = new Set<string>();
  for (const file of config.policies.files) {
    if (seenFiles.has(file)) {
      issues.push({ file, message: 'listed more than once in policies.files' });
      continue;
    }
    seenFiles.add(file);
    const loaded = loadPolicyFile(file, baseDir, schema);
    issues.push(...loaded.issues);
    policies.push(...loaded.policies);
  }
  issues.push(...duplicateIds(policies), ...conditionIssues(config));
  if (issues.length === 0) issues.push(...validateTogether(policies, schema));
  if (issues.length > 0) return { ok: false, issues };
  const text = policies.map((p) => `// ${p.id}\n${p.text}\n`).join('\n');
  const version = createHash('sha256').update(text).digest('hex');
  return { ok: true, set: { policies, text, version } };
}

/**
 * Approval conditions (`tools.<name>.approval.when.condition`) are Cedar too: one that does not parse is
 * refused at load and by `gatehouse check`, rather than holding every call of its tool at run time.
 */
function conditionIssues(config: GatehouseConfig): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const [name, tool] of Object.entries(config.tools)) {
    const when = tool.approval?.when;
    if (typeof when !== 'object' || !('condition' in when)) continue;
    const problem = conditionProblem(when.condition);
    if (problem) issues.push({ file: `tools.${name}.approval.when.condition`, message: problem });
  }
  return issues;
}

function duplicateIds(policies: readonly PolicySource[]): PolicyIssue[] {
  const firstOrigin = new Map<string, string>();
  const issues: PolicyIssue[] = [];
  for (const p of policies) {
    const earlier = firstOrigin.get(p.id);
    if (earlier === undefined) firstOrigin.set(p.id, p.origin);
    else issues.push({ file: p.origin, message: `duplicate policy id "${p.id}" (also in ${earlier})` });
  }
  return issues;
}

/** The whole set once more, as evaluated: catches what per-file checks cannot see (a broken built-in). */
function validateTogether(policies: readonly PolicySource[], schema: string): PolicyIssue[] {
  const byId = new Map(policies.map((p) => [p.id, p]));
  const answer = cedarWasm().validate({ schema, policies: { staticPolicies: asRecord(policies) }, validationSettings: { mode: 'strict' } });
  if (answer.type === 'failure') return answer.errors.map((e) => ({ file: 'policies', message: e.message }));
  return answer.validationErrors.map((v) => {
    const p = byId.get(v.policyId);
    return p ? issueAt(p.origin, p.text, v.error) : { file: 'policies', message: v.error.message };
  });
}

/** Cedar's static policy set keyed by our ids, so Cedar's answers name policies by them. */
export function asRecord(policies: readonly PolicySource[]): Record<string, string> {
  return Object.fromEntries(policies.map((p) => [p.id, p.text]));
}
