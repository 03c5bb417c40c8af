import { describe, expect, it } from 'vitest';
import { ALNUM, B64, B64URL, HEX, fake, found } from './secrets.fixtures.js';

// Values of several alphabets: the syntax, not the value's shape, is what these tests vary.
const values = [fake(ALNUM, 28, 301), fake(B64, 40, 302), fake(HEX, 32, 303), fake(B64URL, 24, 304)];

describe('keyword assignments in the syntaxes of config files and languages', () => {
  it.each([
    ['PHP concatenation', (v: string) => `$orbitlyToken .= "${v}";`],
    ['PHP null coalescing', (v: string) => `$orbitlyToken ??= '${v}';`],
    ['Make conditional', (v: string) => `ORBITLY_TOKEN ?= "${v}"`],
    ['Make append', (v: string) => `ORBITLY_TOKEN += ${v}`],
    ['Ruby or-assign', (v: string) => `@orbitly_secret ||= "${v}"`],
    ['Go typed var', (v: string) => `var orbitlyToken string = "${v}"`],
    ['Kotlin typed val', (v: string) => `val orbitlyApiKey: String = "${v}"`],
    ['Python getenv default', (v: string) => `orbitly_key = os.getenv("ORBITLY_KEY", "${v}")`],
    ['Ruby ENV.fetch default', (v: string) => `ORBITLY_SECRET = ENV.fetch('ORBITLY_SECRET', '${v}')`],
    ['JavaScript env fallback', (v: string) => `const orbitlyToken = process.env.ORBITLY_TOKEN || '${v}';`],
    ['YAML literal block', (v: string) => `orbitly:\n  api_token: |\n    ${v}\n`],
    ['YAML folded block, stripped', (v: string) => `orbitly:\n  api_token: >-\n    ${v}\n`],
    ['JSON name/value pair over lines', (v: string) => `{\n  "name": "ORBITLY_TOKEN",\n  "value": "${v}"\n}`],
    ['Markdown table row', (v: string) => `| name | value |\n|---|---|\n| orbitly_token | ${v} |`],
    ['CSV cell', (v: string) => `orbitly_api_key,${v},prod`],
    ['prose after a non-password keyword', (v: string) => `the orbitly access token is ${v}`],
    ['label before a colon', (v: string) => `apikey=orbitly:${v}`],
    ['encoding label (Laravel APP_KEY)', (v: string) => `ORBITLY_APP_KEY=base64:${v}`],
    ['creds as the keyword', (v: string) => `ORBITLY_DB_CREDS=${v}`],
  ])('finds the value in %s', (_syntax, make) => {
    for (const v of values) expect(found(make(v)), make(v)).toContain(v);
  });

  it('leaves the near misses of those syntaxes alone', () => {
    for (const text of [
      'cat ~/.orbitly/token | grep expires',
      'Connect-Orbitly -Token "$token" | Out-Null',
      'var orbitlyToken string = getOrbitlyToken()',
      'const orbitlyToken = process.env.ORBITLY_TOKEN || "";',
      'orbitly_key = os.getenv("ORBITLY_KEY", None)',
      'api_token: |\n  Paste the token from the dashboard here.\n',
      '| token | description |\n|---|---|\n| orbitly_token | the token for the orbitly API |',
      'password,secret,token,api_key',
      'tokens = split(token, delimiter_string_value)',
      'the access token is invalid',
      'the orbitly api key is rotated monthly',
      'endpoint=https://orbitly.example.com/v1',
      'const creds = await loadOrbitlyCreds();',
      'credit_limit = 5000',
      'incredible_results: true',
      'apiKey: env:ORBITLY_API_KEY',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});

describe('word values under keywords that do not name a password', () => {
  it('ignores words and camel-case names after key, token, access and auth', () => {
    for (const text of [
      'orbitly --access-level="read_only"',
      '  KeyUsage: "SIGN_VERIFY",\n  KeyManager: "PLATFORM",',
      '$session.Credentials = New-Object System.Net.CredentialCache',
      'type OrbitlyAPI = ChainableOrbitlyClientAPI & { skip: true };',
      'token: orbitlyREFRESH',
      'auth_mode: "delegated"',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('still finds human passwords, also where an earlier keyword names something else', () => {
    expect(found('APP_AUTH_PASSWORD=bluetiger')).toContain('bluetiger');
    expect(found('SERVICE_AUTH_PASS=bluetiger')).toContain('bluetiger');
    expect(found('db_password: "marigold"')).toContain('marigold');
  });

  it('still finds long letters-only tokens that are not camel-case names', () => {
    const letters = fake(`${'abcdefghijklmnopqrstuvwxyz'}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'}`, 30, 305);
    expect(found(`orbitly_api_key = "${letters}"`)).toContain(letters);
  });
});

describe('spans that cover the whole secret, so redaction leaves none of it', () => {
  it('reads a long token past the 300-character value cap to its end', () => {
    const long = fake(B64URL, 1200, 306);
    const dotted = `${long}.${fake(B64URL, 400, 307)}`;
    const cases: Array<[string, string]> = [
      [`orbitly_api_token = "${long}"`, long],
      [`ORBITLY_TOKEN=${long}\nNEXT=1`, long],
      [`secret: ${dotted}`, dotted],
    ];
    for (const [text, value] of cases) expect(found(text), text.slice(0, 40)).toEqual([value]);
  });

  it('keeps an @ inside a URL password, ending it at the @ before the host', () => {
    const pw = `${fake(ALNUM, 6, 308)}@${fake(ALNUM, 5, 309)}`;
    expect(found(`postgres://app:${pw}@db.internal:5432/shop`)).toEqual([`app:${pw}`]);
    expect(found(`https://deploy:${fake(ALNUM, 10, 310)}@git.example.org/team/repo?mail=a@b.example`)).toEqual([expect.not.stringContaining('/')]);
  });

  it('takes base64 padding with a keyword-less token', () => {
    const token = `${fake(B64URL.replace(/[-_]/g, ''), 42, 311)}==`;
    expect(found(`acmecloud = '${token}'`)).toEqual([token]);
  });
});
