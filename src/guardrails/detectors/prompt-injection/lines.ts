/**
 * Lines scored alone, with markers for where they sit. An instruction on its own line between table rows
 * or inside an email is the shape of indirect injection (BIPIA inserts its attacks that way, and so do
 * real poisoned documents), while the same sentence as a whole prompt is usually a harmless request: the
 * marker lets the model weigh the two differently.
 */
import { mix } from './hashing.js';

/** Lines shorter than this (normalised units) are not scored alone: too few grams to mean anything. */
export const MIN_LINE = 20;

/** Unit markers: any line cut from a multi-line text, then its context (at most one). */
export const LINE_MARKER = mix(0x2f6c696e);
export const LINE_AFTER_ROW = mix(0x2f726f77);
export const LINE_BEFORE_ROW = mix(0x726f772f);
export const LINE_BETWEEN_ROWS = mix(0x7c2f2f7c);
export const LINE_IN_EMAIL = mix(0x406d6169);

/** Message header fields: two or more make a text an email, where an instruction line is someone else's. */
const EMAIL_HEADER = /(?:^|[\n|])[ \t]*(?:subject|from|to|cc|date|sent|email_from|received date)[ \t]*:/gi;
const PIPE = 124;
const SPACE = 32;

/** Reusable unit spans (lines, or sentences): [start, end) in normalised units and a context marker (0 for none). */
export class LineSpans {
  start = new Int32Array(64);
  end = new Int32Array(64);
  context = new Int32Array(64);
  count = 0;

  push(a: number, b: number, context: number): void {
    if (this.count === this.start.length) {
      const grow = (x: Int32Array) => {
        const y = new Int32Array(x.length * 2);
        y.set(x);
        return y;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.context = grow(this.context);
    }
    this.start[this.count] = a;
    this.end[this.count] = b;
    this.context[this.count++] = context;
  }

  /**
   * Lines of codes[0, length) between the given break offsets, trimmed, MIN_LINE..maxLength long. A line
   * that is not itself a table row ('|' at either end) but borders one gets a row marker; otherwise, lines
   * of an e-mail get the e-mail marker: those from its first header field on (`email`, an offset in the
   * original text, or -1 for no e-mail), not a request written above it.
   */
  find(codes: Uint16Array, origin: Int32Array, length: number, breaks: readonly number[], maxLength: number, email: number): void {
    this.count = 0;
    if (breaks.length === 0) return;
    const spans: Array<[number, number, boolean]> = [];
    for (let k = 0; k <= breaks.length; k++) {
      let a = k === 0 ? 0 : breaks[k - 1]!;
      let b = k === breaks.length ? length : breaks[k]!;
      while (a < b && codes[a] === SPACE) a++;
      while (b > a && codes[b - 1] === SPACE) b--;
      if (b > a) spans.push([a, b, codes[a] === PIPE || codes[b - 1] === PIPE]);
    }
    for (let k = 0; k < spans.length; k++) {
      const [a, b, row] = spans[k]!;
      if (b - a < MIN_LINE || b - a > maxLength) continue;
      const before = !row && k > 0 && spans[k - 1]![2];
      const after = !row && k + 1 < spans.length && spans[k + 1]![2];
      const documentContext = email >= 0 && origin[a]! >= email ? LINE_IN_EMAIL : 0;
      this.push(a, b, before && after ? LINE_BETWEEN_ROWS : before ? LINE_AFTER_ROW : after ? LINE_BEFORE_ROW : documentContext);
    }
  }
}

/**
 * Where the e-mail in text[from, to) starts (the offset in text of its first header field), or -1 when it
 * carries fewer than two. Lines before it (a user's "summarise this:") are not the e-mail's.
 */
export function emailStart(text: string, from: number, to: number): number {
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  EMAIL_HEADER.lastIndex = 0;
  let first = -1;
  let fields = 0;
  let m: RegExpExecArray | null;
  while ((m = EMAIL_HEADER.exec(part)) !== null) {
    if (first < 0) first = from + m.index;
    if (++fields >= 2) return first;
  }
  return -1;
}
