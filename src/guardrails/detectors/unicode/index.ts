import type { Detector, DetectContext, Finding } from '../../types.js';
import { isFlagSequence, selectorAt, selectorRun, tagAt } from './hidden.js';

export { revealHidden } from './hidden.js';

/**
 * Unicode detector: characters a reader cannot see but a model can. Threats covered: invisible characters
 * splitting words past keyword filters, Unicode tag characters (U+E0000-E007F) smuggling ASCII
 * instructions, runs of variation selectors smuggling bytes, bidi overrides reordering text (Trojan Source, CVE-2021-42574), and words that mix Latin
 * with Cyrillic or Greek letters (homoglyph spoofing).
 */

export interface UnicodeDetectorOptions {
  /** Report mixed-script words. Default true. */
  homoglyphs?: boolean;
}

enum Script {
  None = 0,
  Latin = 1,
  Cyrillic = 2,
  Greek = 4,
}

// Every character any rule cares about; text without one (most prompts, even non-English) returns at once.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: \udb40 alone on purpose (the high surrogate of every tag character), no u flag for speed
const SUSPECT = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069\udb40\u0370-\u04ff\ufe00-\ufe0f]/;

function invisibleScore(code: number): number {
  switch (code) {
    case 0x200b: // zero-width space
    case 0x2060: // word joiner
    case 0x2061:
    case 0x2062:
    case 0x2063:
    case 0x2064:
    case 0x180e: // Mongolian vowel separator
    case 0xfeff: // BOM, when not at the start
      return 0.8;
    case 0x00ad: // soft hyphen: legitimate in hyphenated text, so weaker
      return 0.4;
    case 0x200c: // ZWNJ and ZWJ are legitimate in Persian, Indic scripts and emoji
    case 0x200d:
      return 0.4;
    default:
      return 0;
  }
}

function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

function scriptOf(code: number): Script {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return Script.Latin;
  if (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) return Script.Latin;
  if (code >= 0x400 && code <= 0x4ff) return Script.Cyrillic;
  if (code >= 0x370 && code <= 0x3ff) return Script.Greek;
  return Script.None;
}

function continuesWord(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x5f || (code >= 0x300 && code <= 0x36f);
}

function scriptNames(mask: number): string {
  const names: string[] = [];
  if (mask & Script.Latin) names.push('Latin');
  if (mask & Script.Cyrillic) names.push('Cyrillic');
  if (mask & Script.Greek) names.push('Greek');
  return names.join('+');
}

function scanTags(text: string, i: number, findings: Finding[]): number {
  let end = i;
  let hidden = 0;
  while (end < text.length) {
    const cp = tagAt(text, end);
    if (cp === -1) break;
    if (cp >= 0xe0020 && cp <= 0xe007e) hidden++;
    end += 2;
  }
  if (!isFlagSequence(text, i, end)) {
    findings.push({
      detector: 'unicode',
      type: 'tag_characters',
      score: 1,
      start: i,
      end,
      evidence: `${hidden} hidden ASCII chars`,
    });
  }
  return end;
}

/** Creates the unicode detector. */
export function createUnicodeDetector(options: UnicodeDetectorOptions = {}): Detector {
  const homoglyphs = options.homoglyphs ?? true;

  function detectUnicode(text: string, _context: DetectContext): Finding[] {
    if (typeof text !== 'string' || !SUSPECT.test(text)) return [];
    const scan = new UnicodeScan(homoglyphs);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        scan.endInvisible(i);
        scan.wordCharacter(code, i);
        continue;
      }
      const score = hiddenScore(text, i, code);
      if (score > 0) {
        scan.invisible(i, score);
        continue; // invisible characters do not end a word: 'pay\u200bpal' is one word to a reader
      }
      scan.endInvisible(i);
      i = scanVisible(text, i, code, scan);
    }
    return scan.finish(text.length);
  }

  return { name: 'unicode', detect: detectUnicode };
}

/** How strongly a character at `i` hides something; 0 for a visible one, or one used as intended. */
function hiddenScore(text: string, i: number, code: number): number {
  // ZWJ between emoji (after a surrogate or a variation selector) builds one glyph: not hidden.
  if (code === 0x200d) {
    const prev = text.charCodeAt(i - 1);
    if ((prev >= 0xdc00 && prev <= 0xdfff) || prev === 0xfe0f) return 0;
  }
  if (code === 0xfeff && i === 0) return 0;
  return invisibleScore(code);
}

/**
 * A visible non-ASCII character at `i`: a run of variation selectors, a run of tag characters, a bidi
 * control, or a letter of the word being read. Returns the index of the last character it consumed.
 */
function scanVisible(text: string, i: number, code: number, scan: UnicodeScan): number {
  if (selectorAt(text, i) !== null) {
    const run = selectorRun(text, i);
    // One selector picks an emoji or text presentation; a run of them is a payload.
    if (run.bytes.length >= 2) {
      scan.findings.push({
        detector: 'unicode',
        type: 'variation_selectors',
        score: 0.9,
        start: i,
        end: run.end,
        evidence: `${run.bytes.length} hidden bytes`,
      });
    }
    return run.end - 1;
  }
  if (code === 0xdb40 && tagAt(text, i) !== -1) {
    scan.endWord(i);
    return scanTags(text, i, scan.findings) - 1;
  }
  if (isBidiControl(code)) {
    scan.endWord(i);
    scan.findings.push({
      detector: 'unicode',
      type: 'bidi_control',
      score: code === 0x202d || code === 0x202e ? 1 : 0.9,
      start: i,
      end: i + 1,
      evidence: `U+${code.toString(16).toUpperCase()}`,
    });
    return i;
  }
  scan.wordCharacter(code, i);
  return i;
}

/** One scan's findings and open spans: the run of invisible characters and the word being read. */
class UnicodeScan {
  readonly findings: Finding[] = [];
  readonly #homoglyphs: boolean;
  #invisibleStart = -1;
  #invisibleScore = 0;
  #wordStart = -1;
  #wordScripts = 0;

  constructor(homoglyphs: boolean) {
    this.#homoglyphs = homoglyphs;
  }

  invisible(i: number, score: number): void {
    if (this.#invisibleStart === -1) this.#invisibleStart = i;
    this.#invisibleScore = Math.max(this.#invisibleScore, score);
  }

  endInvisible(end: number): void {
    if (this.#invisibleStart === -1) return;
    const start = this.#invisibleStart;
    this.findings.push({
      detector: 'unicode',
      type: 'invisible_characters',
      score: this.#invisibleScore,
      start,
      end,
      evidence: `${end - start} invisible chars`,
    });
    this.#invisibleStart = -1;
    this.#invisibleScore = 0;
  }

  /** A letter joins the word being read (noting its script); a digit, `_` or combining mark continues it; anything else ends it. */
  wordCharacter(code: number, i: number): void {
    if (!this.#homoglyphs) return;
    const script = scriptOf(code);
    if (script !== Script.None) {
      if (this.#wordStart === -1) this.#wordStart = i;
      this.#wordScripts |= script;
    } else if (!continuesWord(code)) this.endWord(i);
  }

  /** A word mixing Latin with Cyrillic or Greek letters is a finding. */
  endWord(end: number): void {
    if (this.#wordStart !== -1 && this.#wordScripts & Script.Latin && this.#wordScripts & ~Script.Latin) {
      this.findings.push({ detector: 'unicode', type: 'mixed_script', score: 0.8, start: this.#wordStart, end, evidence: scriptNames(this.#wordScripts) });
    }
    this.#wordStart = -1;
    this.#wordScripts = 0;
  }

  finish(end: number): Finding[] {
    this.endInvisible(end);
    this.endWord(end);
    return this.findings;
  }
}
