import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { HeldRule } from './types.js';
import { describeWhen, type HoldWhen } from './rules.js';
import { safePatternEngine } from '../core/safe-pattern.js';
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

/** The tools that have a schema or an approval rule: the only ones the stage has work for. */
export function compileToolPolicies(tools: Readonly<Record<string, ToolConfig>>): Map<string, ToolPolicy> {
  const ajv = new Ajv2020({ allErrors: false, strict: false, code: { regExp: safePatternEngine } });
  const out = new Map<string, ToolPolicy>();
  for (const [name, tool] of Object.entries(tools)) {
    if (!tool.schema && !tool.approval) continue;
    const policy: ToolPolicy = { name, risk: tool.risk };
    if (tool.schema) policy.validate = ajv.compile(tool.schema);
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
