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
   * original text, or -1 for no e-mail) up to `emailEnd` (see emailEnd), not a request written above or below it.
   */
  find(codes: Uint16Array, origin: Int32Array, length: number, breaks: readonly number[], maxLength: number, email: number, emailEnd = Infinity): void {
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
      const documentContext = email >= 0 && origin[a]! >= email && origin[a]! < emailEnd ? LINE_IN_EMAIL : 0;
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

/** A paragraph break: a line with nothing but spaces on it. */
const PARAGRAPH_BREAK = /\n[ \t]*\r?\n/g;
/** A request about something at hand, as a user puts it ("Summarise this email for me", "Can you reply to it?"). */
const USER_REQUEST =
  /^(?:(?:ok(?:ay)?|now|so|and|please|pls|can|could|would|will)\b[\s,]*){0,3}(?:you\s+|(?:when|while|once|before|after)\s+you\s+)?(?:please\s+)?(?:summari[sz]e|sum\s+up|translate|draft|write|reply|respond|rewrite|proofread|extract|list|tell\s+me|give\s+me|what|is|are|does|do|should|explain|classify|answer|help|check|make|turn|ignore|forget|skip)\b/i;
/** The request is about the pasted text ("this email", "the message above", "it", "a reply") or the user's own ("me", "my"). */
const ABOUT_THE_PASTE =
  /\b(?:(?:this|that|the|above|pasted|forwarded)\s+(?:e-?mails?|mails?|messages?|letters?|thread|note|memo)|above|this|it|reply|response|summary|translation|me|my|i)\b/i;
/**
 * What an instruction planted in the e-mail says and a user's own request does not: it names the AI or the user
 * in the third person, or the reader's reply ("your summary"), the shapes of the data-only rules (rules.ts), or
 * carries a link.
 */
const PLANTED =
  /\b(?:assistant|ai|a\.i\.|llm|language\s+model|chatbot|bot|gpt|model|the\s+(?:user|reader|recipient)s?|your\s+(?:reply|response|answer|summary|output))\b|https?:\/\/|www\./i;
/** Longest trailing paragraph read as the user's own request. */
const MAX_REQUEST = 300;

/**
 * Where the e-mail that starts at `start` ends within text[start, to): at its last paragraph when that paragraph
 * is the user's own request about it, written after the paste ("Summarise this email for me."): short, put as a
 * request, about the pasted text, and without the shapes of a planted instruction (PLANTED), which stay the
 * e-mail's. Otherwise `to`: the e-mail runs to the end.
 */
export function emailEnd(text: string, start: number, to: number): number {
  PARAGRAPH_BREAK.lastIndex = start;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = PARAGRAPH_BREAK.exec(text)) !== null && m.index < to) last = m.index + m[0].length;
  if (last < 0 || to - last > MAX_REQUEST) return to;
  // The e-mail needs a body of its own before the request: header fields alone are not one.
  const before = text.slice(start, last);
  if (!/\n[ \t]*\r?\n[ \t]*\S/.test(before.trimEnd()) && !/\n[^\n:]{20,}/.test(before)) return to;
  const para = text.slice(last, to).trim();
  return USER_REQUEST.test(para) && ABOUT_THE_PASTE.test(para) && !PLANTED.test(para) ? last : to;
}
