import { isPlaceholder } from './assignment-value.js';
import { notPlaceholder, type SecretRule } from './provider-rules.js';

/**
 * Credentials recognised by where they sit rather than by their shape: the password slot of a URL or a
 * connection string, a command-line password flag, the password argument of a credential constructor, an
 * Authorization header. The slot itself says "secret", so the value only has to be a literal (not a
 * variable, template or mask); weak literals (`Password=secret;`) still count.
 */

/** A literal, not `$VAR`, `%VAR%`, `${..}`, `{{..}}`, `<..>`, `[..]`, `***`, `-` (stdin) or a number. */
function literal(value: string): boolean {
  return notPlaceholder(value) && !/^(?:-|\d+|[*•]+|null|none|nil|undefined|''|"")$/i.test(value) && !/%[A-Za-z_]\w*%|^\(|^[a-z]+=/i.test(value);
}

/**
 * Doc placeholders in a credential slot: the slot's own name (`("username", "password")`, `"pwd"`), a
 * `your_...` hint or a constant's name (`"YOUR_SMTP_PASSWORD"`). Weak literals (`"secret"`) still count.
 */
function realLiteral(value: string): boolean {
  return (
    literal(value) &&
    !/^(?:pwd|pw|pass|passwd|password|passphrase|user(?:name)?|login|your[_\- ]?\w*)$/i.test(value) &&
    !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)
  );
}

/** `-u user:pass` also means user:group (`docker -u 1000:1000`, `-u www-data:www-data`): ask for more. */
function userColonPassword(value: string): boolean {
  return literal(value) && (value.length >= 12 || /\d/.test(value) || /[^A-Za-z0-9_-]/.test(value)) && !/^\d+$/.test(value);
}

const CONNECTION_KEY = /(?:^|[;"'\s])(?:Server|Data Source|Host|Address|Addr|Provider|Driver|Database|Initial Catalog|DSN|User ID|UID|User|Username)[ \t]*=/i;

/** The password sits on a `;`-separated line that also names a server, database or user. */
function inConnectionString(text: string, start: number, end: number): boolean {
  const lo = Math.max(0, start - 500);
  const before = text.slice(lo, start);
  const after = text.slice(end, end + 500);
  const line = before.slice(before.lastIndexOf('\n') + 1) + after.slice(0, after.includes('\n') ? after.indexOf('\n') : after.length);
  return line.includes(';') && CONNECTION_KEY.test(line);
}

export const CONTEXT_RULES: readonly SecretRule[] = [
  {
    // `scheme://user:password@host`; the scan starts at `://`, which is rare, rather than at every word.
    id: 'connection_string_password',
    // The password may hold an `@` (`p@ss@host`): the last `@` before the host ends it. So may the user,
    // an e-mail address (`smtp://mailer@example.com:pass@smtp.example.com`).
    re: /:\/\/((?:[^\s:/@'"`]{1,64}@)?[^\s:/@'"`]{0,64}):([^\s:/'"`]{3,128})@[A-Za-z0-9.\-[\]_]+/dg,
    group: 2,
    partner: 1,
    score: 0.9,
    hint: '://',
    // `user:password@` stays: a weak literal in the slot still opens the database.
    check: notPlaceholder,
  },
  {
    // ADO.NET / ODBC / JDBC key-value connection strings: `Server=..;User ID=..;Password=..;`.
    id: 'connection_string_password',
    // A user key right before the password (`User ID=app;Password=..`) joins the finding.
    re: /(?:^|[;"'\s])(?:(?:User[ \t]?ID|UID|User(?:name)?)[ \t]*=[ \t]*([^;'"\s]{1,128})[ \t]*;[ \t]*)?(?:Password|Pwd)[ \t]*=[ \t]*([^;'"\s]{1,128})/dgi,
    group: 2,
    partner: 1,
    score: 0.85,
    hint: ['assword', 'ASSWORD', 'wd=', 'WD=', 'wd =', 'WD ='],
    check: literal,
    accept: inConnectionString,
  },
  {
    // `--password hunter2`, `-Password 'x'`, `--api-key=...`; not `--password-stdin` or `--password $PW`.
    id: 'cli_password_flag',
    // A user flag right before it (`-User admin -Password x`) joins the finding: one login, one finding.
    re: /(?:^|\s)(?:(?:--user(?:name)?|-User(?:name)?)(?:[ \t]+|=)(["']?)([^\s"'`|;&]{1,100})\1[ \t]+)?(?:--(?:db-|admin-|client-)?(?:password|passwd|pass|pwd|secret|token|api-?key|access-?token|auth-?token|client-?secret)|-(?:Password|Secret|Token|ApiKey|AccessToken))(?:[ \t]+|=)(["']?)([^\s"'`|;&]{4,200})\3(?=$|[\s|;&)])/dgi,
    group: 4,
    partner: 2,
    score: 0.8,
    hint: ['--', '-Password', '-Secret', '-Token', '-ApiKey', '-AccessToken'],
    check: (v) => literal(v) && !v.startsWith('-'),
  },
  {
    // Azure's `;`-separated connection strings (App Configuration, Service Bus, Event Hubs, IoT Hub): the
    // endpoint, the key's id or name and the key are used together, so the finding runs from the endpoint on.
    id: 'azure_connection_string',
    re: /\b(?:Endpoint|HostName)=([^;\s"'`]{3,200});(?:[ \t]*[A-Za-z]{1,40}=[^;\s"'`]{0,200};){0,4}?[ \t]*(?:Secret|SharedAccessKey|AccountKey)=([A-Za-z0-9+/]{20,}={0,2})/dg,
    group: 2,
    partner: 1,
    score: 0.9,
    hint: ['Endpoint=', 'HostName='],
  },
  {
    // A .netrc entry (`machine host login user password secret`, on one line or several): host, login and
    // password are one credential, so the finding spans the entry from the host on.
    id: 'netrc_entry',
    re: /\bmachine[ \t]+(\S{1,200})\s+login[ \t]+\S{1,200}\s+password[ \t]+(\S{1,200})/dg,
    group: 2,
    partner: 1,
    score: 0.85,
    hint: 'machine',
    check: literal,
  },
  {
    // `psexec -u DOMAIN\admin -p P4ss`, `mysql -u root -pP4ss`: `-p` is a password only after `-u`.
    id: 'cli_password_flag',
    re: /(?:^|\s)-u[ \t]+(\S{1,100})[ \t]+-p(?:[ \t]+)?(["']?)([^\s"'`|;&]{3,200})\2(?=$|[\s|;&)])/dg,
    group: 3,
    partner: 1,
    score: 0.8,
    hint: ' -p',
    // `docker run -u 1000 -p 8080:80`: after `-u`, `-p` can still be a port mapping.
    check: (v) => literal(v) && !v.startsWith('-') && !/^[\d.:]+(?:\/(?:tcp|udp))?$/.test(v),
  },
  {
    // An Azure shared access signature URL (`?sv=2022-11-02&...&sig=...`): the signature grants access to
    // the resource until `se`, like a password in the URL.
    id: 'azure_sas_signature',
    re: /[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'<>`]{0,400}?\bsig=([A-Za-z0-9%+/=_-]{30,})/g,
    group: 1,
    score: 0.85,
    hint: ['sv=20'],
  },
  {
    // `sqlcmd -S db -U sa -P x`, `bcp ... -U sa -P x`: upper-case `-P` after `-U` is the password.
    id: 'cli_password_flag',
    re: /(?:^|\s)-U[ \t]+\S{1,100}[ \t]+-P[ \t]*(["']?)([^\s"'`|;&]{3,200})\1(?=$|[\s|;&)])/g,
    group: 2,
    score: 0.8,
    hint: ' -P',
    check: (v) => literal(v) && !v.startsWith('-') && !/^[\d.:]+$/.test(v),
  },
  {
    // SQL: `CREATE USER app IDENTIFIED BY 'x'`, `ALTER ROLE app WITH PASSWORD 'x'`, MySQL's
    // `SET PASSWORD FOR root@localhost = PASSWORD('x')`.
    id: 'sql_password',
    re: /\b(?:IDENTIFIED[ \t]+BY(?:[ \t]+PASSWORD)?|(?:CREATE|ALTER)[ \t]+(?:USER|ROLE|LOGIN)\b[^;\n]{0,120}?\bPASSWORD[ \t]*=?|SET[ \t]+PASSWORD\b[^;=\n]{0,80}=[ \t]*(?:(?:OLD_)?PASSWORD[ \t]*\()?)[ \t]*(['"])([^'"\n]{3,128})\1/gi,
    group: 2,
    score: 0.85,
    // Hints are rare trigrams: a common one (`cre`, `alt`) costs a confirmation at every occurrence.
    hint: ['IDENTIFIED', 'identified', "PASSWORD '", 'PASSWORD "', "password '", 'password "', 'SET PASSWORD', 'set password'],
    check: realLiteral,
  },
  {
    // PHP and C APIs whose third argument is the password: `mysqli_connect(host, user, pass)`,
    // `ldap_bind($ds, $dn, pass)`, `ftp_login($c, user, pass)`, `ssh2_auth_password($s, user, pass)`.
    id: 'credential_call',
    re: /\b(?:mysql_connect|mysqli_connect|mysqli_real_connect|new[ \t]+mysqli|pg_connect|ldap_bind|ftp_login|ssh2_auth_password|imap_open)[ \t]*\([ \t]*(?:"[^"\n]*"|'[^'\n]*'|[$\w\->[\]]+)[ \t]*,[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[$\w\->[\]]+)[ \t]*,[ \t]*(["'])([^"'\n]{1,128})\1/g,
    group: 2,
    score: 0.85,
    hint: ['_connect', 'mysqli', 'ldap_bind', 'ftp_login', 'ssh2_auth', 'p_open'],
    check: realLiteral,
  },
  {
    // `redis-cli -h cache -a x`: `-a` is the password of redis-cli only.
    id: 'cli_password_flag',
    re: /\bredis-cli\b[^\n|;&]{0,100}?[ \t]-a[ \t]+(["']?)([^\s"'`|;&]{3,200})\1(?=$|\s)/g,
    group: 2,
    score: 0.8,
    hint: 'is-cli',
    check: (v) => literal(v) && !v.startsWith('-'),
  },
  {
    // `sshpass -p 'x' ssh ...`: quoted, a shell passes `&` and `|` through.
    id: 'cli_password_flag',
    re: /\bsshpass[ \t]+-p[ \t]*(["'])([^"'\n]{3,200})\1/g,
    group: 2,
    score: 0.85,
    hint: 'sshpass',
    check: literal,
  },
  {
    // `sshpass -p x rsync ...`: unquoted, they end the word.
    id: 'cli_password_flag',
    re: /\bsshpass[ \t]+-p[ \t]*([^\s"'`|;&]{3,200})(?=$|\s)/g,
    group: 1,
    score: 0.85,
    hint: 'sshpass',
    check: literal,
  },
  {
    // Terraform / HCL: `variable "db_password" { default = "..." }`; the block's label names the secret.
    id: 'hcl_secret_default',
    re: /\b(?:variable|output)[ \t]+"[\w-]*(?:passw(?:or)?d|secret|token|api_?key|private_?key|credentials?)[\w-]*"[ \t]*\{[^{}]{0,300}?\b(?:default|value)[ \t]*=[ \t]*"([^"\n]{4,200})"/gi,
    group: 1,
    score: 0.8,
    hint: ['variable "', 'output "'],
    check: realLiteral,
  },
  {
    id: 'cli_user_password',
    re: /(?:^|\s)(?:-u|--user)[ \t]+(["']?)([^\s:"'$]{1,100}):([^\s"'@]{3,200})\1(?=$|\s)/dg,
    group: 3,
    partner: 2,
    score: 0.8,
    hint: ['-u', '--user'],
    check: userColonPassword,
  },
  {
    // .NET, Java, Python, PowerShell constructors whose second string argument is a password.
    id: 'credential_constructor',
    re: /\b(?:NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials|HTTPBasicAuth|HTTPDigestAuth|BasicAuth|PSCredential|BasicAWSCredentials|SimpleCredentials)\s*\(\s*(["'])([^"'\n]{0,100})\1\s*,\s*(["'])([^"'\n]{1,200})\3/dg,
    group: 4,
    partner: 2,
    score: 0.85,
    hint: [
      'NetworkCredential',
      'PasswordAuthentication',
      'UsernamePasswordCredentials',
      'HTTPBasicAuth',
      'HTTPDigestAuth',
      'BasicAuth',
      'PSCredential',
      'BasicAWSCredentials',
      'SimpleCredentials',
    ],
    check: realLiteral,
  },
  {
    // LDAP binds: `new DirectoryEntry("LDAP://...", "user", "password")`.
    id: 'credential_constructor',
    re: /\bDirectoryEntry\s*\(\s*(["'])[^"'\n]{0,200}\1\s*,\s*(["'])[^"'\n]{0,100}\2\s*,\s*(["'])([^"'\n]{1,200})\3/g,
    group: 4,
    score: 0.85,
    hint: 'DirectoryEntry',
    check: realLiteral,
  },
  {
    // `requests.get(url, auth=("user", "pass"))`, `.login("user", "pass")`, `.login("user", "pass", callback)`.
    id: 'credential_call',
    re: /(?:\bauth\s*[=:]\s*\(|\.(?:login|auth|authenticate|basicAuth|setBasicAuth|withBasicAuth)\s*\()\s*(["'])([^"'\n]{1,100})\1\s*,\s*(["'])([^"'\n]{3,200})\3\s*[,)]/dg,
    group: 4,
    partner: 2,
    score: 0.8,
    hint: ['auth', '.login(', 'Auth('],
    check: realLiteral,
  },
  {
    // Prose: "the default password for the admin user is 'hunter22'", "the passphrase was `x`".
    id: 'password_in_prose',
    re: /\b(?:password|passphrase|passcode|passwd)\b[^.!?\n"'`]{0,40}(?:["'`][^"'`\n]{0,30}["'`][^.!?\n"'`]{0,20})?\b(?:is|was|are)\s*:?\s*(["'`])([^"'`\s]{3,64})\1/gi,
    group: 2,
    score: 0.7,
    hint: ['assword', 'ASSWORD', 'assphrase', 'asscode', 'asswd'],
    check: (v) => literal(v) && !isPlaceholder(v),
  },
  {
    id: 'authorization_header',
    re: /\b(?:Proxy-)?Authorization["']?\s*[:=,]\s*["']?(?:(?:Bearer|Basic|Token|SSWS|Digest|Negotiate|ApiKey|Api-Key|OAuth|Key|GenieKey|Splunk|DSN)\s+)?([A-Za-z0-9._~+/-]{16,}={0,2})/gi,
    group: 1,
    score: 0.85,
    hint: ['uthorization', 'UTHORIZATION'],
    check: (v) => literal(v) && /\d/.test(v) && /[A-Za-z]/.test(v),
  },
  {
    id: 'authorization_header',
    re: /\b(?:Bearer|Basic|token|SSWS):?\s+([A-Za-z0-9._~+/-]{20,}={0,2})/g,
    group: 1,
    score: 0.8,
    hint: ['Bearer', 'Basic', 'token', 'SSWS'],
    check: (v) => /\d/.test(v) && /[A-Za-z]/.test(v),
  },
];
