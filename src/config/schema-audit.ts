import { z } from 'zod';

/**
 * Config section `audit`: how the tamper-evident trail is anchored. Every record is always sealed into
 * the hash chain; checkpoints sign Merkle roots over it at an interval with an Ed25519 key.
 */
export const auditSchema = z.strictObject({
  checkpointKey: z
    .string()
    .regex(/^(env|file):.+/, 'must be a secret reference: env:NAME or file:path')
    .optional()
    .describe('Ed25519 private key (PKCS#8 PEM) that signs checkpoints, as a secret reference. Without it, a key file is created at keyFile'),
  keyFile: z.string().min(1).default('./data/audit-checkpoint.key').describe('Where the generated checkpoint key is kept (mode 0600) when checkpointKey is not set; relative to the working directory'),
  checkpointIntervalSeconds: z.number().int().min(1).max(86_400).default(60).describe('How often new entries are covered by a signed checkpoint'),
});

export const auditSections = {
  audit: auditSchema.prefault({}),
};

export type AuditConfig = z.infer<typeof auditSchema>;
