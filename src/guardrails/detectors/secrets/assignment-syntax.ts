/**
 * The separator and the value of `identifier <separator> value` in the syntaxes people paste: env files,
 * YAML (block scalars too), JSON, TOML, XML elements and `key=.. value=..` attributes, Markdown tables, CSV
 * cells, code assignments (compound, typed, with an environment-lookup default) and comparisons, and prose
 * ("the password is 'x'"). Judging the value lives in `assignment-value.ts`; finding the identifier in
 * `assignments.ts`.
 */

export interface Separator {
  /** Index where the value starts. */
  next: number;
  /** `=`, `:`, `=>`, `!=`, `(` + quote, `,` + quote, or a connector word before a quote: not prose. */
  strong: boolean;
  /** The quote that opened the value, if any: the value then runs to the matching quote. */
  quote?: string;
  /** The value is a call's string argument (`setPassword("...")`). */
  call?: boolean;
  /** Only a `,` separates name and value (`"API_KEY", "..."`): a pair, or just a list of strings. */
  comma?: boolean;
  /** An unquoted value after "is" / "was" ("my password is x"): prose, not a config line. */
  prose?: boolean;
  /** Only a `,` before an unquoted value (`api_token,<value>,`): a CSV cell, or the next item of a list. */
  cell?: boolean;
}

const QUOTES = '"\'`';
// No `&` by default: in a URL query it starts the next parameter.
const VALUE = /[A-Za-z0-9_\-+/=.~!@#$%^*?]{6,300}/y;
const VALUE_WITH_AMP = /[A-Za-z0-9_\-+/=.~!@#$%^*?&]{6,300}/y;
const CONNECTOR = /(?:is|was|are|equals|(?:is |was )?set to)[ \t]+(?=["'`])/iy;
/** "my password is hunter42": unquoted, only after a password word (see `prose` below). */
const BARE_CONNECTOR = /(?:is|was|(?:is |was )?set to|(?:is |was )?changed to)[ \t]+(?=[A-Za-z0-9])/iy;
const VALUE_SLOT = /["']?(?:value|val)["']?[ \t]*[:=][ \t]*/iy;
/** Compound assignments: PHP `.=`, `??=`, Make `?=` and `+=`, Ruby `||=`. */
const COMPOUND = /(?:\?\?|\|\||&&|[.?+])=/y;
/** A type between name and value: Go `var k string = "..."`, Kotlin `val k: String = "..."`, VB `Dim k As String = "..."`. */
const TYPE_THEN_ASSIGN = /(?:As[ \t]+)?(?:String|string|str|&'static str|&str|CharSequence|SecureString)[ \t]*:?=[ \t]*/y;
/**
 * An environment or config lookup with a literal default: `process.env.K || "..."`, `os.getenv("K", "...")`,
 * `ENV.fetch('K', '...')`, `env('K', '...')`. The default is the secret when the variable is unset.
 */
const LOOKUP_DEFAULT =
  /(?:(?:process\.env|import\.meta\.env)(?:\.\w+|\[[^\]\n]{1,80}\])[ \t]*(?:\|\||\?\?)|(?:ENV|os\.environ|environ)\[[^\]\n]{1,80}\][ \t]*(?:\|\||or)|(?:ENV\.fetch|os\.getenv|os\.environ\.get|environ\.get|getenv|env|config|Deno\.env\.get)\([^,()\n]{1,80}\)[ \t]*(?:\|\||\?\?|or)|(?:ENV\.fetch|os\.getenv|os\.environ\.get|environ\.get|getenv|env|config|getOrDefault)\([^,()\n]{1,80},)[ \t]*(?=["'`])/y;
/** YAML block scalars: `key: |`, `key: >-` with the value on the next line. */
const BLOCK_SCALAR = /[|>][-+]?[ \t]*(?=\r?\n)/y;

const isQuote = (c: number): boolean => c === 34 || c === 39 || c === 96;
const isIdentChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

interface Skipped {
  j: number;
  strong: boolean;
  space: boolean;
  /** A `,` was crossed: a separator only before a quoted value (`"api_key", "..."`), else a list. */
  comma: boolean;
  call: boolean;
}

function skipSeparatorChars(text: string, i: number, limit: number): Skipped {
  let j = i;
  let strong = false;
  let space = false;
  let comma = false;
  let call = false;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (isQuote(c) && (strong || space || comma)) {
      // An opening quote: the value starts right after it.
      j++;
      break;
    }
    // Python's `b"..."`, `r'...'`: a one-letter string prefix before the opening quote.
    if ((strong || space) && /^[bBrRuU]$/.test(text[j] as string) && isQuote(text.charCodeAt(j + 1)) && !isIdentChar(text.charCodeAt(j - 1))) {
      j++;
      continue;
    }
    // quotes (closing the key), `]`, `)`, `\`
    if (isQuote(c) || c === 93 || c === 41 || c === 92) j++;
    else if (c === 32 || c === 9) {
      space = true;
      j++;
    } else if (c === 61 || c === 58 || c === 62 || c === 33) {
      // `=`, `:`, `>`, `!`
      strong = true;
      j++;
    } else if (c === 124 && text[j + 1] === ' ' && tableRowFrom(text, i)) {
      // A Markdown table cell boundary: `| api_token | <value> |`.
      strong = true;
      j++;
    } else if ((c === 46 || c === 63 || c === 43 || c === 124 || c === 38) && compoundAt(text, j) > 0) {
      strong = true;
      j += compoundAt(text, j);
    } else if (c === 60 && text[j + 1] === '-' && text[j + 2] === ' ' && !strong) {
      // R's `password <- "..."`.
      strong = true;
      j += 2;
    } else if (c === 44) {
      comma = true;
      j++;
    } else if (c === 40 && isQuote(text.charCodeAt(j + 1))) {
      // `setPassword("...")`: a call with a string literal argument.
      strong = true;
      call = true;
      j++;
    } else break;
  }
  return { j, strong, space, comma, call };
}

/** The name ending at `i` is the first cell of a Markdown table row (`| api_token | ... |`). */
function tableRowFrom(text: string, i: number): boolean {
  let k = i;
  while (k > 0 && i - k < 80 && (isIdentChar(text.charCodeAt(k - 1)) || text[k - 1] === '.' || text[k - 1] === '-')) k--;
  const lineStart = text.lastIndexOf('\n', k - 1) + 1;
  return k - lineStart <= 40 && /^[ \t]*\|[ \t]*[`"']?$/.test(text.slice(lineStart, k));
}

function compoundAt(text: string, j: number): number {
  COMPOUND.lastIndex = j;
  return COMPOUND.exec(text)?.[0].length ?? 0;
}

/** Skips a sticky `re` at `j` and the quote after it: the index past both, or undefined. */
function skipAt(re: RegExp, text: string, j: number): number | undefined {
  re.lastIndex = j;
  const m = re.exec(text);
  if (!m) return undefined;
  return skipSeparatorChars(text, j + m[0].length, Math.min(text.length, j + m[0].length + 4)).j;
}

/** The value alone on the next line (`KEY\n<value>`) or a `value:` slot there (Kubernetes env entries). */
function nextLineStart(text: string, j: number): number | undefined {
  let k = j;
  if (text[k] === '\r') k++;
  if (text[k] !== '\n') return undefined;
  k++;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  const window = text.slice(k, k + 320);
  const eol = window.indexOf('\n');
  const line = (eol === -1 ? window : window.slice(0, eol)).trimEnd();
  VALUE_SLOT.lastIndex = 0;
  if (VALUE_SLOT.test(line) || /^\S{8,300}$/.test(line)) return k;
  return undefined;
}

/** Reads the separator after an identifier; undefined when what follows is not a value. */
export function readSeparator(text: string, i: number): Separator | undefined {
  const limit = Math.min(text.length, i + 48);
  const skipped = skipSeparatorChars(text, i, limit);
  let { j, strong, space } = skipped;
  if (!strong && space && /[iwaesIWAES]/.test(text[j] ?? '')) {
    CONNECTOR.lastIndex = j;
    const connector = CONNECTOR.exec(text);
    if (connector) {
      j += connector[0].length;
      strong = true;
      ({ j } = skipSeparatorChars(text, j, Math.min(text.length, j + 4)));
    } else {
      BARE_CONNECTOR.lastIndex = j;
      const bare = BARE_CONNECTOR.exec(text);
      if (bare) return { next: j + bare[0].length, strong: false, prose: true };
    }
  }
  ({ j, strong } = typedOrDefault(text, j, strong, space));
  // A YAML tag before a scalar: `password: !!str 0123`, `key: !!binary <base64>`.
  if (strong && text[j - 1] === '!' && text[j - 2] === '!') {
    const tag = /^[a-z]+[ \t]+/.exec(text.slice(j, j + 16));
    if (tag) j = skipSeparatorChars(text, j + tag[0].length, Math.min(text.length, j + tag[0].length + 4)).j;
  }
  if (text[j] === '|' || (text[j - 1] === '>' && (text[j] === '-' || text[j] === '+'))) {
    BLOCK_SCALAR.lastIndex = text[j] === '|' ? j : j - 1;
    if (BLOCK_SCALAR.exec(text)) j = BLOCK_SCALAR.lastIndex;
  }
  if (text[j] === '\n' || text[j] === '\r') {
    const next = nextLineStart(text, j);
    if (next === undefined) return undefined;
    j = next;
    space = true;
  }
  VALUE_SLOT.lastIndex = j;
  const slot = /^["']?[vV]/.test(text.slice(j, j + 2)) ? VALUE_SLOT.exec(text) : null;
  if (slot) {
    j += slot[0].length;
    strong = true;
    while (QUOTES.includes(text[j] ?? '')) j++;
  }
  const before = text[j - 1] ?? '';
  const quote = QUOTES.includes(before) && j > i ? before : undefined;
  // Unquoted after a comma is the next item of a list or of an argument list, or a CSV cell (`name,value,`).
  const commaOnly = skipped.comma && !strong;
  if (!strong && !space && !commaOnly) return undefined;
  const sep: Separator = { next: j, strong: strong || commaOnly };
  if (quote) sep.quote = quote;
  if (skipped.call) sep.call = true;
  if (commaOnly) sep.comma = true;
  if (commaOnly && !quote) sep.cell = true;
  return sep;
}

/** Past a type (`var k string =`, `val k: String =`) or an environment lookup with a literal default. */
function typedOrDefault(text: string, j: number, strong: boolean, space: boolean): { j: number; strong: boolean } {
  const c = text[j] ?? '';
  if ((strong || space) && /[SsC&cA]/.test(c)) {
    const past = skipAt(TYPE_THEN_ASSIGN, text, j);
    if (past !== undefined) return { j: past, strong: true };
  }
  if (strong && /[pieEoDgc]/.test(c)) {
    const past = skipAt(LOOKUP_DEFAULT, text, j);
    if (past !== undefined) return { j: past, strong: true };
  }
  return { j, strong };
}

/**
 * The value: to the closing quote on the same line when quoted, else a run of credential characters
 * (with `&` when `amp`: outside a URL query an `&` is one more password character).
 */
export function readValue(text: string, sep: Separator, amp = false): string | undefined {
  if (sep.quote) {
    const close = text.slice(sep.next, sep.next + 301).indexOf(sep.quote) + sep.next;
    if (close > sep.next) {
      const value = text.slice(sep.next, close).replace(/\\+$/, '');
      // `"Password:",next:"..."`: that quote closed a string rather than opening the value.
      if (/^[,;:)\]}]|:$/.test(value)) return undefined;
      if (!/[\r\n]/.test(value)) return value;
    }
  }
  const re = amp ? VALUE_WITH_AMP : VALUE;
  re.lastIndex = sep.next;
  const m = re.exec(text);
  if (!m) return undefined;
  // Sentence punctuation after a value in prose is not part of it; a `!` or `?` ending a config line is.
  const atLineEnd = /^(?:\r?\n|$)/.test(text.slice(sep.next + m[0].length, sep.next + m[0].length + 2));
  const value = m[0].replace(atLineEnd && amp ? /[.,;\\]+$/ : /[.,;!?\\]+$/, '');
  // `pass=x && next`: a shell's `&&` ends the value.
  return amp ? value.replace(/&&.*$|&+$/, '') : value;
}

/**
 * `access uSER=<value>`, `apikey=acme:<value>`, `APP_KEY=base64:<value>`: an unquoted `name=` or `name:`
 * before the value is a label;
 * its length, else 0. `read` is the value read at `next` (which stops at a `:`).
 */
export function labelPrefixLength(text: string, next: number, read: string): number {
  const named = /^[A-Za-z_]{1,20}=(?=[^=])/.exec(read)?.[0].length;
  if (named !== undefined) return named;
  // Not `https://...`: a scheme's colon is followed by `/`.
  return /^(?:[A-Za-z_]{1,20}|base64|b64)$/.test(read) && text[next + read.length] === ':' && /[A-Za-z0-9]/.test(text[next + read.length + 1] ?? '')
    ? read.length + 1
    : 0;
}
