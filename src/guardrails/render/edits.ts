/**
 * What a render transform changes: a span of the scanned text, what goes in its place, and why. Edits
 * become findings of the `render` detector (see detector.ts) whose `replacement` the redaction step writes.
 */

/** How a construct was made safe; recorded as the finding's evidence, never with the removed content. */
export type EditAction = 'defanged' | 'removed' | 'escaped' | 'sanitized' | 'stripped_query' | 'neutralized';

export interface Edit {
  start: number;
  end: number;
  replacement: string;
  /** The finding type: markdown_image, markdown_link, html_tag, dangerous_scheme, ansi_escape, ... */
  type: string;
  action: EditAction;
  /** A host or a tag name: what a reviewer needs to see the attack, never query text or a payload. */
  detail?: string;
}

/** Edits sorted by start, an edit inside an earlier one dropped (its rewrite is part of the outer one's). */
export function outermost(edits: Edit[]): Edit[] {
  edits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Edit[] = [];
  for (const e of edits) {
    const last = kept[kept.length - 1];
    if (last && e.start < last.end) {
      // Partial overlap (rare: a tag straddling a link's end): neither rewrite is exact, so the union goes.
      if (e.end > last.end) kept[kept.length - 1] = { ...last, end: e.end, replacement: '', action: 'removed' };
      continue;
    }
    kept.push(e);
  }
  return kept;
}

/**
 * The text of [start, end) with the edits inside it applied (edits sorted, non-overlapping); `raw` maps the
 * text between edits (escaping it), the edits' own replacements are kept as they are.
 */
export function applyWithin(text: string, start: number, end: number, edits: readonly Edit[], raw: (s: string) => string = (s) => s): string {
  let out = '';
  let at = start;
  for (const e of edits) {
    if (e.start < at || e.end > end) continue;
    out += raw(text.slice(at, e.start)) + e.replacement;
    at = e.end;
  }
  return out + raw(text.slice(at, end));
}
