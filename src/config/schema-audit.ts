import { z } from 'zod';

/**
 * Config section `audit`: how the tamper-evident trail is anchored. Every record is always sealed into
 * the hash chain; checkpoints sign Merkle roots over it at an interval with an Ed25519 key.
 */
const contentMode = z.enum(['none', 'hashed', 'redacted', 'full']);

export const auditSchema = z.strictObject({
  checkpointKey: z
    .string()
    .regex(/^(env|file):.+/, 'must be a secret reference: env:NAME or file:path')
    .optional()
    .describe('Ed25519 private key (PKCS#8 PEM) that signs checkpoints, as a secret reference. Without it, a key file is created at keyFile'),
  keyFile: z
    .string()
    .min(1)
    .default('./data/audit-checkpoint.key')
    .describe("Where the generated checkpoint key is kept (mode 0600) when checkpointKey is not set; relative to the configuration file's folder"),
  checkpointIntervalSeconds: z.number().int().min(1).max(86_400).default(60).describe('How often new entries are covered by a signed checkpoint'),
  checkpointFile: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Append-only JSON Lines file (mode 0600) that every signed checkpoint is also written to, and that `audit verify` checks against by default. Default: <sqlite path>.checkpoints.jsonl, or audit-checkpoints.jsonl beside keyFile (PostgreSQL); relative to the configuration file's folder",
    ),
  checkpointGraceSeconds: z
    .number()
    .int()
    .min(0)
    .max(604_800)
    .default(300)
    .describe('`audit verify` fails a trail with no checkpoint at all whose first entry is older than checkpointIntervalSeconds plus this'),
  content: z
    .strictObject({
      mode: contentMode
        .default('none')
        .describe('What is kept of prompts and answers: none; hashed (an HMAC digest only); redacted (PII and secrets masked); full'),
      environments: z
        .partialRecord(z.enum(['sandbox', 'pilot', 'production']), contentMode)
        .default({})
        .describe('A different mode per caller environment'),
      key: z
        .string()
        .regex(/^(env|file):.+/, 'must be a secret reference: env:NAME or file:path')
        .optional()
        .describe('Master key (32 bytes, base64) that wraps the per-subject content keys, as a secret reference. Without it, a key file is created at keyFile'),
      keyFile: z
        .string()
        .min(1)
        .default('./data/audit-content.key')
        .describe("Where the generated master key is kept (mode 0600) when key is not set; relative to the configuration file's folder"),
      readers: z
        .array(z.enum(['admin', 'security', 'approver', 'auditor']))
        .default(['security'])
        .describe('Admin roles that may read stored content in search results; everyone else sees metadata only'),
    })
    .prefault({}),
  retention: z
    .strictObject({
      contentDays: z
        .number()
        .int()
        .min(1)
        .max(36_500)
        .default(90)
        .describe('Stored content older than this is purged (unless under legal hold); metadata and the chain stay'),
      purgeIntervalMinutes: z.number().int().min(1).max(10_080).default(60).describe('How often the purge job runs'),
    })
    .prefault({}),
});

export const auditSections = {
  audit: auditSchema.prefault({}),
};

export type AuditConfig = z.infer<typeof auditSchema>;
export type ContentMode = z.infer<typeof contentMode>;
