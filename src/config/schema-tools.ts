import { z } from 'zod';

/**
 * The `tools:` section: every tool an agent may be handed, with the environments that may reach it, its
 * risk, the JSON Schema of its arguments and the rule that holds a call for human approval
 * (docs/agents.md). Kept beside schema-identity.ts, which owns the identities that name these tools.
 */

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const identityRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:_-]{0,127}$/, 'an identity id (or cli:<user> for an operator at the CLI)');

const approvalWhen = z
  .union([
    z.literal('always'),
    z.strictObject({ riskAtLeast: z.enum(RISK_LEVELS).describe("Hold when the tool's risk is at or above this level") }),
    z.strictObject({
      condition: z
        .string()
        .min(1)
        .max(2000)
        .describe('A Cedar condition over the call, e.g. `context.args.amount > 1000`; an evaluation error holds the call (fail closed)'),
    }),
  ])
  .describe('When a call is held: always, by risk level, or when a Cedar condition over its arguments is true');

export const approvalRuleSchema = z.strictObject({
  when: approvalWhen.default('always'),
  approvers: z
    .strictObject({
      roles: z
        .array(z.enum(['admin', 'security', 'approver']))
        .default([])
        .describe('Identities holding any of these roles may approve'),
      identities: z.array(identityRef).default([]).describe('Named identities that may approve'),
      teams: z.array(z.string().min(1)).default([]).describe('Identities whose `team` is one of these may approve (groups)'),
    })
    .prefault({})
    .refine((a) => a.roles.length + a.identities.length + a.teams.length > 0, 'name at least one approver role, identity or team'),
  quorum: z.number().int().min(1).max(10).default(1).describe('Approvals needed from distinct approvers'),
  ttlSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(900)
    .describe('How long a request waits; on expiry it is denied'),
  separationOfDuties: z
    .boolean()
    .default(true)
    .describe(
      'true: the requesting identity, its acting end user and its owner can never approve their own request. false: only the requester itself is excluded',
    ),
});

export const toolSchema = z.strictObject({
  description: z.string().optional(),
  environments: z
    .array(z.enum(['sandbox', 'pilot', 'production']))
    .min(1)
    .optional()
    .describe('Environments that may reach this tool; omit for all. [production] marks it production-only.'),
  risk: z.enum(RISK_LEVELS).default('low').describe('How much harm a wrong call can do; approval rules can hold by risk'),
  schema: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("JSON Schema of the tool's arguments, validated wherever a call is seen (a model's proposed call, an MCP call)"),
  approval: approvalRuleSchema.optional().describe('Hold calls of this tool for human approval'),
});

export type ToolConfig = z.infer<typeof toolSchema>;
export type ApprovalRuleConfig = z.infer<typeof approvalRuleSchema>;

export const approvalsSchema = z.strictObject({
  webhook: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).describe('Where each new pending approval is announced (a Slack or Teams incoming webhook fits)'),
      secret: z
        .string()
        .regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'must be a secret reference such as env:GATEHOUSE_APPROVAL_WEBHOOK_SECRET')
        .optional()
        .describe('HMAC-SHA256 key signing each body (header x-gatehouse-signature)'),
      maxAttempts: z.number().int().min(1).max(20).default(6).describe('Tries per notification, with exponential backoff from 500 ms'),
    })
    .optional()
    .describe('Announce each new pending approval; delivery never blocks a request'),
});

export const toolSections = {
  tools: z.record(z.string().min(1), toolSchema).default({}),
  approvals: approvalsSchema.prefault({}).describe('Human approval of held tool calls: notifications'),
};
