/**
 * Credentials hidden one encoding deep: base64 of a JSON object that carries a secret field, such as
 * Grafana's legacy API keys (`{"k":..,"n":..,"id":..}`), Docker `config.json` auths, or a base64'd cloud
 * service-account file; and the best-known weak passwords standing on their own.
 */

export interface EncodedHit {
  start: number;
  end: number;
  score: number;
  rule: string;
}

// `{"`, `{ "`, `{\n` and `{\r\n` encode to these prefixes.
export const ENCODED_HINTS = ['eyJ', 'eyAi', 'ewog', 'ewoJ', 'ew0K'];
const JSON_BASE64 = /(?:eyJ|eyAi|ewog|ewoJ|ew0K)[A-Za-z0-9+/_-]{20,4000}={0,2}/g;
const SECRET_FIELD =
  /"(?:k|key|secret|password|passwd|token|access_token|refresh_token|private_key|client_secret|api_key|apikey|auth|secret_key)"\s*:\s*"([^"]{8,})"/;

function decodedSecretField(token: string): boolean {
  const decoded = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  const field = SECRET_FIELD.exec(decoded);
  if (!field) return false;
  const value = field[1] as string;
  return /\d/.test(value) && /[A-Za-z]/.test(value) && !/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(value);
}

/**
 * Base64 JSON blobs with a secret field; not JWT segments (the `jwt` rule owns those) and not URL parts.
 * `hinted`: one of ENCODED_HINTS occurs in the text (the caller's prefilter knows); without one there is none.
 */
export function findEncodedSecrets(text: string, hinted: boolean): EncodedHit[] {
  if (!hinted) return [];
  const hits: EncodedHit[] = [];
  JSON_BASE64.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = JSON_BASE64.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (start > 0 && /[A-Za-z0-9+/_-]/.test(text[start - 1] as string)) continue;
    if (text[end] === '.' || text[start - 1] === '.') continue;
    // Inside a URL (`...?r=eyJ...`): an embed or state parameter, not a pasted credential.
    const before = text.slice(Math.max(0, start - 500), start);
    if (before.slice(Math.max(before.lastIndexOf(' '), before.lastIndexOf('\n')) + 1).includes('://')) continue;
    if (decodedSecretField(m[0])) hits.push({ start, end, score: 0.85, rule: 'base64_json_credential' });
  }
  return hits;
}

const WEAK_BASE =
  'password|passw0rd|p@ssw0rd|p@ssword|letmein|qwerty|qwertyuiop|asdfgh|zxcvbnm|1qaz2wsx|iloveyou|welcome|admin|administrator|root|toor|changeme|monkey|dragon|sunshine|princess|football|baseball|superman|batman|trustno1|master|shadow|abc|secret';
const WEAK_PASSWORD = new RegExp(`^(?:${WEAK_BASE})(?:\\d{2,6}|[!@#$]\\d{0,4}|\\d{2,6}[!@#$])$`, 'i');

// Candidates start at a quote or a line break (rare characters, so the scan is quick) or at the start.
const QUOTED_OR_LINE = /[\n"'`][ \t]*([A-Za-z0-9@!#$]{5,24})[ \t]*(?=$|[\n"'`])/g;
const AT_START = /^[ \t]*([A-Za-z0-9@!#$]{5,24})[ \t]*(?=$|[\n"'`])/;

/** `password123`, `letmein42`, `Welcome2024!` as a whole quoted string or a whole line: a weak password. */
export function findWeakPasswords(text: string): EncodedHit[] {
  const hits: EncodedHit[] = [];
  const consider = (m: RegExpExecArray): void => {
    const value = m[1] as string;
    if (!WEAK_PASSWORD.test(value)) return;
    const start = m.index + m[0].lastIndexOf(value);
    hits.push({ start, end: start + value.length, score: 0.6, rule: 'weak_password' });
  };
  const first = AT_START.exec(text);
  if (first) consider(first);
  QUOTED_OR_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = QUOTED_OR_LINE.exec(text)) !== null) consider(m);
  return hits;
}
