/**
 * Text hidden in invisible code points: Unicode tag characters (U+E0000-E007F) mirror ASCII, and
 * variation selectors (U+FE00-FE0F, U+E0100-E01EF) can carry one byte each.
 */

/** Code point of a tag character (U+E0000-E007F) starting at i, or -1. */
export function tagAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0xdb40) return -1;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdc7f ? 0xe0000 + (low - 0xdc00) : -1;
}

/** Emoji subdivision flags (England, Scotland, Wales) are U+1F3F4 followed by tags: legitimate. */
export function isFlagSequence(text: string, start: number, end: number): boolean {
  return start >= 2 && text.charCodeAt(start - 2) === 0xd83c && text.charCodeAt(start - 1) === 0xdff4 && end - start <= 14 && tagAt(text, end - 2) === 0xe007f;
}

/**
 * Byte value and width of a variation selector at i: U+FE00-FE0F carry 0-15, U+E0100-E01EF carry 16-255.
 * A run of them after one visible character smuggles arbitrary bytes ("emoji smuggling").
 */
export function selectorAt(text: string, i: number): [byte: number, width: number] | null {
  const c = text.charCodeAt(i);
  if (c >= 0xfe00 && c <= 0xfe0f) return [c - 0xfe00, 1];
  if (c === 0xdb40) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdd00 && low <= 0xddef) return [low - 0xdd00 + 16, 2];
  }
  return null;
}

/** End of the run of variation selectors starting at i, and the bytes it carries. */
export function selectorRun(text: string, i: number): { end: number; bytes: number[] } {
  const bytes: number[] = [];
  let end = i;
  for (let sel = selectorAt(text, end); sel !== null; sel = selectorAt(text, end)) {
    bytes.push(sel[0]);
    end += sel[1];
  }
  return { end, bytes };
}

/**
 * The text hidden in tag characters (as ASCII) and in runs of two or more variation selectors (as UTF-8
 * bytes), runs joined by newlines, or null when there is none. The policy re-scans it with the injection
 * detector.
 */
export function revealHidden(text: string): string | null {
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: \udb40 is matched alone on purpose: the high surrogate of every tag character
  if (typeof text !== 'string' || !/[\udb40\ufe00-\ufe0f]/.test(text)) return null;
  const runs: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const cp = tagAt(text, i);
    if (cp !== -1) {
      if (cp >= 0xe0020 && cp <= 0xe007e) current += String.fromCharCode(cp - 0xe0000);
      i++;
      continue;
    }
    if (current) runs.push(current);
    current = '';
    if (selectorAt(text, i) !== null) {
      const run = selectorRun(text, i);
      if (run.bytes.length >= 2) runs.push(Buffer.from(run.bytes).toString('utf8'));
      i = run.end - 1;
    }
  }
  if (current) runs.push(current);
  return runs.length > 0 ? runs.join('\n') : null;
}
