/**
 * A view is a decoded or normalised reading of a text (base64 decoded, reversed, spaces removed, ...) that
 * remembers, for each of its characters, which span of the original produced it. A detector scans the view
 * and reports its findings on the original, so redaction and blocking act on what the client sees.
 */

export type ViewKind = 'base64' | 'hex' | 'url' | 'escapes' | 'char_codes' | 'compat' | 'spaced' | 'reversed' | 'rot13' | string;

export interface TextView {
  kind: ViewKind;
  text: string;
  /** Original start of view character i. */
  from: Int32Array;
  /** Original end (exclusive) of view character i. */
  to: Int32Array;
}

/** The original span [start, end) that view characters [start, end) came from. */
export function originalSpan(view: TextView, start: number, end: number): { start: number; end: number } {
  let s = Number.MAX_SAFE_INTEGER;
  let e = 0;
  const last = Math.min(end, view.text.length);
  for (let i = Math.max(0, start); i < last; i++) {
    if ((view.from[i] as number) < s) s = view.from[i] as number;
    if ((view.to[i] as number) > e) e = view.to[i] as number;
  }
  return s > e ? { start: 0, end: 0 } : { start: s, end: e };
}

/** Builds a view piece by piece: copied stretches keep their offsets, decoded pieces point at their source span. */
export class ViewBuilder {
  private text = '';
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  constructor(private readonly kind: ViewKind) {}

  /** Copies original[start, end) unchanged. */
  copy(original: string, start: number, end: number): void {
    this.text += original.slice(start, end);
    for (let i = start; i < end; i++) {
      this.from.push(i);
      this.to.push(i + 1);
    }
  }

  /** Appends `decoded`, every character of it coming from original[start, end). */
  emit(decoded: string, start: number, end: number): void {
    this.text += decoded;
    for (let i = 0; i < decoded.length; i++) {
      this.from.push(start);
      this.to.push(end);
    }
  }

  build(): TextView {
    return { kind: this.kind, text: this.text, from: Int32Array.from(this.from), to: Int32Array.from(this.to) };
  }
}

/** A view that is one decoded piece standing for original[start, end). */
export function segmentView(kind: ViewKind, decoded: string, start: number, end: number): TextView {
  return { kind, text: decoded, from: new Int32Array(decoded.length).fill(start), to: new Int32Array(decoded.length).fill(end) };
}
