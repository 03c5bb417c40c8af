import { z } from 'zod';
import type { Finding } from '../../types.js';

/**
 * Why a judge verdict could not be had (provider error, timeout, an answer in neither format). Thrown so the
 * policy's failMode decides; the message never contains the scanned text or the model's answer.
 */
export class LlmJudgeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmJudgeError';
  }
}

/** Llama Guard's category codes: S1..S14 (v2, v3), O1..O6 (v1). */
const LLAMA_GUARD_CATEGORY = /^[A-Z]{1,3}\d{1,3}$/;

/**
 * A Llama Guard answer: first line `safe` or `unsafe`, then the violated categories (`S1,S10`). Each
 * category is one `unsafe:<code>` finding scored 1; `unsafe` with no category line is one `unsafe` finding.
 * With `keep`, categories outside it are ignored.
 */
export function parseLlamaGuardVerdict(answer: string, length: number, keep: ReadonlySet<string> | undefined): Finding[] {
  const lines = answer
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const verdict = lines[0]?.toLowerCase();
  if (verdict === 'safe') return [];
  if (verdict !== 'unsafe') throw new LlmJudgeError('the judge answered neither "safe" nor "unsafe" on its first line');
  const codes = [
    ...new Set(
      (lines[1] ?? '')
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== ''),
    ),
  ];
  if (codes.some((c) => !LLAMA_GUARD_CATEGORY.test(c))) throw new LlmJudgeError('the judge answered "unsafe" with an unreadable category line');
  if (codes.length === 0) return [whole('unsafe', 1, length)];
  return codes.filter((c) => !keep || keep.has(c)).map((c) => whole(`unsafe:${c}`, 1, length));
}

const jsonVerdictSchema = z.object({
  flagged: z.boolean(),
  score: z.number().optional(),
  categories: z.array(z.string()).optional(),
});

/**
 * A JSON answer `{"flagged": bool, "score"?: 0..1, "categories"?: [...]}`, optionally in a Markdown code
 * fence. Flagged: one `flagged:<category>` finding per category (lower-cased, reduced to an identifier), or
 * one `flagged` finding without categories, scored `score` (default 1, clamped to 0..1).
 */
export function parseJsonVerdict(answer: string, length: number, keep: ReadonlySet<string> | undefined): Finding[] {
  const trimmed = answer.trim();
  const body = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed)?.[1] ?? trimmed;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new LlmJudgeError('the judge did not answer with JSON');
  }
  const parsed = jsonVerdictSchema.safeParse(json);
  if (!parsed.success) throw new LlmJudgeError('the judge answered JSON without a boolean "flagged" (or with a bad "score" or "categories")');
  const { flagged, score, categories } = parsed.data;
  if (!flagged) return [];
  const confidence = Math.min(1, Math.max(0, score ?? 1));
  const names = [...new Set((categories ?? []).map(categoryType).filter((c) => c !== ''))];
  if (names.length === 0) return [whole('flagged', confidence, length)];
  return names.filter((c) => !keep || keep.has(c)).map((c) => whole(`flagged:${c}`, confidence, length));
}

/** A model-chosen category as a short identifier: it lands in policy ids, trace notes and metric labels. */
export function categoryType(category: string): string {
  return category
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_')
    .replace(/[^a-z0-9_.:/-]/g, '')
    .slice(0, 48);
}

function whole(type: string, score: number, length: number): Finding {
  return { detector: 'llm_judge', type, score, start: 0, end: length };
}
