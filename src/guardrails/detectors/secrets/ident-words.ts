/**
 * Words inside identifiers (`AUTH0_CLIENT_SECRET`, `passwordResetUrl`, `sonar.login`): split at `_`, `.`,
 * `-` and camelCase humps, so rules can ask what an identifier ends with or which word a keyword sits in.
 */

const isSeparator = (c: number): boolean => c === 95 || c === 46 || c === 45;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLowerOrDigit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** The identifier's last word: `AUTH0_DOMAIN` -> `DOMAIN`, `spreadsheetId` -> `Id`, `getURL` -> `URL`. */
export function lastWord(ident: string): string {
  let end = ident.length;
  while (end > 0 && isSeparator(ident.charCodeAt(end - 1))) end--;
  let start = end;
  if (start > 0 && isLowerOrDigit(ident.charCodeAt(start - 1))) {
    while (start > 0 && isLowerOrDigit(ident.charCodeAt(start - 1))) start--;
    if (start > 0 && isUpper(ident.charCodeAt(start - 1))) start--;
  } else {
    while (start > 0 && isUpper(ident.charCodeAt(start - 1))) start--;
  }
  return ident.slice(start, end);
}

/** The word of `ident` containing [offset, offset + length): `author` for `auth` in `post_author`. */
export function wordAt(ident: string, offset: number, length: number): string {
  let s = offset;
  while (s > 0 && /[a-z]/i.test(ident[s - 1] as string) && !(/[A-Z]/.test(ident[s] as string) && /[a-z]/.test(ident[s - 1] as string))) s--;
  let e = offset + length;
  while (e < ident.length && /[a-z]/.test(ident[e] as string)) e++;
  return ident.slice(s, e);
}

const DATA_WORDS =
  'primary|foreign|sort|partition|range|bucket|schema|sequence|hot|idx|index|natural|cache|lookup|map|row|routing|shard|composite|unique|surrogate|dedup|dedupe|idempotency|i18n|translation|message|locale|object|dict|registry|entity|field|table|react|list|item|node|menu|nav|tab|route|state|filter|mutation|property|prop|attr|setting|feature|metric|label|tag|icon|asset|group';
const capitalised = DATA_WORDS.split('|')
  .map((w) => w[0]?.toUpperCase() + w.slice(1))
  .join('|');
const DATA_KEY_SNAKE = new RegExp(`(?:^|[-_.])(?:${DATA_WORDS})[-_.]?key$`, 'i');
const DATA_KEY_CAMEL = new RegExp(`(?:^|[a-z0-9])(?:${capitalised})Key$|^(?:${DATA_WORDS})Key$`);
/**
 * The key of a record, an index, a map, a cache or a message catalogue (`primaryKey`, `bucket_key`,
 * `idempotency-key`): a name, not a credential. The word must start the identifier or a part of it, so
 * vendor names that end in one (`bitbucket_key`, `dynalist_key`) are not caught.
 */
export function namesDataKey(ident: string): boolean {
  return DATA_KEY_SNAKE.test(ident) || DATA_KEY_CAMEL.test(ident);
}
