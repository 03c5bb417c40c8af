import { ViewBuilder, type TextView } from './view.js';

/**
 * Compatibility forms folded (NFKC: full-width `ｇｈｐ＿`, mathematical bold, circled letters) and invisible
 * characters dropped (soft hyphen, zero-width space and joiners, word joiner, BOM): a secret typed in them
 * reads like any other once folded.
 */

const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/;
// Full-width forms, enclosed alphanumerics, mathematical alphanumerics (surrogate U+D835), and invisibles.
const PREFILTER = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\uff01-\uff5e\u2460-\u24ff\ud835\u1d00-\u1dbf\u2070-\u209f]/;

/** The folded text, or null when nothing in it folds. */
export function compatView(text: string): TextView | null {
  if (!PREFILTER.test(text)) return null;
  const b = new ViewBuilder('compat');
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const ch = wide ? text.slice(i, i + 2) : (text[i] as string);
    const folded = INVISIBLE.test(ch) ? '' : ch.normalize('NFKC');
    if (folded !== ch) {
      b.copy(text, last, i);
      b.emit(folded, i, i + ch.length);
      last = i + ch.length;
    }
    if (wide) i++;
  }
  b.copy(text, last, text.length);
  return b.build();
}
