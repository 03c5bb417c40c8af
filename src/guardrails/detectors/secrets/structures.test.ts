import { describe, expect, it } from 'vitest';
import { ALNUM, B64, B64URL, covering, HEX, LOWER36, detect, fake, found } from './secrets.fixtures.js';

/**
 * Secrets found by the structure they sit in (config syntaxes, connection strings, credential files) and
 * by calibrated randomness, not by a vendor prefix: every value here is generated, with no known prefix.
 */

const key = fake(ALNUM, 40, 21);
const hex = fake(HEX, 64, 22);
const short = fake(LOWER36, 24, 23);
const pw = `${fake(ALNUM, 8, 24)}&7%q!`;

describe('key-value syntaxes', () => {
  it.each([
    ['.env', `PAYMENTS_SIGNING_SECRET=${key}\n`, key],
    ['.env exported and quoted', `export LEDGER_API_TOKEN="${key}"\n`, key],
    ['.env password with & and %', `SMTP_PASSWORD=${pw}\nSMTP_HOST=mail.internal\n`, pw],
    ['JSON', `{"service": "ledger", "client_secret": "${key}"}`, key],
    ['JSON nested camelCase', `{"auth": {"apiKey": "${short}"}}`, short],
    ['YAML', `ledger:\n  url: https://ledger.internal\n  access_token: ${key}\n`, key],
    ['YAML password', `db:\n  user: app\n  password: ${pw}\n`, pw],
    ['TOML', `[ledger]\nsecret_key = "${hex}"\n`, hex],
    ['INI', `[client]\nuser = app\npassword = ${pw}\n`, pw],
    ['Java properties', `ledger.api.secret=${key}\n`, key],
    ['XML attribute', `<add key="LedgerSecret" value="${key}" />`, key],
    ['HCL attribute', `provider "ledger" {\n  token = "${key}"\n}\n`, key],
    ['HCL variable default', `variable "ledger_db_password" {\n  type    = string\n  default = "${pw}"\n}\n`, pw],
    ['Kubernetes env entry', `env:\n  - name: LEDGER_TOKEN\n    value: "${key}"\n`, key],
    ['bearer keyword', `ledger_bearer = "${key}"`, key],
  ])('%s', (_name, text, value) => {
    expect(covering(text, value)).toBeDefined();
  });
});

describe('connection strings and command lines', () => {
  it.each([
    ['URI', `postgres://ledger:${fake(ALNUM, 16, 31)}@db.internal:5432/ledger`, fake(ALNUM, 16, 31)],
    ['URI without user', `redis://:${fake(ALNUM, 18, 32)}@cache.internal:6379/0`, fake(ALNUM, 18, 32)],
    ['ADO.NET', `Server=db;Database=ledger;User Id=app;Password=${fake(ALNUM, 14, 33)};`, fake(ALNUM, 14, 33)],
    ['sshpass quoted', `sshpass -p '${pw}' ssh deploy@10.0.0.4`, pw],
    ['sshpass bare', `sshpass -p ${fake(ALNUM, 12, 34)} rsync -a ./ deploy@host:/srv`, fake(ALNUM, 12, 34)],
  ])('%s', (_name, text, value) => {
    expect(covering(text, value)).toBeDefined();
  });
});

describe('credential files', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  it.each([
    [
      '~/.aws/credentials',
      `[default]\naws_access_key_id = AKIA${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 41)}\naws_secret_access_key = ${fake(B64, 40, 42)}\n`,
      fake(B64, 40, 42),
    ],
    ['.npmrc', `//registry.npmjs.org/:_authToken=${fake(ALNUM, 36, 43)}\n`, fake(ALNUM, 36, 43)],
    ['.pypirc', `[pypi]\nusername = deploy\npassword = ${pw}\n`, pw],
    ['.netrc', `machine api.ledger.example\n  login deploy\n  password ${fake(ALNUM, 20, 44)}\n`, fake(ALNUM, 20, 44)],
    ['.git-credentials', `https://deploy:${fake(ALNUM, 30, 45)}@git.ledger.example\n`, fake(ALNUM, 30, 45)],
    ['docker config.json', `{"auths": {"registry.ledger.example": {"auth": "${b64(`deploy:${fake(ALNUM, 20, 46)}`)}"}}}`, b64(`deploy:${fake(ALNUM, 20, 46)}`)],
    ['kubeconfig client key', `users:\n- name: admin\n  user:\n    client-key-data: ${fake(B64, 160, 47)}\n`, fake(B64, 160, 47)],
  ])('%s', (_name, text, value) => {
    expect(covering(text, value)).toBeDefined();
  });

  it('a service-account JSON: its private key, from the PEM header on', () => {
    const text = `{"type": "service_account", "private_key_id": "${fake(HEX, 40, 48)}", "private_key": "-----BEGIN PRIVATE KEY-----\\n${fake(B64, 64, 49)}\\n-----END PRIVATE KEY-----\\n"}`;
    expect(found(text).some((v) => v.startsWith('-----BEGIN PRIVATE KEY-----'))).toBe(true);
  });
});

describe('benign look-alikes', () => {
  it.each([
    ['a UUID as a request id', 'request_id: 3f2b8c1e-9a4d-4e6f-8b2c-1d3e5f7a9b0c'],
    ['a commit hash', `commit ${fake(HEX, 40, 51)}`],
    ['a checksum tool line', `sha256sum: ${fake(HEX, 64, 52)}`],
    ['npm integrity', `"integrity": "sha512-${fake(B64, 86, 53)}=="`],
    ['a base64 image', `<img src="data:image/png;base64,iVBORw0KGgo${fake(B64, 200, 54)}">`],
    ['an image digest', `image: registry.example/app@sha256:${fake(HEX, 64, 55)}`],
    ['a timestamp under a login key', '"last_login": "2021-03-04T05:06:07.891"'],
    ['a bech32 address after a label', 'send to bc1q9h7garjk5hxd3pz0a6g2lqsgxn5kyh8v7y3r0w'],
    ['an age public key', '# public key: age1qz7g4s5n0d3zrh6a8wjx7t5v9l2k3m4n6p8q0r2s4t6u8w0y2a4c6e8g'],
    ['base64 that decodes to a sentence', `payload = "${Buffer.from('Please forward every invoice to the new address').toString('base64')}"`],
    ['placeholders in a login call', 'server.login("you@example.com", "YOUR_APP_PASSWORD")'],
    ['slot names in a login call', 'ftp.login("username", "password")'],
    ['a short word in a login call', 's.login("me@example.com", "pwd")'],
  ])('%s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('a URL-safe random token in a query parameter stops at the next parameter', () => {
    const token = fake(B64URL.replace(/[-_]/g, ''), 32, 56);
    expect(found(`https://api.example.com/v1?access_token=${token}&page=2`)).toEqual([token]);
  });
});

describe('code and prose that hand over a password', () => {
  const p = `${fake(ALNUM, 9, 61)}#4q`;
  it.each([
    ['SQL create user', `CREATE USER reporting IDENTIFIED BY '${p}';`],
    ['SQL alter role', `ALTER ROLE reporting WITH LOGIN PASSWORD '${p}';`],
    ['PHP connect', `$db = mysqli_connect("db.internal", "reporting", "${p}", "ledger");`],
    ['LDAP bind', `ldap_bind($conn, "cn=reader,dc=corp", "${p}");`],
    ['redis-cli', `redis-cli -h cache.internal -a ${p} info`],
    ['builder method', `DataSourceBuilder.create().username("app").password("${p}").build();`],
    ['chat prose', `hi, my password is ${p} and it stopped working`],
    ['pw key', `smtp_pw: ${p}`],
    ['Python bytes literal', `hmac_secret = b"${p}"`],
  ])('%s', (_name, text) => {
    expect(found(text)).toContain(p);
  });

  it.each([
    ['a requirement', 'the password is required for every login'],
    ['a state', 'the token is expired, request a new one'],
    ['a length', 'the password is 12 characters long'],
    ['a model name after a non-password word', 'the key is gpt4o-mini for this project'],
    ['a lookup by name', 'String p = vault.getPassword("ledger-db");'],
    ['variables, not literals', 'mysqli_connect($host, $user, $pass, $db);'],
    ['a SQL placeholder', "CREATE USER app IDENTIFIED BY 'password';"],
  ])('nothing in %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('`pw` is a keyword only as a word of its own, not inside a random string', () => {
    const text = `signature ${fake(ALNUM, 12, 62)}pw=${fake(ALNUM, 16, 63)}`;
    expect(detect(text).map((f) => f.evidence)).not.toContain('rule:generic_assignment(pw)');
  });
});

describe('a keyword-less token in the middle of a sentence', () => {
  const token = fake(ALNUM, 32, 81);
  // The secret word is not the token's own key: other words sit between them.
  it.each([`the staging credential for billing ${token} expires soon`, `I rotated the access key yesterday, new one ${token} works`])('%s', (text) => {
    expect(found(text)).toEqual([token]);
  });

  it.each([`the password hash ${token} is stored`, `the secret commit ${fake(HEX, 40, 82)} fixed it`, `the secret of build ${token} is speed`])(
    'not %s (a public string named between)',
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});

describe('documentation values', () => {
  it.each([
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'secret = "REPLACE_ME"',
    'password = "example-password-123"',
    'api_key = "dummy_api_key_for_tests_0001"',
    'DB_PASSWORD=sample.pass.42',
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('a real-looking value next to a documentation word is still found', () => {
    const value = `example${fake(ALNUM, 30, 91)}`;
    expect(found(`api_key = "${value}"`)).toEqual([value]);
  });
});
