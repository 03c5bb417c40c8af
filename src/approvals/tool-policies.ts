import { compileSchema, type ValidateFunction } from '../core/json-schema.js';
import type { HeldRule } from './types.js';
import { describeWhen, type HoldWhen } from './rules.js';
import type { ToolConfig } from '../config/schema-tools.js';

/** One tool as the hold stage sees it, compiled once per configuration version. */
export interface ToolPolicy {
  name: string;
  risk: string;
  /** The compiled argument schema; absent: any arguments. */
  validate?: ValidateFunction;
  /** The approval rule; absent: never held. */
  rule?: { when: HoldWhen; held: HeldRule };
}

/**
 * The tools that have a schema or an approval rule: the only ones the stage has work for. A schema compiles
 * with the gateway's one compiler (src/core/json-schema.ts), so the hold and validate-tool-args judge the
 * same arguments alike.
 */
export function compileToolPolicies(tools: Readonly<Record<string, ToolConfig>>): Map<string, ToolPolicy> {
  const out = new Map<string, ToolPolicy>();
  for (const [name, tool] of Object.entries(tools)) {
    if (!tool.schema && !tool.approval) continue;
    const policy: ToolPolicy = { name, risk: tool.risk };
    if (tool.schema) policy.validate = compileSchema(tool.schema);
    if (tool.approval) {
      const a = tool.approval;
      const when = a.when as HoldWhen;
      policy.rule = {
        when,
        held: {
          subject: name,
          risk: tool.risk,
          when: describeWhen(when),
          approvers: { roles: [...a.approvers.roles], identities: [...a.approvers.identities], teams: [...a.approvers.teams] },
          quorum: a.quorum,
          ttlSeconds: a.ttlSeconds,
          separationOfDuties: a.separationOfDuties,
        },
      };
    }
    out.set(name, policy);
  }
  return out;
}
