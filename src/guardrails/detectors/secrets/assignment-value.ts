import { distinctChars, shannonEntropy } from './entropy.js';

/**
 * Whether the value read after a secret's name (see `assignment-syntax.ts`) is a credential: placeholders,
 * documentation values, names, references, paths and words are not; the rest are scored by their shape.
 */

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
/** `ChainableBenchmarkAPI`, `defaultRetryPolicy`: words joined in camel case, a name rather than a token. */
const CAMEL_NAME = /^(?:[A-Z][a-z]{2,}|[a-z]{2,})(?:[A-Z][a-z]{2,})+[A-Z]{0,5}$/;
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
  /** `{ key: <value>, value: ... }`: a bare `key` beside a `value` or `label`, a record's key. */
  recordKey?: boolean;
}

/**
 * `Quarterly-Report-2.4`, `DOC_Vector_7_64`, `jjwt-api-0.12.3`, `AccentBrushGradient2`: words joined by
 * `-`, `_`, `.` or camel case, with short numbers between. People name things so; machines mint tokens
 * without word boundaries every few characters.
 */
function wordsAndNumbers(value: string): boolean {
  const parts = nameParts(value);
  if (parts.length < 2 || parts.length > 8 || !parts.every((p) => /^\d{1,4}$/.test(p) || wordPart(p))) return false;
  const words = [...new Set(parts.filter(writtenWord).map((p) => p.toLowerCase()))];
  // Two written words (`Quarterly-Report-2.4`), or one beside acronyms and numbers (`DOC_Vector_7_64`).
  return words.length >= 2 || (words.length === 1 && (words[0] as string).length >= 5 && parts.length <= 4);
}

/** A word as people write it: 3-11 letters, a vowel, no 4 consonants in a row, no `abc`/`mno` run. */
function writtenWord(p: string): boolean {
  if (!/^[A-Z]?[a-z]{2,10}$/.test(p) || !/[aeiou]/i.test(p) || /[^aeiouy]{4}/i.test(p)) return false;
  const lower = p.toLowerCase();
  for (let i = 2; i < lower.length; i++) {
    if (lower.charCodeAt(i) === lower.charCodeAt(i - 1) + 1 && lower.charCodeAt(i - 1) === lower.charCodeAt(i - 2) + 1) return false;
  }
  return true;
}

function nameParts(value: string): string[] {
  return value.split(/[-_.$]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])/).filter((p) => p !== '');
}

/** A word (`Vector`, `api`), an acronym (`DOC`, `VK`) or a short abbreviation (`jjwt`): not `Tkkw`, not `q`. */
function wordPart(p: string): boolean {
  if (!/^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,5})$/.test(p)) return false;
  return p.length <= 4 || /[aeiouyAEIOUY]/.test(p);
}

/** One segment of a dotted name (`KeyPair`, `kVK_Escape`, `u16`): words, acronyms and short numbers only. */
function namedInWords(segment: string): boolean {
  const parts = nameParts(segment);
  // A lone letter starts a name (`kVK`) or a version (`v9`, `u16`, `x86`).
  return parts.every((p, i) => /^\d{1,5}$/.test(p) || (/^[a-z]$/.test(p) && (i === 0 || /^\d/.test(parts[i + 1] ?? ''))) || wordPart(p));
}

/** Things that sit where a secret would but are not one: names, references, paths, types and words. */
function notASecretValue(value: string, ctx: ValueContext): boolean {
  if (PLACEHOLDER.test(value) || /\s/.test(value) || ALGORITHM.test(value) || CODE_WORD.test(value)) return true;
  // `${f.path}|${f.kind}`, `v1.${kid}`: a template that builds a string, not a literal.
  if (value.includes('${')) return true;
  // `login --password=x`: the next flag, not this keyword's value.
  if (value.startsWith('--')) return true;
  // `Ed25519.KeyPair`, `kVK_Escape.u16`, `com.acme.migration_v9`: a dotted name or member access.
  // Hex (`be8dfd.da8a689a46edc282`, a bootstrap token) is never a name, however it splits.
  const hex = /^[0-9a-f._-]+$/i.test(value);
  if (!hex && /^[A-Za-z_$][\w$]{0,40}(?:\.[A-Za-z_$][\w$]{0,40})+$/.test(value) && value.split('.').every(namedInWords)) return true;
  // `POST /api HTTP/1.1`; `$password = Read-Host ...`, `ConvertTo-SecureString`: a protocol, a cmdlet.
  if (/^HTTP\/\d/.test(value) || (!ctx.quoted && /^(?:[A-Z][a-z]+)+-[A-Z][A-Za-z]+$/.test(value))) return true;
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
  // `X-Amz-Credential=AKIA.../20250301/us-east-1/s3/aws4_request`: a signature's credential scope names the
  // key, date, region and service; the signature beside it is the secret (signed-urls.ts).
  if (/(?:aws4|goog4)_request$/i.test(value)) return true;
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
    return ctx.passwordish && ctx.strong && !ctx.comma && (ctx.quoted || ctx.lineStart) ? 0.55 : 0;
  }
  // Under `key`, `token`, `access`, `auth`: a value without digits is a word (`CUSTOMER`, `acmeACCESS`)
  // or a name made of words (`ChainableBenchmarkAPI`) unless long and not word-shaped; people choose
  // words as passwords, machines mint tokens.
  if (!hasDigit && !ctx.passwordish && (value.length < 20 || CAMEL_NAME.test(value))) return 0;
  // Under `key`, `token`, `api`: a name with a version or a counter in it. A password may be words.
  if (!ctx.passwordish && !/^[0-9a-f._-]+$/i.test(value) && wordsAndNumbers(value)) return 0;
  // `{ key: "<uuid>", value: "Europe" }`: a UUID as a record's key is its id.
  if (ctx.recordKey && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 0;
  let score = 0.6;
  if (hasDigit && hasLetter) score += 0.15;
  if (value.length >= 20) score += 0.1;
  if (entropy >= 3.5) score += 0.1;
  return Math.min(score, 0.9);
}
