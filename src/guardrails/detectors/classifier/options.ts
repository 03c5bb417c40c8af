import { z } from 'zod';

/** Options of the classifier detector, as written under `options:` in a guardrail policy. */
export const classifierOptionsSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .describe(
      'Folder of a Hugging Face sequence-classification model exported to ONNX: tokenizer.json, config.json, model.onnx (relative paths resolve against the config file)',
    ),
  labels: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      "Labels of config.json's id2label that count as an attack; default: the one named like INJECTION / JAILBREAK / MALICIOUS / UNSAFE, or LABEL_1 of a two-label model",
    ),
  maxLength: z
    .number()
    .int()
    .min(8)
    .max(8192)
    .optional()
    .describe("Tokens per window, special tokens included; default: config.json's max_position_embeddings, at most 512"),
  stride: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'Tokens between the starts of two windows over a long text; default: three quarters of a window, so a phrase cut by one window is whole in the next',
    ),
  batchSize: z.number().int().min(1).max(256).default(8).describe('Windows per inference run; texts of concurrent requests are batched together up to this'),
  workers: z.number().int().min(1).max(32).default(1).describe('Worker threads, each with its own copy of the model'),
  threads: z.number().int().min(1).max(64).default(1).describe('onnxruntime intra-op threads per worker'),
  maxQueue: z.number().int().min(1).max(100_000).default(256).describe('Texts waiting for a worker; past it a check fails (failMode decides)'),
  timeoutMs: z.number().int().positive().max(120_000).default(2_000).describe('Deadline of one check, queueing included'),
  maxChars: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024)
    .default(65_536)
    .describe('Longest text scored; a longer one fails at once (failMode decides) instead of occupying a worker past its deadline'),
});

export type ClassifierOptions = z.input<typeof classifierOptionsSchema>;
export type ParsedClassifierOptions = z.output<typeof classifierOptionsSchema>;

/** Validates the options; throws a TypeError naming each bad option path. */
export function parseClassifierOptions(options: unknown): ParsedClassifierOptions {
  const parsed = classifierOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new TypeError(parsed.error.issues.map((i) => `${['options', ...i.path].join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
