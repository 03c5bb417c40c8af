import { looksMachineRandom } from './entropy.js';
import { namesDataKey, lastWord } from './ident-words.js';

/**
 * Machine-made tokens without a secret keyword next to them: `acme = '3k14...'`, `"widgetly": "a1b2..."`,
 * `billingsvc <40 hex>` on a line of its own, a token at the end of a line that mentions a secret, or a
 * token under a line such as "Please use the following password:". The token must look random for its alphabet (see `looksMachineRandom`), and the word before
 * it must not name an identifier, a hash or an address (`id`, `sha`, `commit`, `etag`, `wallet`, ...):
 * those are the everyday random strings of logs, API responses and lock files.
 */

export interface BareTokenHit {
  start: number;
  end: number;
  score: number;
  rule: string;
}

const BEFORE_OK = ' \t\n\r"\'`=:(,[>';
const AFTER_OK = ' \t\n\r"\'`,;)]}<';
const IDENT_BEFORE = /([A-Za-z][A-Za-z0-9_.-]{0,60})["'`]?[ \t]*(?:=|:=|:|=>|->)[ \t]*["'`]?$/;
/** `Id=ab1c-l0-s0:<token>`, `client_id=tenant:<token>`: the token ends the value of an outer `key=`. */
const OUTER_KEY_BEFORE = /([A-Za-z][A-Za-z0-9_.-]{0,60})[ \t]*=[ \t]*["'`]?[A-Za-z][A-Za-z0-9_.-]{0,60}:$/;
const LABEL_LINE = /^[ \t]*([A-Za-z][A-Za-z0-9_.-]{1,40})(?:[ \t]+[A-Za-z][A-Za-z0-9_.-]{0,20})?[ \t]+["'`]?$/;
// A CAPTCHA site key (reCAPTCHA, hCaptcha, Turnstile) is published in the page it protects; its secret key is not.
const PUBLIC_KEY_LABEL = /(?:(?:pub(?:lic|lishable)?|\bgpg|\bpgp|\bgnupg)[ \t_.-]?(?:key|token)|site[ \t_.-]?key)$/i;
const SECRET_WORD = /passw(?:or)?d|passphrase|secret|token|api[ _-]?key|access key|private key|credential/i;

/** Last word of an identifier that holds public or structural random strings. */
const NOT_SECRET_WORD =
  /^(?:id|ids|uuid|guid|uid|oid|cid|sha|sha1|sha256|sha512|md5|hash|hashes|checksum|digest|integrity|commit|commits|rev|revision|ref|head|tree|parent|object|blob|etag|fingerprint|nonce|salt|state|cursor|version|tag|build|image|trace|traceparent|span|request|correlation|color|colour|name|title|path|file|url|uri|href|src|link|host|domain|email|user|username|type|model|format|hex|base64|data|content|body|text|message|msg|description|class|style|address|addr|wallet|account|recipient|sender|contract|pubkey|public|block|tx|txid|txn|transaction|slug|handle|key_id|keyid|kid|serial|number|sku|isbn|code_verifier|challenge|avatar|thumbnail|picture|photo|reference|shasum|value|signature|sig|bust|buster|cachebuster|release|checksums|container|volume|network|instance|pod|job|run|task|step|artifact|package|module|layer|merge|revert|hashed|sha\d*sum|md5sum|b2sum|cksum|sitekey|event|pair|pressed)$/i;

/** `SRCREV_foo`, `COMMIT_SHA_MAIN`, `pinned_rev_x`: a revision named anywhere in the identifier. */
const REVISION_NAME = /(?:^|[-_.])(?:srcrev|sha\d*|commit|rev|revision|digest|checksum)(?:[-_.]|$)/i;

/**
 * Public by design although random-looking: bech32 addresses and public keys (`bc1q...`, `age1...`,
 * `npub1...`; the secret forms `nsec1`, `AGE-SECRET-KEY-1` are upper-case or named so), OpenSSH public
 * key blobs (`known_hosts`, `authorized_keys`), and base64 that
 * decodes to prose (an encoded sentence is a payload for other detectors, not a key).
 */
function publicOrText(token: string): boolean {
  const bech32 = /^([a-z]{1,20})1[02-9ac-hj-np-z]{38,}$/.exec(token);
  if (bech32 && !/sec|priv/.test(bech32[1] as string)) return true;
  if (!/^[A-Za-z0-9+/_-]{20,}$/.test(token)) return false;
  // An OpenSSH public key blob (`AAAAB3NzaC1yc2E...`, `AAAAC3NzaC1lZDI1NTE5...`): it opens with its key type.
  if (token.startsWith('AAAA') && /^\0\0\0.(?:ssh-|ecdsa-|sk-)/s.test(Buffer.from(token.slice(0, 24), 'base64').toString('latin1'))) return true;
  const decoded = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  let printable = 0;
  let spaces = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c === 32) spaces++;
    if (c >= 32 && c < 127) printable++;
  }
  return decoded.length >= 12 && spaces >= 2 && printable >= decoded.length * 0.95 && /[a-z]{3}/.test(decoded);
}

/**
 * A character-set constant written out (`'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef...'`, a base32 alphabet): a run
 * of 16+ consecutive ascending characters, and nearly all of it in runs of 6+. Minted tokens have neither.
 */
function isAlphabet(token: string): boolean {
  let inRuns = 0;
  let longest = 0;
  let run = 1;
  for (let i = 1; i <= token.length; i++) {
    if (i < token.length && token.charCodeAt(i) === token.charCodeAt(i - 1) + 1) {
      run++;
      continue;
    }
    if (run >= 6) inRuns += run;
    if (run > longest) longest = run;
    run = 1;
  }
  return longest >= 16 && inRuns >= token.length * 0.95;
}

/** The token's line, looking at most 200 characters either side (enough for every rule below). */
function lineBounds(text: string, start: number, end: number): [number, number] {
  const lo = Math.max(0, start - 200);
  const ls = lo + text.slice(lo, start).lastIndexOf('\n') + 1;
  const le = text.slice(end, end + 200).indexOf('\n');
  return [ls, le === -1 ? Math.min(text.length, end + 200) : end + le];
}

/** The last non-empty line before `lineStart`, at most three lines up. */
function previousLine(text: string, lineStart: number): string {
  let end = lineStart - 1;
  for (let hops = 0; hops < 3 && end > 0; hops++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (line !== '') return line;
    end = start - 1;
  }
  return '';
}

function classify(text: string, start: number, end: number): { score: number; rule: string } | undefined {
  const [ls, le] = lineBounds(text, start, end);
  const before = text.slice(Math.max(ls, start - 80), start);
  const rest = text
    .slice(end, le)
    .replace(/^=+/, '')
    .replace(/["'`,;)\]}\s]+$/, '');
  const assigned = IDENT_BEFORE.exec(before);
  // `# public key: age1...`, `publicKey = "..."`, `GPG key: <fingerprint>`: a public key or its fingerprint.
  if (assigned && PUBLIC_KEY_LABEL.test(before.slice(0, before.length - assigned[0].length + (assigned[1] as string).length))) return undefined;
  if (assigned) {
    const ident = assigned[1] as string;
    // `v1=`, `r=`, `t=`: too short to say what they hold (signature parts, query parameters).
    if (ident.length < 3 || NOT_SECRET_WORD.test(lastWord(ident)) || NOT_SECRET_WORD.test(ident) || REVISION_NAME.test(ident) || namesDataKey(ident))
      return undefined;
    // `name:token` is then part of the outer key's value (an Azure App Configuration `Id=`, `user_id=svc:x`),
    // named by that key; `AUTH=admin:<token>` stays a credential.
    const outer = OUTER_KEY_BEFORE.exec(before)?.[1];
    if (outer !== undefined && (NOT_SECRET_WORD.test(lastWord(outer)) || NOT_SECRET_WORD.test(outer))) return undefined;
    return { score: 0.65, rule: 'unlabelled_assignment' };
  }
  // "use the token 3k14... to call the API": mid-sentence, a secret word just before and nothing
  // between that names a public string; longer tokens only, since the line's shape no longer vouches.
  if (rest !== '') {
    const near = text.slice(Math.max(ls, start - 40), start);
    if (end - start < 24 || !SECRET_WORD.test(near)) return undefined;
    const between = near
      .slice(near.search(SECRET_WORD))
      .split(/[ \t]+/)
      .slice(1)
      .map((w) => w.replace(/["'`:,]/g, ''));
    return between.some((w) => NOT_SECRET_WORD.test(lastWord(w))) ? undefined : { score: 0.65, rule: 'token_after_secret_word' };
  }
  // The rules below read the whole line; a line longer than the window is prose, not a label line.
  if ((ls > 0 && text[ls - 1] !== '\n') || ls < start - 80) return undefined;
  const words = before
    .trim()
    .split(/[ \t]+/)
    .map((w) => w.replace(/["'`:,]/g, ''));
  if (words.some((w) => NOT_SECRET_WORD.test(lastWord(w)))) return undefined;
  // "here is the staging token for the billing job 3k14...": a secret word earlier on the token's line.
  if (SECRET_WORD.test(before) || /\b(?:KEY|key)\b/.test(before)) return { score: 0.7, rule: 'token_after_secret_word' };
  if (LABEL_LINE.test(before)) return { score: 0.6, rule: 'labelled_token' };
  if (before.trim().replace(/["'`]/g, '') === '') {
    const prev = previousLine(text, ls);
    if (SECRET_WORD.test(prev) && /[:：]$/.test(prev)) return { score: 0.75, rule: 'token_after_secret_label' };
  }
  return undefined;
}

/**
 * Finds keyword-less, machine-made tokens in assignment, label-line and "secret follows:" positions.
 * `spans` are the text's runs of 20+ token characters (letters, digits, `_`, `-`), from the prefilter.
 */
export function findBareTokens(text: string, spans: ReadonlyArray<readonly [number, number]>): BareTokenHit[] {
  const hits: BareTokenHit[] = [];
  for (const [spanStart, spanEnd] of spans) {
    // `--flag-name-...`, `_private_name`: a token starts with a letter or digit.
    if (text[spanStart] === '-' || text[spanStart] === '_') continue;
    const start = spanStart;
    const token = text.slice(spanStart, spanEnd).replace(/[-_]+$/, '');
    if (token.length < 20 || token.length > 256) continue;
    // Base64 padding belongs to the token: `...xyz==`.
    let after = spanEnd;
    while (text[after] === '=' && after - spanEnd < 2) after++;
    if (start > 0 && !BEFORE_OK.includes(text[start - 1] as string)) continue;
    if (after < text.length && !AFTER_OK.includes(text[after] as string)) continue;
    // `a_b_c_d`: identifiers; `ch_3Mml...`, `msg_01XF...`: vendor object ids (provider rules catch key prefixes).
    if (/^[a-z]{1,12}[_-]/.test(token)) continue;
    if (!looksMachineRandom(token) || publicOrText(token) || isAlphabet(token)) continue;
    // `...xyz==`: the padding is redacted with the token.
    const end = start + token.length === spanEnd ? after : start + token.length;
    const verdict = classify(text, start, end);
    if (verdict) hits.push({ start, end, ...verdict });
  }
  return hits;
}
