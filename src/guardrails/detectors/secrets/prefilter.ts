/**
 * One pass over the text that tells which rule hints (literal prefixes such as `ghp_`, `AKIA`, `://`)
 * occur and how long the longest token-like runs are. A hundred rules each scanning a 4 KB prompt would
 * cost a hundred passes; with this, a rule whose hints are absent costs a table lookup per hint.
 */

export interface TextFacts {
  /** The registered hints that occur in the text (case-sensitive), as indexes into `HintIndex.hints`, each once, in the order found. */
  found: number[];
  /** Length of the longest run of ASCII letters and digits. */
  longestRun: number;
  /** Length of the longest run of ASCII letters, digits, `_` and `-` (a token with separators). */
  longestToken: number;
  /** [start, end) of each such run of 20+ characters, in order (at most 512). */
  longTokens: Array<[number, number]>;
}

export interface HintIndex {
  /** The registered hints, each once, in the order first given: `TextFacts.found` indexes into it. */
  readonly hints: readonly string[];
  /** The index of a registered hint in `hints`, or -1. */
  idOf(hint: string): number;
  facts(text: string): TextFacts;
}

/** Pairs of ASCII characters: the tables are 16K entries, small enough to stay in cache between detectors. */
const PAIRS = 128 * 128;
/** head bits: starts a 3+ character hint; is a 2-character hint; is the second and third characters of a 3+ character hint. */
const STARTS = 1;
const SHORT = 2;
const CONTINUES = 4;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Builds the index once per detector. A position is a candidate when its first two characters start a
 * hint and its second and third continue one (one table of ASCII pairs); only candidates are confirmed with
 * `startsWith`. Hints that are shorter than two characters or not ASCII in their first three are searched
 * with `includes`.
 */
export function buildHintIndex(hints: Iterable<string>): HintIndex {
  const tables = hintTables([...new Set(hints)]);
  const ids = new Map(tables.all.map((hint, h) => [hint, h]));
  return {
    hints: tables.all,
    idOf(hint: string): number {
      return ids.get(hint) ?? -1;
    },
    facts(text: string): TextFacts {
      return textFacts(tables, text);
    },
  };
}

/** The hints and the lookup tables over their first characters. */
interface HintTables {
  all: string[];
  /** Per ASCII character pair (a << 7 | b): STARTS, SHORT and CONTINUES bits. */
  head: Uint8Array;
  /** Per pair: the 2-character hint's index in `all`, else -1. */
  shortAt: Int16Array;
  /** Per pair: the index in `groups` of the 3+ character hints starting with it, else -1. */
  groupAt: Int16Array;
  groups: number[][];
  /** Per hint: its third character's code (for the 3+ character hints in `groups`). */
  third: Uint16Array;
  /** Hints with a character past ASCII in their first three, or shorter than two: searched with `includes`. */
  wide: number[];
  /**
   * Per hint: the pass that last found it. A hint found once is not confirmed again in that pass (code repeats
   * `token` a lot); a pass number instead of a fresh flag array per text, so a pass allocates no table.
   */
  seen: Uint32Array;
  pass: number;
}

function hintTables(all: string[]): HintTables {
  // Typed index tables (not sparse arrays, whose holes make every lookup slow) into `all` and `groups`.
  const tables: HintTables = {
    all,
    head: new Uint8Array(PAIRS),
    shortAt: new Int16Array(PAIRS).fill(-1),
    groupAt: new Int16Array(PAIRS).fill(-1),
    groups: [],
    third: Uint16Array.from(all, (hint) => hint.charCodeAt(2) || 0),
    wide: [],
    seen: new Uint32Array(all.length),
    pass: 0,
  };
  const { head, shortAt, groupAt, groups, wide } = tables;
  all.forEach((hint, h) => {
    const [a, b, c] = [hint.charCodeAt(0), hint.charCodeAt(1), hint.charCodeAt(2)];
    if (hint.length < 2 || a > 127 || b > 127 || (hint.length > 2 && c > 127)) {
      wide.push(h);
      return;
    }
    const key = (a << 7) | b;
    if (hint.length === 2) {
      shortAt[key] = h;
      head[key] = (head[key] as number) | SHORT;
      return;
    }
    head[key] = (head[key] as number) | STARTS;
    head[(b << 7) | c] = (head[(b << 7) | c] as number) | CONTINUES;
    if (groupAt[key] === -1) groupAt[key] = groups.push([]) - 1;
    (groups[groupAt[key] as number] as number[]).push(h);
  });
  return tables;
}

/** The one pass over a text. */
function textFacts(tables: HintTables, text: string): TextFacts {
  const { all, head, shortAt, groupAt, groups, third, wide, seen } = tables;
  const pass = nextPass(tables);
  const found: number[] = [];
  let longestRun = 0;
  let run = 0;
  let longestToken = 0;
  let token = 0;
  const longTokens: Array<[number, number]> = [];
  const n = text.length;
  // Each character is read once: `d` becomes the next iteration's `c`.
  let d = n > 0 ? text.charCodeAt(0) : 0;
  for (let i = 0; i < n; i++) {
    const c = d;
    d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    if (isAlnum(c)) {
      if (++run > longestRun) longestRun = run;
      if (++token > longestToken) longestToken = token;
    } else {
      run = 0;
      if (c === 95 || c === 45) {
        if (++token > longestToken) longestToken = token;
      } else {
        if (token >= 20 && longTokens.length < 512) longTokens.push([i - token, i]);
        token = 0;
      }
    }
    if ((c | d) > 127) continue;
    const key = (c << 7) | d;
    const kind = head[key] as number;
    if ((kind & (STARTS | SHORT)) === 0) continue;
    if (kind & SHORT) {
      const h = shortAt[key] as number;
      if (seen[h] !== pass) {
        seen[h] = pass;
        found.push(h);
      }
    }
    if ((kind & STARTS) === 0) continue;
    const e = i + 2 < n ? text.charCodeAt(i + 2) : 0;
    if (e > 127 || ((head[(d << 7) | e] as number) & CONTINUES) === 0) continue;
    for (const h of groups[groupAt[key] as number] as number[]) {
      if (seen[h] !== pass && third[h] === e && continuesAt(text, i, all[h] as string)) {
        seen[h] = pass;
        found.push(h);
      }
    }
  }
  if (token >= 20 && longTokens.length < 512) longTokens.push([n - token, n]);
  for (const h of wide) if (text.includes(all[h] as string)) found.push(h);
  return { found, longestRun, longestToken, longTokens };
}

/** True when `hint`, whose first three characters are known to match, starts at text[i]. */
function continuesAt(text: string, i: number, hint: string): boolean {
  if (i + hint.length > text.length) return false;
  for (let j = 3; j < hint.length; j++) if (text.charCodeAt(i + j) !== hint.charCodeAt(j)) return false;
  return true;
}

/** A new pass number; when they run out, every hint is marked unseen again. */
function nextPass(tables: HintTables): number {
  if (tables.pass === 0xffffffff) {
    tables.seen.fill(0);
    tables.pass = 0;
  }
  return ++tables.pass;
}
