import { distinctChars, shannonEntropy } from './entropy.js';

/**
 * The right-hand side of `identifier <separator> value` in the syntaxes people paste: env files, YAML,
 * JSON, TOML, XML elements and `key=.. value=..` attributes, code assignments and comparisons, and prose
 * ("the password is 'x'"). Reading and judging the value lives here; finding the identifier in
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
}

const QUOTES = '"\'`';
// No `&` by default: in a URL query it starts the next parameter.
const VALUE = /[A-Za-z0-9_\-+/=.~!@#$%^*?]{6,300}/y;
const VALUE_WITH_AMP = /[A-Za-z0-9_\-+/=.~!@#$%^*?&]{6,300}/y;
const CONNECTOR = /(?:is|was|are|equals|(?:is |was )?set to)[ \t]+(?=["'`])/iy;
/** "my password is hunter42": unquoted, only after a password word (see `prose` below). */
const BARE_CONNECTOR = /(?:is|was|(?:is |was )?set to|(?:is |was )?changed to)[ \t]+(?=[A-Za-z0-9])/iy;
const VALUE_SLOT = /(?:value|val)["']?[ \t]*[:=][ \t]*/iy;

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
  if (text[j] === '\n' || text[j] === '\r') {
    const next = nextLineStart(text, j);
    if (next === undefined) return undefined;
    j = next;
    space = true;
  }
  VALUE_SLOT.lastIndex = j;
  const slot = text[j] === 'v' || text[j] === 'V' ? VALUE_SLOT.exec(text) : null;
  if (slot) {
    j += slot[0].length;
    strong = true;
    while (QUOTES.includes(text[j] ?? '')) j++;
  }
  const before = text[j - 1] ?? '';
  const quote = QUOTES.includes(before) && j > i ? before : undefined;
  // Unquoted after a comma is the next item of a list or of an argument list, never a value.
  const commaOnly = skipped.comma && !strong;
  if (commaOnly && !quote) return undefined;
  if (!strong && !space && !commaOnly) return undefined;
  const sep: Separator = { next: j, strong: strong || commaOnly };
  if (quote) sep.quote = quote;
  if (skipped.call) sep.call = true;
  if (commaOnly) sep.comma = true;
  return sep;
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

/** `access uSER=<value>`: an unquoted `name=` before the value is a label; its length, else 0. */
export function labelPrefixLength(value: string): number {
  return /^[A-Za-z_]{1,20}=(?=[^=])/.exec(value)?.[0].length ?? 0;
}

const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|<.*>|\[.*\]|\{.*\}|%.*%|null|none|nil|true|false|undefined|changeme|password\d*|secret|example|your[_-]?\w*|my[_-]?\w*|test|dummy|redacted|placeholder|not[_-]?set|string|str|number|integer|boolean|bytes|value|required|optional|hidden|masked|sensitive|encrypted|xxx\w*|foo|bar|baz|foobar|empty|blank|wrong|incorrect|invalid|correct|expired|changed|missing|unset|text)$/i;

const DOC_WORD = /^(?:example|examples|sample|dummy|fake|placeholder|replace|replaceme|changeme|redacted|lorem|ipsum)$/i;

/**
 * Values written for documentation: the AWS docs' `...EXAMPLE` / `...EXAMPLEKEY` keys, and short values
 * with a part that says so (`example-password-123`, `dummy_api_key_0001`, `REPLACE_ME`) and few digits.
 */
export function documentationValue(value: string): boolean {
  if (/EXAMPLE(?:KEY)?$/.test(value)) return true;
  if (value.length > 40 || (value.match(/\d/g)?.length ?? 0) > 6) return false;
  return value.split(/[-_.]+/).some((part) => DOC_WORD.test(part)) || /^replace_?me$/i.test(value);
}

/** Words and masks that stand where a secret would in docs and schemas (`changeme`, `<token>`, `xxx`). */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}
const NAMES_A_SECRET = /passw(?:or)?d|secret|token|api[_-]?key|credential|authoriz|private[_-]?key|access[_-]?key/i;
// Algorithm names sit in `credentials: HMAC-SHA256`, `signing_key_alg: RS256`.
const ALGORITHM = /^(?:HMAC-?)?SHA-?\d{1,3}$|^[RHEP]S\d{3}$|^AES-?\d{3}(?:-[A-Z]{3})?$|^RSA-?\d{4}$|^ED25519$|^X25519$/i;
// Code where a literal would be: `authorize: function ...`, `token = await ...`.
const CODE_WORD = /^(?:function|return|const|let|var|new|await|async|class|this|self|typeof|import|require|null|undefined|true|false)$/;
const HOSTNAME = /^(?:[A-Za-z0-9-]+\.)+[a-z]{2,12}$/;

export interface ValueContext {
  strong: boolean;
  quoted: boolean;
  /** The keyword was written in capitals (`PRIVATE`, `SECRET`): shouted labels are not prose. */
  keywordUpper: boolean;
  /** `password`, `passwd`, `pwd`, `passphrase`, `secret`: short human passwords still count. */
  passwordish: boolean;
  /** `login`, `session`, `cookie`, `crumb`, `bearer`: only token-shaped values count. */
  weak: boolean;
  /** The identifier starts its line (env, YAML, INI, properties files), not an expression. */
  lineStart: boolean;
  /** Name and value are separated by a comma only: a pair of arguments, or a list. */
  comma: boolean;
}

/** Things that sit where a secret would but are not one: names, references, paths, types and words. */
function notASecretValue(value: string, ctx: ValueContext): boolean {
  if (PLACEHOLDER.test(value) || /\s/.test(value) || ALGORITHM.test(value) || CODE_WORD.test(value)) return true;
  // `${f.path}|${f.kind}`, `v1.${kid}`: a template that builds a string, not a literal.
  if (value.includes('${')) return true;
  // `login --password=x`: the next flag, not this keyword's value.
  if (value.startsWith('--')) return true;
  if (value.startsWith('$') && !value.startsWith('$2') && value.length < 40) return true;
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return true;
  // `PaymentApiKey`: a name even in quotes; a single capitalised word only when unquoted (a type).
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(value) || (!ctx.quoted && /^[A-Z][a-z]+$/.test(value))) return true;
  // `UP_KEY: UPSTREAM_KEY`: an unquoted constant name is a reference to the secret, not the secret.
  if (!ctx.quoted && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) && !/\d/.test(value)) return true;
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/|~\/|#|(?:arn|urn|mailto|file|data|env|vault|op|secret|ssm|projects):)/i.test(value)) return true;
  // `sha256:<hex>`, `sha512-<base64>`, `h1:<base64>`: content digests, public by design.
  if (/^(?:sha(?:1|224|256|384|512)|md5|h1|blake2b|blake3)[:-]/i.test(value)) return true;
  if (/^[A-Za-z_]+\.[A-Za-z_]+(?:\.[A-Za-z_]+)*$/.test(value) || /^[\w$.]+\(/.test(value)) return true;
  if (HOSTNAME.test(value) || /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) return true;
  // `current-password`, `reset_token_url`, `api-key-header`: the name of a secret, not its value.
  if (NAMES_A_SECRET.test(value) && /[-_/#.:]/.test(value) && !/\d/.test(value)) return true;
  if (documentationValue(value)) return true;
  // `2018-08-03T10:51:42.990`, `2024-01-15 10:30:00`: timestamps under `last_login`, `token_expires`.
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return true;
  // Counts, ports and timestamps are short; a 16+ digit value under a key name is a numeric token.
  return /^\d+$/.test(value) && value.length < 16 && !ctx.passwordish;
}

/** 0 when the value does not look like a credential, else a confidence in 0.55..0.9. */
export function valueScore(value: string, ctx: ValueContext): number {
  if (value.length < (ctx.passwordish && ctx.strong ? 6 : 8) || notASecretValue(value, ctx)) return 0;
  const distinct = distinctChars(value);
  const entropy = shannonEntropy(value);
  if (distinct < 5 || entropy < 2.3) return 0;
  const hasDigit = /\d/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  const _mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  if (ctx.weak && !(value.length >= 20 && hasDigit && hasLetter)) return 0;
  if (!ctx.strong) {
    // Prose ("the key insight"): without `=`/`:` only digit-bearing or shouted-keyword values count.
    if (!(hasDigit && hasLetter) && !(ctx.keywordUpper && value.length >= 16)) return 0;
  }
  // A lower-case word or slug (or one capitalised word): a password only after a real assignment, when
  // quoted or on its own config line (`password: hunter`). Unquoted mid-expression (`{ key: candidate }`)
  // it names a variable; after a comma (`'secrets', 'keywords'`) it is the next item of a list.
  const slug = /^[A-Za-z][a-z]*(?:[_-][a-z]+)*$/.test(value) || /^[A-Z]+(?:[_-][A-Z]+)+$/.test(value);
  if (!hasDigit && slug && (value.length < 16 || /[_-]/.test(value))) {
    return ctx.strong && !ctx.comma && (ctx.quoted || ctx.lineStart) ? 0.55 : 0;
  }
  let score = 0.6;
  if (hasDigit && hasLetter) score += 0.15;
  if (value.length >= 20) score += 0.1;
  if (entropy >= 3.5) score += 0.1;
  return Math.min(score, 0.9);
}
