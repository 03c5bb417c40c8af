import { describe, expect, it } from 'vitest';
import { ALNUM, B64, B64URL, detect, fake, found, HEX } from './secrets.fixtures.js';

const pw = `Qd4${fake(ALNUM, 9, 901)}!`;

function typesOf(text: string): string[] {
  return detect(text).map((f) => f.type);
}

describe('credentials in slots that name no secret word', () => {
  it('finds the password of a .pgpass line, and not colon-separated numbers', () => {
    expect(found(`db.internal:5432:billing:report:${pw}`)).toEqual([pw]);
    expect(found(`*:*:*:postgres:${pw}\nlocalhost:5432:app:app:${pw}x`)).toEqual([pw, `${pw}x`]);
    expect(found('12:30:45:120:abcdef1 took 3 ms')).toEqual([]);
    expect(found('localhost:5432:app:app:*')).toEqual([]);
  });

  it('finds an API token passed as the user name with an empty password', () => {
    const token = fake(HEX, 40, 902);
    expect(found(`curl -u ${token}: https://circleci.com/api/v1.1/me`)).toEqual([token]);
    expect(found('docker run -u www-data: nginx')).toEqual([]);
    expect(found('curl -u deploy_user_for_builds_prod: https://ci.example.com')).toEqual([]);
  });

  it('finds a Twilio auth token after its account SID, not the SID', () => {
    const token = fake(HEX, 32, 903);
    const sid = `AC${fake(HEX, 32, 904)}`;
    expect(found(`client = Client("${sid}", "${token}")`)).toEqual([token]);
  });

  it('finds the one string argument of an SDK client, not ids, versions or words', () => {
    const key = fake(ALNUM, 40, 905);
    expect(found(`co = cohere.Client("${key}")`)).toEqual([key]);
    expect(found(`const api = new MistralApi('${key}');`)).toEqual([key]);
    expect(found('client = Client("550e8400-e29b-41d4-a716-446655440000")')).toEqual([]);
    expect(found('http = HttpClient("https://api.example.com/v1")')).toEqual([]);
    expect(found('db = MongoClient("mongodb_default_connection")')).toEqual([]);
  });

  it('finds the passwords of LDAP, Samba, net use and Oracle command lines, and not variables', () => {
    expect(found(`ldapsearch -x -D "cn=admin,dc=example,dc=org" -w ${pw} -b "dc=example,dc=org"`)).toEqual([pw]);
    expect(found(`smbclient //fs01/backup -U svc_backup%${pw}`)).toEqual([pw]);
    expect(found(`net use \\\\fs01\\share /user:CORP\\svc ${pw}`)).toEqual([pw]);
    expect(found(`sqlplus scott/${pw}@orcl`)).toEqual([pw]);
    expect(found('sqlplus scott/$ORACLE_PW@orcl')).toEqual([]);
    expect(found('net use \\\\fs01\\share /user:CORP\\svc *')).toEqual([]);
    expect(found('sqlplus / as sysdba')).toEqual([]);
  });

  it('finds Jenkins encrypted secrets and Firebase server keys whole', () => {
    const jenkins = `{AQAAABAAAAAQ${fake(B64, 44, 906)}=}`;
    expect(found(`<password>${jenkins}</password>`)).toEqual([jenkins]);
    const fcm = `AAAA${fake(B64URL, 7, 907)}:APA91b${fake(B64URL, 134, 908)}`;
    expect(found(`Authorization: key=${fcm}`)).toEqual([fcm]);
  });
});

describe('syntaxes around a secret word', () => {
  it('reads past the attributes of an XML element and the type of a VB declaration', () => {
    const b64 = Buffer.from(pw).toString('base64');
    expect(found(`<Server><User>deploy</User><Pass encoding="base64">${b64}</Pass></Server>`)).toEqual([b64]);
    expect(found(`Dim password As String = "${pw}"`)).toEqual([pw]);
    expect(found('<token type="bearer"></token>')).toEqual([]);
  });

  it("reads R's `<-`, YAML tags and MySQL's SET PASSWORD", () => {
    expect(found(`password <- "${pw}"`)).toEqual([pw]);
    expect(found('api_key <- Sys.getenv("API_KEY")')).toEqual([]);
    expect(found(`password: !!str ${pw}`)).toEqual([pw]);
    expect(found('password: !!str changeme')).toEqual([]);
    expect(found(`SET PASSWORD FOR 'root'@'localhost' = PASSWORD('${pw}');`)).toEqual([pw]);
  });

  it('finds the value element after an XML name that ends in a secret word', () => {
    expect(found(`<setting name="SmtpPassword" serializeAs="String">\n  <value>${pw}</value>\n</setting>`)).toEqual([pw]);
    expect(found(`<entry>\n  <key>db.password</key>\n  <value>${pw}</value>\n</entry>`)).toEqual([pw]);
    const secret = fake(ALNUM, 24, 950);
    expect(found(`<key>ClientSecret</key>\n<string>${secret}</string>`)).toEqual([secret]);
    expect(found('<setting name="PasswordLength"><value>12</value></setting>')).toEqual([]);
    expect(found('<key>db.password</key><value>${DB_PASS}</value>')).toEqual([]);
    expect(found('<key>CFBundleName</key><string>MyApp</string>')).toEqual([]);
  });

  it('finds a password passed to a login call with a callback', () => {
    expect(found(`conn.login('ops@example.com', '${pw}', function (err, res) {});`)).toEqual([`ops@example.com', '${pw}`]);
  });

  it('does not read a protocol, a cmdlet or a resource name as the value', () => {
    expect(found('POST /api HTTP/1.1\nHost: example.com')).toEqual([]);
    expect(found('$password = Read-Host -AsSecureString')).toEqual([]);
    expect(typesOf(`$password = ConvertTo-SecureString "${pw}" -AsPlainText -Force`)).toEqual(['powershell_plaintext']);
    expect(found('secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"')).toEqual([]);
  });
});

describe('public values beside secret words', () => {
  it('leaves SSH public keys, CAPTCHA site keys, strong-name tokens and publishable keys alone', () => {
    expect(found(`github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fake(B64, 43, 910)}`)).toEqual([]);
    expect(found(`<div class="g-recaptcha" data-sitekey="6L${fake(B64URL, 38, 911)}"></div>`)).toEqual([]);
    expect(found(`<Reference Include="System.Web.Mvc, Version=5.2.7.0, PublicKeyToken=${fake(HEX, 16, 912)}" />`)).toEqual([]);
    expect(found(`const stripe = Stripe("pk_live_${fake(ALNUM, 99, 913)}");`)).toEqual([]);
    // The secret halves still count.
    const secret = fake(B64URL, 40, 914);
    expect(found(`RECAPTCHA_SECRET_KEY=${secret}`)).toEqual([secret]);
  });

  it('finds the password of a URL whose user is an e-mail address', () => {
    expect(found(`EMAIL_URL=smtp://mailer@example.com:${pw}@smtp.example.com:587`)).toEqual([`mailer@example.com:${pw}`]);
    expect(found('see http://jo@example.com:8080/path')).toEqual([]);
  });
});

describe('credentials in prose and tables', () => {
  it('finds a password named a few words before it, and a user/password pair after a login word', () => {
    // In prose a final `!` or `.` ends the sentence, not the password.
    const said = `Hq8${fake(ALNUM, 9, 916)}`;
    expect(found(`The password for root is ${said}! until Friday.`)).toEqual([said]);
    expect(found(`the staging login is admin / ${said} for now`)).toEqual([said]);
    expect(found('the password reset link is https://example.com/r/abc123')).toEqual([]);
    expect(found('The password policy is 12chars minimum.')).toEqual([]);
    expect(found('The password for this account is GPT4 compatible.')).toEqual([]);
    expect(found('login is required / 2fa too')).toEqual([]);
  });

  it('finds the cells of a CSV or TSV column named as a secret', () => {
    const other = `Zt6${fake(ALNUM, 10, 915)}`;
    expect(found(`service,username,password\nftp,backup,${pw}\nweb,admin,"${other}"\n`)).toEqual([pw, other]);
    expect(found(`name\turl\tusername\tpassword\nGitHub\thttps://github.com\tjo\t${pw}`)).toEqual([pw]);
    expect(found('user,password\njo,changeme\nann,${PW}')).toEqual([]);
    expect(found('id,name,password_hint\n1,jo,blue')).toEqual([]);
    // One quoted name per line is a list, not a header.
    expect(found("const names = [\n  'pii',\n  'secrets',\n  'keywords',\n  'topics',\n];")).toEqual([]);
  });
});

describe('names that hold a secret word but no secret', () => {
  it('leaves keys that index data, anti-forgery tokens and public tokens alone', () => {
    for (const name of ['primaryKey', 'foreignKey', 'sortKey', 'idempotency_key', 'bucket_key', 'cacheKey']) {
      expect(found(`${name}=${fake(ALNUM, 30, 940)}`)).toEqual([]);
    }
    expect(found(`csrf-token=${fake(B64, 86, 941)}==`)).toEqual([]);
    expect(found(`publicToken = "${fake(ALNUM, 43, 942)}"`)).toEqual([]);
    expect(found(`key_up_event=${fake(ALNUM, 30, 943)}`)).toEqual([]);
    // Their secret neighbours still count.
    const secret = fake(ALNUM, 30, 944);
    expect(found(`storageKey=${secret}`)).toEqual([secret]);
    expect(found(`signing_key=${secret}`)).toEqual([secret]);
  });

  it('leaves dotted names, names with versions and UUIDs under a bare key alone', () => {
    expect(found('KeyPair = Ed25519.KeyPair')).toEqual([]);
    expect(found('keyPressed = kVK_Escape.u16')).toEqual([]);
    expect(found('<entry key="com.acme.migration_v9" value="executed" />')).toEqual([]);
    // Hex split by a dot is a token (a Kubernetes bootstrap token), whatever its pieces spell.
    const bootstrap = `${fake(HEX, 6, 948)}.${fake(HEX, 16, 949)}`;
    expect(found(`BOOTSTRAP_TOKEN: "${bootstrap}"`)).toEqual([bootstrap]);
    expect(found('"bucket_name_key": "Quarterly-Report-2.4"')).toEqual([]);
    expect(found("schema_token = 'DOC_Vector_7_64'")).toEqual([]);
    expect(found('<Color x:Key="AccentBrushGradient2">#FF12A4FF</Color>')).toEqual([]);
    expect(found('    { key: "903e5d98-2f4b-4d41-8e2c-ca5144391b25", value: "Europe" },')).toEqual([]);
    // Without a value beside it, a UUID under `key` may be a vendor's API key.
    expect(found('{"railway": {"key": "903e5d98-2f4b-4d41-8e2c-ca5144391b25"}}')).toEqual(['903e5d98-2f4b-4d41-8e2c-ca5144391b25']);
    expect(found(`SRCREV_acme = "${fake(HEX, 40, 945)}"`)).toEqual([]);
    // Random values with dots or word-like pieces are still tokens.
    const dotted = `${fake(ALNUM, 23, 946)}.${fake(ALNUM, 6, 947)}`;
    expect(found(`passwd = ${dotted}`)).toEqual([dotted]);
    expect(found('api_token = "Asdf1234asdf1234asdf1234asdf1234"')).toEqual(['Asdf1234asdf1234asdf1234asdf1234']);
    expect(found('api_key = "ABCD1234-EFGH5678-IJKL9012"')).toEqual(['ABCD1234-EFGH5678-IJKL9012']);
  });
});
