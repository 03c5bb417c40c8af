/**
 * Payloads cut into pieces so that no piece reads as an attack: payload splitting ("a = 'ignore all',
 * b = 'previous instructions'; now do a + b", string concatenation, lists joined, template strings) and
 * token smuggling (letters spaced or dotted apart, "ig" + "nore", quotes or dashes inside a word). Both
 * are undone here into views that the rules and the model score like the text itself. Each is gated on a
 * cheap signal, and both read at most the first MAX_VIEW characters of the text.
 */

const MAX_LITERAL = 200;
/**
 * Tokens: a quoted string not glued to a letter or digit on either side (so the apostrophe of "let's"
 * opens nothing), an identifier, or any other non-space character.
 */
const TOKEN = new RegExp(
  String.raw`(?<![A-Za-z0-9])(?:'((?:\\.|[^'\\\n]){0,${MAX_LITERAL}})'|"((?:\\.|[^"\\\n]){0,${MAX_LITERAL}})"|\x60((?:\\.|[^\x60\\\n]){0,${MAX_LITERAL}})\x60)(?![A-Za-z0-9])|([A-Za-z_$][\w$]{0,30})|(:=|\S)`,
  'g',
);
const PLACEHOLDER = /\$\{\s*([A-Za-z_$][\w$]{0,30})\s*\}|\{\s*([A-Za-z_][\w]{0,30})\s*\}/g;
/** Words (and `.join(`) that ask for pieces to be put together. */
const JOIN_WORDS = /\b(?:concat\w*|combin\w*|join\w*|merg\w*|append\w*|together|followed\s+by|assembl\w*|stitch\w*)\b/i;
/** A piece bound to a name or label: `a = '`, `x: "`, "piece A is '", "$b as '", "2) '". */
const STRING_ASSIGNMENT = /(?:[\w$]['"]?\s*(?:=|:=|:)|\b(?:is|as)|\b\w\))\s*['"\x60]/g;
/** Bare pieces in brackets, asked to be joined: "[ign] [ore all prev] [ious]". */
const BRACKET_PIECE = /\[([^[\]\n]{1,40})\]/g;
/** Concatenation in code: a quote next to '+', a template placeholder, or two names added ("a + b"); only '+' starts a try. */
const CONCAT = /\+(?<=[\w'"\x60]\s{0,3}\+)\s*[A-Za-z_'"\x60]|\$\{/;

type Token = { kind: 'literal' | 'ident' | 'punct'; value: string };

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const literal = m[1] ?? m[2] ?? m[3];
    if (literal !== undefined) tokens.push({ kind: 'literal', value: literal });
    else if (m[4] !== undefined) tokens.push({ kind: 'ident', value: m[4] });
    else tokens.push({ kind: 'punct', value: m[5]! });
  }
  return tokens;
}

/** Value of an operand token: a literal as written, an identifier assigned a literal, else undefined. */
function operandValue(t: Token | undefined, vars: Map<string, string>): string | undefined {
  if (t === undefined) return undefined;
  return t.kind === 'literal' ? t.value : t.kind === 'ident' ? vars.get(t.value) : undefined;
}

/** Operands joined by `sep` tokens from index i; returns the values (two or more resolve) and where it stopped. */
function chain(tokens: Token[], i: number, sep: string, vars: Map<string, string>): { parts: string[]; end: number } {
  const parts: string[] = [];
  let k = i;
  for (;;) {
    const v = operandValue(tokens[k], vars);
    if (tokens[k]?.kind === 'punct') break;
    if (v !== undefined) parts.push(v);
    if (tokens[k + 1]?.value !== sep || tokens[k + 1]?.kind !== 'punct') return { parts, end: k + 1 };
    k += 2;
  }
  return { parts, end: k };
}

/**
 * The payload put back together: every `+` chain whose parts resolve (as the code would build it, and with
 * spaces between parts), every line with two or more `${name}` / `{name}` placeholders filled, and when the
 * text asks for pieces to be joined, every bracketed list, else all quoted pieces in order. Null when
 * nothing was reassembled. Gated on a quote plus a concatenation or a joining word, so JSON and ordinary
 * code with string lists are not tokenised.
 */
export function reassemble(text: string): string | null {
  if (!/['"\x60]/.test(text)) return /\]\s{0,3}\[/.test(text) && JOIN_WORDS.test(text) ? bracketPieces(text) : null;
  const dotJoin = text.includes('.join') || /\bconcat\s*\(/i.test(text);
  // Prose that asks to join pieces counts only with two or more string assignments to join.
  const joinWords = dotJoin || (JOIN_WORDS.test(text) && (text.match(STRING_ASSIGNMENT)?.length ?? 0) >= 2);
  if (!joinWords && !CONCAT.test(text)) return null;
  const tokens = tokenise(text);
  const vars = new Map<string, string>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [name, op, value] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (name.kind !== 'literal' && name.kind !== 'ident') continue;
    if (op.kind !== 'punct' || (op.value !== '=' && op.value !== ':' && op.value !== ':=')) continue;
    // x = "dis" + "regard": the variable holds the whole chain.
    const { parts } = chain(tokens, i + 2, '+', vars);
    if (parts.length > 0 && (value.kind === 'literal' || parts.length >= 2)) vars.set(name.value, parts.join(''));
  }
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (joinWords && t.kind === 'punct' && t.value === '[') {
      const { parts, end } = chain(tokens, i + 1, ',', vars);
      if (parts.length >= 2 && tokens[end]?.value === ']') out.push(parts.join(' '), parts.join(''));
    } else if (t.kind !== 'punct' && tokens[i + 1]?.value === '+') {
      const { parts, end } = chain(tokens, i, '+', vars);
      if (parts.length >= 2) out.push(parts.join(''), parts.join(' '));
      i = end - 1;
    }
  }
  if (vars.size > 0 && text.includes('{')) {
    for (const line of text.split('\n')) {
      let filled = 0;
      const f = line.replace(PLACEHOLDER, (whole, a: string | undefined, b: string | undefined) => {
        const v = vars.get((a ?? b)!);
        if (v === undefined) return whole;
        filled++;
        return v;
      });
      if (filled >= 2) out.push(f);
    }
  }
  if (out.length === 0 && joinWords) {
    const pieces = tokens.filter((t) => t.kind === 'literal').map((t) => t.value);
    if (pieces.length >= 2) out.push(pieces.join(' '), pieces.join(''));
  }
  return out.length > 0 ? out.join('\n') : null;
}

/** Three or more adjacent bracketed pieces, joined as written and with spaces; null for fewer. */
function bracketPieces(text: string): string | null {
  const pieces = [...text.matchAll(BRACKET_PIECE)].map((m) => m[1]!);
  return pieces.length >= 3 ? `${pieces.join('')}\n${pieces.join(' ')}` : null;
}

/** Four or more single letters, each followed by the same kind of separator (spaces, dots, dashes, ...). */
export const SPACED_RUN = /(?<![A-Za-z])[A-Za-z](?:(?:[ \t]{1,3}|[ \t]?[-._*/|+,~'"\x60][ \t]?)[A-Za-z](?![A-Za-z])){3,}/g;
/**
 * Short fragments glued back across a separator inside a word: "ig-nore", ig"nore, "ig" + "nore". Dots
 * and underscores are left alone: code is full of them (pd.read_csv), and dotted single letters are runs.
 */
const SPLIT_WORD = /(?<=[A-Za-z])(?:['"\x60]?\s*\+\s*['"\x60]?|[-*|~^'"\x60]{1,3})(?=[A-Za-z])/g;
/** A separator between two letters; `shortSplits` then checks the fragments' lengths. */
const SPLIT_AT = /[A-Za-z](?:['"\x60]?\s*\+\s*['"\x60]?|[-*|~^'"\x60]{1,3})[A-Za-z]/g;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Words split into a fragment of at most three letters and one of at most twelve ("ig-nore", "in-structions"). */
function shortSplits(text: string): number {
  let count = 0;
  SPLIT_AT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPLIT_AT.exec(text)) !== null) {
    let a = m.index;
    while (a > 0 && isLetter(text.charCodeAt(a - 1))) a--;
    let b = m.index + m[0].length;
    while (b < text.length && isLetter(text.charCodeAt(b))) b++;
    const left = m.index + 1 - a;
    const right = b - (m.index + m[0].length - 1);
    if (Math.min(left, right) <= 3 && Math.max(left, right) <= 12) count++;
    SPLIT_AT.lastIndex = m.index + m[0].length - 1;
  }
  return count;
}

/**
 * Whether SPACED_RUN can match: it needs four letters in a row that stand alone (no letter either side),
 * each one to three characters after the last. One linear pass instead of the pattern tried at every letter.
 */
export function mayHoldSpacedRun(text: string): boolean {
  let streak = 0;
  let last = -10;
  for (let i = 0; i < text.length; i++) {
    if (!isLetter(text.charCodeAt(i))) continue;
    if (i + 1 < text.length && isLetter(text.charCodeAt(i + 1))) {
      // A word of two or more letters: skip it; it breaks any run.
      while (i + 1 < text.length && isLetter(text.charCodeAt(i + 1))) i++;
      streak = 0;
      continue;
    }
    // i is a letter standing alone (the previous char is not a letter: words are skipped whole).
    streak = i - last <= 4 ? streak + 1 : 1;
    last = i;
    if (streak >= 4) return true;
  }
  return false;
}

const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/;
const INVISIBLE_ALL = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** A spaced-out run rejoined: the most common separator splits letters, any other splits words. */
function rejoinRun(run: string): string {
  const seps = run.split(/[A-Za-z]/).slice(1, -1);
  const counts = new Map<string, number>();
  for (const s of seps) counts.set(s, (counts.get(s) ?? 0) + 1);
  let common = seps[0]!;
  for (const [s, c] of counts) if (c > counts.get(common)!) common = s;
  const letters = run.split(/[^A-Za-z]+/);
  let out = letters[0]!;
  for (let i = 0; i < seps.length; i++) out += (seps[i] === common ? '' : ' ') + letters[i + 1]!;
  return ` ${out} `;
}

/**
 * The text with smuggled words rejoined, or null when it shows no sign of smuggling: invisible characters
 * (soft hyphens, zero-width), a run of four or more spaced letters, or at least two words split into a
 * short fragment and another.
 */
export function desmuggle(input: string): string | null {
  // Invisible characters inside a word hide it from the rules (the model's normalisation drops them already).
  const text = INVISIBLE.test(input) ? input.replace(INVISIBLE_ALL, '') : input;
  SPACED_RUN.lastIndex = 0;
  const hasRun = mayHoldSpacedRun(text) && SPACED_RUN.test(text);
  const splits = shortSplits(text);
  if (!hasRun && splits < 2) return text === input ? null : text;
  let out = hasRun ? text.replace(SPACED_RUN, rejoinRun) : text;
  if (splits >= 2) out = out.replace(SPLIT_WORD, '');
  return out === input ? null : out;
}
