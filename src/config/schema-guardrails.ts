import { z } from 'zod';
import type { DetectorName } from '../guardrails/types.js';
import { approvalRuleSchema } from './schema-tools.js';

/**
 * Config section `guardrails`: named profiles of per-detector policies for input and output, and which
 * profile applies by default in each environment. An identity's `guardrailProfile` overrides the default.
 * Detector names are an enum, so a misspelled detector is a config error rather than a check silently skipped.
 */

/** Detectors that read requests. */
export const INPUT_DETECTORS = [
  'prompt_injection',
  'unicode',
  'encoding',
  'pii',
  'secrets',
  'keywords',
  'regex',
  'topics',
  'code',
  'urls',
  'webhook',
  'llm_judge',
  'classifier',
] as const satisfies readonly DetectorName[];

/** Detectors that read model output: the input ones plus those only meaningful on an answer. */
export const OUTPUT_DETECTORS = [...INPUT_DETECTORS, 'json_schema', 'canary', 'refusal', 'render', 'exfiltration'] as const satisfies readonly DetectorName[];

export const GUARDRAIL_ACTIONS = ['allow', 'monitor', 'redact', 'block', 'require_approval'] as const;

const profileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - only (max 64)');

const detectorPolicySchema = z.strictObject({
  action: z
    .enum(GUARDRAIL_ACTIONS)
    .describe(
      "allow: ignore; monitor: record only; redact: mask or tokenize the span; block: refuse; require_approval: hold the request for a person (input: the profile's `approval` rule decides who may release it; output: refused with approval_required)",
    ),
  threshold: z.number().min(0).max(1).default(0.5).describe('Findings scoring below this are ignored'),
  failMode: z
    .enum(['closed', 'open'])
    .default('closed')
    .describe('What a detector error means: closed refuses with guardrail_unavailable; open continues and is recorded'),
  options: z.record(z.string(), z.unknown()).default({}).describe("The detector's own options"),
});

const profileSchema = z.strictObject({
  input: z.partialRecord(z.enum(INPUT_DETECTORS), detectorPolicySchema).default({}).describe('Policies applied to every scannable text of a request'),
  output: z
    .partialRecord(z.enum(OUTPUT_DETECTORS), detectorPolicySchema)
    .default({})
    .describe('Policies applied to the answer text, tool-call arguments and streamed deltas'),
  redaction: z
    .strictObject({
      mode: z
        .enum(['mask', 'tokenize'])
        .default('mask')
        .describe('mask: [EMAIL_ADDRESS]; tokenize: <EMAIL_ADDRESS_1_k7q2mx> (a per-request nonce), reversible within the request'),
      restore: z.boolean().default(false).describe('Put tokenized originals back in the answer for the caller'),
    })
    .prefault({}),
  streaming: z
    .strictObject({
      holdBackChars: z
        .number()
        .int()
        .min(0)
        .max(16_384)
        .default(64)
        .describe(
          'Streamed text is released only once it is this many characters behind the newest, in pieces of about this many characters or more (scanned once per window of new text, not per part); bounds the extra time to first token',
        ),
    })
    .prefault({}),
  approval: approvalRuleSchema
    .omit({ when: true })
    .prefault({ approvers: { roles: ['admin', 'security'] } })
    .describe(
      "Who may release a request an input policy with action require_approval held (docs/guardrails.md): approvers, quorum, TTL and separation of duties, as a tool's approval rule. Default: one approval by an admin or security identity within 15 minutes, separation of duties on",
    ),
  limits: z
    .strictObject({
      maxScanChars: z
        .number()
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .default(2 * 1024 * 1024)
        .describe(
          'Characters (UTF-16 code units, decoded views included) each detector may scan per direction of a request; past it a detector ends in its failMode: closed refuses with scan_budget_exceeded, open scans up to the budget and records fail_open',
        ),
      findingsPerDetector: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(100)
        .describe('Findings of one detector in one direction kept in the record; past it the record keeps a count per detector and type'),
      recordedFindings: z
        .number()
        .int()
        .min(1)
        .max(100_000)
        .default(500)
        .describe('Findings of all detectors, both directions, kept in the record; past it the record keeps counts'),
    })
    .prefault({}),
});

/** Shape of an unknown request field: its name, or its place without indexes (`messages.reasoning_content`). */
const extraFieldName = z
  .string()
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+){0,2}$/, 'a field name, or messages.<field>, or messages.content.<part type or field>');

export const guardrailsSchema = z
  .strictObject({
    profiles: z.record(profileName, profileSchema).default({}),
    allowedExtraFields: z
      .array(extraFieldName)
      .default([])
      .describe(
        'Request fields the gateway does not know that production identities may send (e.g. documents, chat_template, messages.reasoning_content, messages.content.video_url). They are forwarded and scanned like every field; any other unknown field is refused for production identities with invalid_request. Applies when at least one guardrail profile is configured.',
      ),
    defaults: z
      .strictObject({
        sandbox: profileName.optional(),
        pilot: profileName.optional(),
        production: profileName.optional(),
        anonymous: profileName.optional().describe('Profile for callers while auth is off'),
      })
      .prefault({}),
  })
  .superRefine((g, ctx) => {
    for (const [key, name] of Object.entries(g.defaults)) {
      if (name !== undefined && !(name in g.profiles)) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaults', key],
          message: `unknown guardrail profile "${name}" (defined: ${Object.keys(g.profiles).join(', ') || 'none'})`,
        });
      }
    }
  });

export const guardrailsSections = {
  guardrails: guardrailsSchema.prefault({}),
};

export type GuardrailsConfig = z.infer<typeof guardrailsSchema>;
export type GuardrailProfileConfig = z.infer<typeof profileSchema>;
export type DetectorPolicyConfig = z.infer<typeof detectorPolicySchema>;
export type GuardrailApprovalConfig = GuardrailProfileConfig['approval'];
export type ScanLimitsConfig = GuardrailProfileConfig['limits'];
export type GuardrailAction = (typeof GUARDRAIL_ACTIONS)[number];
