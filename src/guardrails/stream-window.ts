import { encodedTailStart } from './views/encoded-tail.js';

/** Extra characters a trailing escape or character-code run may hold back beyond the window. */
export const ENCODED_HOLD_LIMIT = 1024;

/** A span of the scanned window text to redact before release. */
export interface WindowSpan {
  start: number;
  end: number;
  type: string;
  /** A transform's rewrite of the whole span (see Finding.replacement). */
  replacement?: string | undefined;
}

/**
 * Scans `text` (lookbehind + held text); `base` is the stream offset of its first character. Throws to stop
 * the stream (a block); returns the spans to redact.
 */
export type WindowCheck = (text: string, base: number) => Promise<readonly WindowSpan[]>;

/** Rewrites released text: masks or tokenizes the given spans. */
export type WindowRedact = (text: string, spans: readonly WindowSpan[]) => string;

/**
 * The bounded hold-back window of one streamed choice. Text is released only once it is more than
 * `holdBack` characters behind the newest, and every release is scanned together with the held tail and
 * a lookbehind of released text, so a secret split across chunks is seen whole before any of it leaves.
 * A redactable finding that straddles the release point holds the release back to its start.
 *
 * The window scans when more than `holdBack` characters are held and at least `holdBack` of them arrived
 * since its last scan, or at flush. The first scan comes as soon as more than `holdBack` are held, so time
 * to first token is what it was with a scan per part. After it there is at most one scan per `holdBack` new
 * characters, whatever the size of the parts, and each character is scanned about three times (twice while
 * held, once in the lookbehind), more only while a straddling finding or an encoded run holds the release
 * back. The client gets text in pieces of about `holdBack` characters or more, not one per part. Consecutive
 * scans overlap by at least `2 × holdBack` characters, so a value that long is seen whole in one of them.
 */
export class HoldBackWindow {
  private pending = '';
  private behind = '';
  private released = 0;
  /** Characters pushed since the last scan. */
  private fresh = 0;

  constructor(
    private readonly holdBack: number,
    private readonly check: WindowCheck,
    private readonly redact: WindowRedact,
    /** Where a construct still arriving in the held text starts (-1: none): released only once complete. */
    private readonly openConstruct?: (held: string) => number,
  ) {}

  /** Adds streamed text; returns what may leave now (possibly ''). */
  async push(text: string): Promise<string> {
    this.pending += text;
    this.fresh += text.length;
    // One scan per window of new text: a scan per part would cost the detectors' fixed price per part.
    if (this.pending.length <= this.holdBack || this.fresh < this.holdBack) return '';
    return this.release(this.pending.length - this.holdBack, false);
  }

  /** End of the choice: scans and releases everything held. */
  async flush(): Promise<string> {
    if (this.pending.length === 0) return '';
    return this.release(this.pending.length, true);
  }

  private async release(cut: number, final: boolean): Promise<string> {
    if (!final) {
      // An escape or character-code run still arriving is released whole or not at all: its head alone
      // decodes to a fragment no detector recognises (docs/guardrails-coverage.md, streams).
      const tail = encodedTailStart(this.pending, this.holdBack + ENCODED_HOLD_LIMIT);
      if (tail !== -1 && tail < cut) cut = tail;
      // A Markdown link or an HTML tag still arriving: its head alone looks like text to every transform.
      const open = this.openConstruct?.(this.pending) ?? -1;
      if (open !== -1 && open < cut) cut = open;
    }
    this.fresh = 0;
    const offset = this.behind.length;
    const spans = (await this.check(this.behind + this.pending, this.released - offset)).map((s) => windowSpan(s, offset)).filter((s) => s.end > 0);
    if (!final) {
      let moved = true;
      while (moved) {
        moved = false;
        for (const s of spans) {
          if (s.start < cut && s.end > cut) {
            cut = s.start;
            moved = true;
          }
        }
      }
    }
    // Never split a surrogate pair: half an emoji is not valid text for the client's JSON parser.
    if (!final && cut > 0 && isHighSurrogate(this.pending.charCodeAt(cut - 1))) cut -= 1;
    if (cut <= 0) return '';
    const raw = this.pending.slice(0, cut);
    const inRelease = spans.filter((s) => s.start < cut).map((s) => (s.end > cut ? { start: s.start, end: cut, type: s.type } : s));
    this.pending = this.pending.slice(cut);
    this.behind = (this.behind + raw).slice(-Math.max(this.holdBack, 1));
    this.released += raw.length;
    return inRelease.length > 0 ? this.redact(raw, inRelease) : raw;
  }

  /**
   * Characters held right now: at most twice the window (at 0, one: half a surrogate pair), plus a straddling
   * finding or up to ENCODED_HOLD_LIMIT of a trailing encoded run.
   */
  get held(): number {
    return this.pending.length;
  }
}

/** A span moved to the held text's offsets; one that began in released text keeps no rewrite (masked instead). */
function windowSpan(s: WindowSpan, offset: number): WindowSpan {
  const start = s.start - offset;
  if (start >= 0) return { start, end: s.end - offset, type: s.type, replacement: s.replacement };
  return { start: 0, end: s.end - offset, type: s.type };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
