import { z } from 'zod';
import type { Finding } from '../../types.js';
import { WebhookDetectorError } from './error.js';

/**
 * A finding type lands in policy ids, trace notes and metric labels, so it is kept to a short identifier
 * rather than escaped wherever it is shown.
 */
const FINDING_TYPE = /^[A-Za-z0-9_.:/-]{1,64}$/;
const MAX_FINDINGS = 1_000;
const MAX_EVIDENCE = 128;

const findingSchema = z.object({
  type: z.string().regex(FINDING_TYPE, 'must be 1-64 characters of A-Z a-z 0-9 _ . : / -'),
  score: z.number(),
  start: z.int().optional(),
  end: z.int().optional(),
  evidence: z.string().optional(),
});

const answerSchema = z.object({ findings: z.array(findingSchema).max(MAX_FINDINGS) });

/**
 * Parses the webhook's answer `{ "findings": [{type, score, start?, end?, evidence?}] }` into findings on a
 * text of `length` UTF-16 code units. Scores are clamped to 0..1 and spans to the text; a span left empty
 * (or wholly outside the text) is refused rather than kept, since an empty span would redact nothing.
 * Anything malformed throws, so the policy's failMode decides. Errors never quote the body.
 */
export function parseWebhookAnswer(body: string, length: number, types: ReadonlySet<string> | undefined): Finding[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new WebhookDetectorError('the webhook answered with malformed JSON');
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookDetectorError(`the webhook answered an unexpected body (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`);
  }
  const findings: Finding[] = [];
  for (const [i, f] of parsed.data.findings.entries()) {
    if (types && !types.has(f.type)) continue;
    const start = clamp(f.start ?? 0, 0, length);
    const end = clamp(f.end ?? length, 0, length);
    if (start >= end) throw new WebhookDetectorError(`the webhook answered an empty or out-of-range span (findings.${i})`);
    const finding: Finding = { detector: 'webhook', type: f.type, score: clamp(f.score, 0, 1), start, end };
    if (f.evidence !== undefined) finding.evidence = f.evidence.slice(0, MAX_EVIDENCE);
    findings.push(finding);
  }
  return findings;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
