import { labelPrefixLength, readSeparator, readValue } from './assignment-syntax.js';
import { valueScore } from './assignment-value.js';
import { distinctChars, shannonEntropy } from './entropy.js';
import { namesDataKey, lastWord, wordAt } from './ident-words.js';

/**
 * Generic credential assignments: an identifier naming a secret (`password`, `api_key`, `AUTH_TOKEN`,
 * `stripe SECRET`) followed by a separator and a value that looks random enough to be a credential.
 */

export interface AssignmentHit {
  start: number;
  end: number;
  keyword: string;
  score: number;
}

const KEYWORD =
  /passw(?:or)?d|passphrase|pass(?![a-z])|pwd|(?<![A-Za-z0-9])pw(?![A-Za-z0-9])|secret|token|credential|creds?(?![a-z])|key|auth|access|private|sid|api|pat(?![a-z])|login|crumb|cookie|session|bearer/gi;
// matchAll copies lastIndex from its regex: the scanning KEYWORD's would skip the identifier.
const KEYWORD_IN_IDENT = new RegExp(KEYWORD.source, 'gi');
/** `setPassword("x")`, `withApiToken("x")`: setters take a secret; `getSecret("name")`, `secret("id")` name one. */
const SETTER = /^(?:set|with|use)_?[A-Za-z_]*(?:password|passwd|pwd|passphrase|token|secret|key|credentials?|auth)$/i;
const KEYWORD_ANYWHERE = new RegExp(KEYWORD.source, 'i');
/** `.password("x")` on a builder or client (`DataSource.builder().password(..)`): a method that takes the password. */
const BUILDER = /^\.(?:password|passwd|passphrase)$/i;
/** `key`, `keys` alone: a map key in code far more often than a credential, so only token-shaped values. */
const BARE_KEY = /^keys?$/;
/** The next field on the line after a bare `key`'s value: `, value:`, `, "label":`. */
const RECORD_FIELD = /^["'`]?[ \t]*,[ \t]*["']?(?:value|label|name|text|title)["']?[ \t]*[:=]/;
/**
 * What may precede an identifier that starts a config line or statement: indentation, a comment marker
 * (a commented-out `# PASS=x` is still a leak), a YAML dash, `export`, `set`, `$`, or a `;` before it.
 */
const LINE_START = /(?:^|\n|;)[ \t]*(?:#+|\/\/+|--)?[ \t]*(?:-[ \t]+|export[ \t]+|set[ \t]+|\$)?["']?$/;
const FOLLOW = /[ \t]+(key|token|secret|code|password|passphrase)(?=[\s:=])/iy;
/** `<Pass encoding="base64">`: an XML element's attributes stand between its name and its text. */
const XML_ATTRIBUTES = /(?:[ \t]+[\w:.-]{1,40}[ \t]*=[ \t]*(?:"[^"<>\n]{0,100}"|'[^'<>\n]{0,100}'))+[ \t]*(?=>[^<])/y;
const PASSWORDISH = /^(?:passw(?:or)?d|passphrase|pass|pwd|pw|secret)$/i;
const WEAK = /^(?:login|crumb|cookie|session|bearer)$/i;

/** The identifier's last word names something public or descriptive about the secret, not the secret. */
const NOT_SECRET_SUFFIX =
  /^(?:public|publishable|id|ids|name|names|label|url|uri|urls|file|path|dir|type|field|length|len|size|count|max|min|limit|domain|host|hostname|endpoint|region|email|user|username|issuer|audience|scope|scopes|callback|redirect|header|prefix|suffix|format|algorithm|alg|version|expiry|expires|expiration|ttl|timeout|policy|hint|placeholder|prompt|message|description|title|help|text|error|enabled|required|mode|method|kind|ref|location|arn|pattern|regex|rule|hash|digest|checksum|fingerprint|lifetime|duration|usage|used|remaining|index|column|attribute|param|input|button|form|selector|class|style|icon|tokens|pair|pressed|press|event|frame|frames|board|mesh|ring|alias|chars|alphabet|up|down|left|right)$/i;

/** Words that merely contain a keyword: `author: "Jane"`, `keyboard: us`, `bypass: true`. */
const FALSE_FRIENDS =
  /^(?:authors?|authority|authorities|authored|authoring|authorize[drs]?|authorizing|authenticate[ds]?|authenticator|authenticating|tokeni[sz](?:e[drs]?|ing|ation)|keyboards?|keynote|keywords?|keystrokes?|keyframes?|monkeys?|turkey|hockey|donkey|jockey|whiskey|passengers?|compass|bypass|surpass|passage|passive|accessibility|accessible|accessor|accessories|accessory|secretary|privacy|sidebar|sidecar|side|apis|capital)$/i;

function isShouted(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

/** `[A-Za-z0-9_.-]`, by code unit: this runs for every character of every identifier. */
function isIdentCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

const TAIL_LEAD = /^(?:[-_.]?(?:key|secret|token|access|private|api|auth|sid|pat|id|v\d))*[-_.]/i;

/**
 * A glued tail is a token when it is long and varied and is not a slug of words: either one 12+ character
 * part with digits (a UUID's last group, a hex run), or four or more 4+ character parts (`abcd1234-efgh...`),
 * or 24+ digits.
 */
function tokenShapedTail(tail: string): boolean {
  if (tail.length < 16 || !/\d/.test(tail)) return false;
  if (/^\d+$/.test(tail)) return tail.length >= 24;
  if (!/[A-Za-z]/.test(tail) || shannonEntropy(tail) < 3 || distinctChars(tail) < 8) return false;
  const parts = tail.split(/[-_.]/);
  if (parts.some((p) => p.length >= 12 && /\d/.test(p))) return true;
  return parts.filter((p) => p.length >= 4).length >= 4 && shannonEntropy(tail) >= 3.5;
}

/**
 * `zipcodebase-secret-123e4567-...`, `holidayapiKEY-<uuid>`, `infuraSECRETsomesecret-<hex>`: the value is
 * glued to the identifier. Tried after each keyword in the identifier, last first, where the keyword is
 * followed by a separator or is shouted against lower-case text; the tail must be token-shaped.
 */
function gluedValue(ident: string, identStart: number): { start: number; end: number; score: number; keyword: string } | undefined {
  const matches = [...ident.matchAll(KEYWORD_IN_IDENT)].reverse();
  for (const k of matches) {
    const after = (k.index ?? 0) + k[0].length;
    let tail = ident.slice(after);
    const lead = TAIL_LEAD.exec(tail);
    const capsBoundary = k[0] === k[0].toUpperCase() && /^[a-z0-9]/.test(tail);
    if (!lead && !capsBoundary) continue;
    let offset = after + (lead ? lead[0].length : 0);
    tail = ident.slice(offset).replace(/[.\-_]+$/, '');
    const word = /^[A-Za-z]{1,12}[-_.](?=.{16})/.exec(tail);
    if (word && /\d/.test(tail.slice(word[0].length, word[0].length + 12))) {
      offset += word[0].length;
      tail = tail.slice(word[0].length);
    }
    if (!tokenShapedTail(tail)) continue;
    return { start: identStart + offset, end: identStart + offset + tail.length, score: 0.7, keyword: k[0].toLowerCase() };
  }
  return undefined;
}

/** The identifier containing a keyword match, at most 80 characters either side of it. */
function identifierAround(text: string, at: number, length: number): [number, number] {
  let end = at + length;
  while (end < text.length && end - at < 80 && isIdentCode(text.charCodeAt(end))) end++;
  let start = at;
  while (start > 0 && at - start < 80 && isIdentCode(text.charCodeAt(start - 1))) start--;
  return [start, end];
}

/** Why this identifier does not name a secret value: a false friend, a descriptive suffix, armor. */
function notASecretName(text: string, ident: string, identStart: number, keywordAt: number, keyword: string): boolean {
  if (FALSE_FRIENDS.test(wordAt(ident, keywordAt - identStart, keyword.length))) return true;
  if (NOT_SECRET_SUFFIX.test(lastWord(ident))) return true;
  // `public_key`, `publicKey`, `VAPID_PUBKEY`, `publishableKey`: the public half of a key pair; .NET's
  // `PublicKeyToken` names a strong-name public key; a CAPTCHA `sitekey` is embedded in every page.
  if (/pub(?:lic|lishable)?[-_.]?(?:key(?:[-_.]?token)?|token)$|site[-_.]?key$/i.test(ident)) return true;
  // Keys that index data, not lock it (`primaryKey`, `bucket_key`, `sortKey`, `idempotencyKey`), and
  // anti-forgery tokens, which a page hands to every visitor.
  if (namesDataKey(ident) || /(?:csrf|xsrf)/i.test(ident)) return true;
  // `secret.rotate`, `key.createdAt`, `options.auth.mode`: the keyword names an object on the path, and
  // the value belongs to its last property.
  const dot = ident.lastIndexOf('.');
  if (dot > 0 && dot < ident.length - 1 && !KEYWORD_ANYWHERE.test(ident.slice(dot + 1))) return true;
  // `-----BEGIN PUBLIC KEY-----`, `public key: AAAA...`, `GPG key: <fingerprint>`: armor lines, public
  // halves of key pairs and the fingerprints that name them.
  if (ident.endsWith('---') || /\b(?:public|pub|gpg|pgp|gnupg)[ \t]+$/i.test(text.slice(Math.max(0, identStart - 8), identStart))) return true;
  // `arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf`: a field of a resource name.
  return text[identStart - 1] === ':' && /\b(?:arn|urn):[\w.\-/:*]*:$/i.test(text.slice(Math.max(0, identStart - 120), identStart));
}

/** Token characters a value read to its length cap may go on with (base64, base64url, JWT, percent-encoding). */
const TOKEN_CHAR = /[A-Za-z0-9+/=_\-.~%]/;
const VALUE_CAP = 300;

/**
 * Where a value read to its length cap really ends: a 1 KB token must be redacted whole, not its first 300
 * characters. Linear: the caller skips the scan past what this consumed.
 */
function fullEnd(text: string, end: number, length: number): number {
  if (length < VALUE_CAP - 1) return end;
  let e = end;
  while (e < text.length && e - end < 16384 && TOKEN_CHAR.test(text[e] as string)) e++;
  return e;
}

/** Long, with letters and digits, and varied: a token even where the syntax alone does not say "value". */
function machineToken(value: string): boolean {
  return value.length >= 16 && /\d/.test(value) && /[A-Za-z]/.test(value) && shannonEntropy(value) >= 3.5 && distinctChars(value) >= 10;
}

function pastXmlAttributes(text: string, identStart: number, identEnd: number): number {
  if (text[identStart - 1] !== '<' || text[identEnd] !== ' ') return identEnd;
  XML_ATTRIBUTES.lastIndex = identEnd;
  return XML_ATTRIBUTES.test(text) ? XML_ATTRIBUTES.lastIndex : identEnd;
}

/** Finds generic secret assignments; linear in the text length (each identifier is read once). */
export function findAssignments(text: string): AssignmentHit[] {
  const hits: AssignmentHit[] = [];
  KEYWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYWORD.exec(text)) !== null) {
    const keyword = m[0];
    const [identStart, identEnd] = identifierAround(text, m.index, keyword.length);
    KEYWORD.lastIndex = identEnd;
    const ident = text.slice(identStart, identEnd);
    // Glued values carry digits; most identifiers in code have none, so skip the search for them.
    const glued = ident.length >= 20 && /\d/.test(ident) ? gluedValue(ident, identStart) : undefined;
    if (glued) {
      hits.push(glued);
      continue;
    }
    // `PRIVATE KEY xyz`, `access code xyz`: allow one more keyword word before the value.
    FOLLOW.lastIndex = identEnd;
    const follow = FOLLOW.exec(text);
    const sep = readSeparator(text, follow ? FOLLOW.lastIndex : pastXmlAttributes(text, identStart, identEnd));
    if (!sep) continue;
    // In a URL query (`?key=..&next=..`) an `&` starts the next parameter; on a config line it is part of the value.
    const read = readValue(text, sep, text[identStart - 1] !== '?' && text[identStart - 1] !== '&');
    if (read === undefined) continue;
    // A long unquoted value (up to 300 characters) is consumed whatever its verdict: keywords inside it
    // are not identifiers, and rescanning them would make floods (`pwd=pwd=...`) quadratic. Short or
    // quoted ones are not: in `acme ACCESS <key>` and `key="PaymentApiKey" value="..."` the rejected
    // value is itself the next identifier.
    if (!sep.quote && read.length >= 20) KEYWORD.lastIndex = Math.max(KEYWORD.lastIndex, sep.next + read.length);
    if (notASecretName(text, ident, identStart, m.index, keyword)) continue;
    if (sep.call && !SETTER.test(ident.slice(ident.lastIndexOf('.') + 1)) && !BUILDER.test(ident.slice(ident.lastIndexOf('.')))) continue;
    const start = sep.next + (sep.quote ? 0 : labelPrefixLength(text, sep.next, read));
    const value = sep.quote ? read : readValue(text, { ...sep, next: start }, text[identStart - 1] !== '?' && text[identStart - 1] !== '&');
    if (value === undefined || text[start + value.length] === '(') continue;
    // `REACT_APP_AUTH_PASSWORD`: the identifier names a password even when its first keyword is `AUTH`.
    const passwordish = PASSWORDISH.test(keyword) || [...ident.matchAll(KEYWORD_IN_IDENT)].some((k) => PASSWORDISH.test(k[0]));
    const lineStart = LINE_START.test(text.slice(Math.max(0, identStart - 40), identStart));
    // "the password is x" unquoted: password words, or a machine-made token after any keyword ("the
    // acme token is <token>"); a CSV cell (`api_token,<value>,`) only on its own line and token-shaped.
    if ((sep.prose && !passwordish) || (sep.cell && !lineStart)) {
      if (!machineToken(value)) continue;
    }
    const score = valueScore(value, {
      strong: sep.strong,
      quoted: sep.quote !== undefined,
      keywordUpper: isShouted(keyword) || (follow !== null && isShouted(follow[1] as string)),
      passwordish,
      weak: WEAK.test(keyword) || BARE_KEY.test(ident),
      recordKey: BARE_KEY.test(ident) && RECORD_FIELD.test(text.slice(start + value.length, start + value.length + 80)),
      lineStart,
      comma: sep.comma === true,
    });
    if (score <= 0) continue;
    const end = fullEnd(text, start + value.length, value.length);
    if (end > start + value.length) KEYWORD.lastIndex = Math.max(KEYWORD.lastIndex, end);
    hits.push({ start, end, keyword: keyword.toLowerCase(), score });
  }
  return hits;
}
