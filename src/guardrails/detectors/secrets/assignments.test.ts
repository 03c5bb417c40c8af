import { describe, expect, it } from 'vitest';
import { ALNUM, B64, HEX, fake, found } from './secrets.fixtures.js';

const key = fake(ALNUM, 32, 70);

describe('generic keyword assignments', () => {
  it.each([
    ['YAML', `service:\n  api_key: ${key}\n`],
    ['JSON', `{"clientSecret":"${key}","region":"eu-west-1"}`],
    ['env', `export STRIPE_WEBHOOK_TOKEN=${key}`],
    ['TOML', `[auth]\naccess_token = "${key}"`],
    ['XML element', `<apiKey>${key}</apiKey>`],
    ['XML key/value attributes', `<add key="PaymentApiKey" value="${key}" />`],
    ['Kubernetes env value slot', `- name: UPSTREAM_TOKEN\n  value: "${key}"`],
    ['escaped JSON in a string', `"{\\"secretKey\\":\\"${key}\\"}"`],
    ['aligned PHP', `$mail->Password      = '${key}';`],
    ['comparison', `if (request.token !== "${key}") deny();`],
    ['setter call', `client.setApiKey("${key}");`],
    ['value on the next line', `PRIVATE ACCESS KEY\n${key}\n`],
    ['shouted label and prose value', `ACME SECRET ${key}`],
  ])('finds a secret in %s', (_syntax, text) => {
    expect(found(text)).toContain(key);
  });

  it('reads quoted values to their closing quote, punctuation included', () => {
    const value = `q7;R)"}/${fake(ALNUM, 12, 71)}&k>`.replace('"', '');
    expect(found(`jwt_secret: '${value}'`)).toContain(value);
  });

  it('finds short human passwords in password slots but not in other keys', () => {
    expect(found('db_password = "tulip42"')).toContain('tulip42');
    expect(found('if password == "orchid7":')).toContain('orchid7');
    expect(found('cache_key = "tulip42"')).toEqual([]);
  });

  it('finds values glued to the identifier after a keyword', () => {
    const uuidish = `${fake(HEX, 8, 72)}-${fake(HEX, 4, 73)}-${fake(HEX, 4, 74)}-${fake(HEX, 4, 75)}-${fake(HEX, 12, 76)}`;
    expect(found(`acme-secret-${uuidish}`)).toContain(uuidish);
    expect(found(`acmeKEY-${key}`)).toContain(key);
  });

  it('finds numeric tokens of 16+ digits under a key name', () => {
    expect(found('WIDGET_API_TOKEN=4815162342108015')).toContain('4815162342108015');
  });

  it('ignores names, references, types and descriptive keys', () => {
    for (const text of [
      'passwordResetUrl = "https://example.com/reset-password"',
      'this.addPassword = "#add-password";',
      '<input type="password" autocomplete="current-password">',
      'interface Login { password: string; token: Token }',
      'const apiKey = process.env.OPENAI_API_KEY;',
      'secret_name: prod/db/credentials',
      'AUTH0_DOMAIN="tenant-42.eu.auth0.com"',
      'api_key_header: X-Api-Key',
      'token_count: 12345678',
      '"usage": {"prompt_tokens": 1234, "completion_tokens": 5678}',
      'author: "Jane Q. Public"',
      'keyboard: us-intl',
      'usernameLabel:"Username:",passwordLabel:"Password:",rememberLabel:"Remember me:"',
      'def login(self, user = "", password = "", domain = ""):',
      `-----BEGIN PUBLIC KEY-----\n${fake(B64, 64, 77)}\n-----END PUBLIC KEY-----`,
      'apiKey: env:OPENAI_API_KEY',
      'password: "{{ .Values.db.password }}"',
      'The access key rotation is documented in the runbook.',
      // Code: lists, property paths, getters, templates, references, algorithm names, map keys.
      "const stages = ['secrets', 'keywords', 'code'];",
      "policies: { 'secret.rotate': 'Identity', 'token.mint': 'Identity' }",
      'if (key.createdAt >= current.createdAt) return key;',
      'const key = `${f.path}|${f.detector}|${f.start}`;',
      'env: { UP_KEY: UPSTREAM_KEY }',
      'Keyed hashing of credentials: HMAC-SHA256 under a server key',
      'const db = await repo.getSecret("db-password");',
      "await repo.addClientSecret(secret('cs-other'));",
      'authorize: function authorize(request) {',
      'return { node, key, complete: false };',
      'const token = await getToken();',
      "import { classPair, classToken, isRot13Common } from './features.js';",
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});
