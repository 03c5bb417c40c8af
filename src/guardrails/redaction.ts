import type { PolicyFinding, ScanTarget } from './policy.js';
import { placeholderLabel, type TokenVault } from './vault.js';

export type RedactionMode = 'mask' | 'tokenize';

/** How a span is replaced: `[EMAIL_ADDRESS]` (mask) or a vault placeholder `<EMAIL_ADDRESS_1>` (tokenize). */
export function replacementFor(mode: RedactionMode, type: string, original: string, vault: TokenVault | undefined): string {
  if (mode === 'tokenize' && vault) return vault.tokenize(type, original);
  return `[${placeholderLabel(type)}]`;
}

interface Span {
  start: number;
  end: number;
  type: string;
  /** A transform's own rewrite of the span (a defanged link); dropped when spans merge, which then mask. */
  replacement?: string | undefined;
}

/**
 * Replaces the spans of findings in a text. Overlapping spans merge into one replacement, named after the
 * earliest finding, so no fragment of a longer secret survives between two masks.
 */
export function redactText(
  text: string,
  findings: readonly Pick<PolicyFinding, 'start' | 'end' | 'type' | 'replacement'>[],
  mode: RedactionMode,
  vault: TokenVault | undefined,
): string {
  const spans = mergeSpans(findings, text.length);
  if (spans.length === 0) return text;
  const pieces: string[] = [];
  let at = 0;
  for (const span of spans) {
    const replacement = span.replacement ?? replacementFor(mode, span.type, text.slice(span.start, span.end), vault);
    pieces.push(text.slice(at, span.start), replacement);
    at = span.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

function mergeSpans(findings: readonly Span[], length: number): Span[] {
  const spans: Span[] = [];
  let ordered = true;
  for (const f of findings) {
    const start = Math.max(0, f.start);
    const end = Math.min(length, f.end);
    if (end <= start) continue;
    const last = spans[spans.length - 1];
    if (last && (start < last.start || (start === last.start && end > last.end))) ordered = false;
    // A transform's rewrite is only exact for the span it was computed on: clipped, the span is masked.
    const replacement = start === f.start && end === f.end ? f.replacement : undefined;
    spans.push({ start, end, type: f.type, replacement });
  }
  // Detectors report in text order: the sort (n log n, on 100k spans a measurable part of a large request) is rarely needed.
  if (!ordered) spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      // Two rewrites of overlapping text cannot both apply: the union is masked, so neither half survives.
      if (span.end > last.end || span.replacement !== undefined) last.replacement = undefined;
      last.end = Math.max(last.end, span.end);
    } else merged.push(span);
  }
  return merged;
}

/** Rewrites each target that has redact findings, all of its spans at once. */
export function applyRedactions(targets: readonly ScanTarget[], findings: readonly PolicyFinding[], mode: RedactionMode, vault: TokenVault | undefined): void {
  const byTarget = new Map<number, PolicyFinding[]>();
  for (const f of findings) {
    if (f.action !== 'redact') continue;
    const list = byTarget.get(f.target) ?? [];
    list.push(f);
    byTarget.set(f.target, list);
  }
  for (const [index, list] of byTarget) {
    const target = targets[index];
    target?.replace?.(redactText(target.text, list, mode, vault));
  }
}
