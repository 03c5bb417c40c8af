import { z } from 'zod';

export const JUDGE_FORMATS = ['llama_guard', 'json'] as const;
export type JudgeFormat = (typeof JUDGE_FORMATS)[number];

/** Options of the llm_judge detector, as written under `options:` in a guardrail policy. */
export const llmJudgeOptionsSchema = z.strictObject({
  model: z.string().min(1),
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  format: z.enum(JUDGE_FORMATS).default('llama_guard'),
  prompt: z
    .string()
    .refine((p) => p.includes('{{text}}'), 'must contain {{text}}, where the scanned text goes')
    .optional(),
  categories: z.array(z.string().trim().min(1)).min(1).optional(),
});

export type LlmJudgeOptions = z.input<typeof llmJudgeOptionsSchema>;
export type ParsedLlmJudgeOptions = z.output<typeof llmJudgeOptionsSchema>;

/** Validates the options; throws a TypeError naming each bad option path. */
export function parseLlmJudgeOptions(options: unknown): ParsedLlmJudgeOptions {
  const parsed = llmJudgeOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new TypeError(parsed.error.issues.map((i) => `${['options', ...i.path].join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
