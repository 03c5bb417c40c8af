import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './assignment-value.js';
import { notPlaceholder, type SecretRule } from './provider-rules.js';

/**
 * More credentials recognised by the slot they sit in, for file formats and calls that name no secret
 * word: `.pgpass` lines, an API token passed as the user of `curl -u token:`, a Twilio auth token next
 * to its account SID, the single string argument of an SDK client constructor, the password flags and
 * `user%pass` / `user/pass@db` forms of LDAP, Samba, `net use` and Oracle tools, and Jenkins' encrypted
 * secrets. Each needs its slot and a value of the right shape, never the shape alone.
 */

/** Letters and digits, varied: a machine-made token rather than a word, a number or a name. */
function tokenShaped(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value) && new Set(value).size >= 10 && shannonEntropy(value) >= 3.5;
}

/** An unquoted value in prose: letters and digits, not a word, a path, a URL, a number or a placeholder. */
function proseCredential(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value) && !/[/\\]|^\d|^[A-Za-z]+\d{1,2}$/.test(value) && notPlaceholder(value) && !isPlaceholder(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SLOT_RULES: readonly SecretRule[] = [
  {
    // libpq's password file: `hostname:port:database:username:password`, one entry per line (`*` wildcards).
    id: 'pgpass_password',
    // Anchored on `:port:` rather than on every line start (cheaper on text with no such line).
    re: /:(?:\d{1,5}|\*):[^:\s]{1,64}:[^:\s]{1,64}:(\S{6,128})[ \t]*(?=\r?\n|$)/g,
    group: 1,
    score: 0.75,
    minRun: 3,
    check: (v) => notPlaceholder(v) && /[A-Za-z]/.test(v) && !/^(?:password|changeme)$/i.test(v) && !v.includes(':'),
    // The host is a name, an address or `*`, and the user names someone: not `12:30:45:...` in a log line.
    accept: (text, start) => {
      const line = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
      if (!/^[ \t]*(?:\*|[\w.-]{1,253}):(?:\d{1,5}|\*):[^:\s]{1,64}:[^:\s]{1,64}:$/.test(line)) return false;
      const [host, , , user] = line.trimStart().split(':');
      return /[A-Za-z.*]/.test(host ?? '') && /[A-Za-z*]/.test(user ?? '');
    },
  },
  {
    // `curl -u <token>:`: APIs that take the token as the user name with an empty password (CircleCI,
    // Stripe, Mailgun, Recurly, ...).
    id: 'cli_user_token',
    re: /(?:^|\s)(?:-u|--user)[ \t]+(["']?)([A-Za-z0-9_\-.]{20,200}):\1(?=$|\s)/g,
    group: 2,
    score: 0.8,
    hint: ['-u', '--user'],
    check: tokenShaped,
  },
  {
    // Twilio's SDKs take the account SID and then its 32-hex auth token: `Client("AC...", "<token>")`.
    id: 'twilio_auth_token',
    re: /\bAC[0-9a-f]{32}\b["'`]?[ \t]*[,;)]?[^\n]{0,60}?(?<![A-Za-z0-9])["'`]([0-9a-f]{32})["'`]/g,
    group: 1,
    score: 0.85,
    hint: 'AC',
    check: (v) => /[a-f]/.test(v) && /\d/.test(v),
  },
  {
    // `cohere.Client("<key>")`, `new OpenAIApi("<key>")`: an SDK client built from one string literal.
    id: 'client_constructor_key',
    re: /\b[A-Za-z_][\w.]{0,40}(?:Client|API|Api|SDK|Sdk)[ \t]*\([ \t]*(["'])([A-Za-z0-9_\-.]{24,120})\1[ \t]*\)/g,
    group: 2,
    score: 0.7,
    hint: ['Client(', 'API(', 'Api(', 'SDK(', 'Sdk(', 'Client (', 'Api ('],
    check: (v) => tokenShaped(v) && !UUID.test(v) && !/^\d+(?:\.\d+)+$/.test(v),
  },
  {
    // `ldapsearch -D <dn> -w <password>` (and ldapmodify, ldapadd, ldapdelete, ldappasswd).
    id: 'cli_password_flag',
    re: /\bldap(?:search|modify|add|delete|passwd|whoami|compare)\b[^\n|;&]{0,200}?[ \t]-w[ \t]+(["']?)([^\s"'`|;&]{3,200})\1(?=$|\s)/g,
    group: 2,
    score: 0.8,
    hint: 'ldap',
    check: (v) => notPlaceholder(v) && !v.startsWith('-'),
  },
  {
    // `smbclient -U user%password`, `rpcclient -U 'DOMAIN\\user%password'`: Samba's user%password.
    id: 'cli_user_password',
    re: /\b(?:smbclient|rpcclient|smbmap|smbget|mount\.cifs|winexe|net)\b[^\n|;&]{0,200}?[ \t]-U[ \t]*(["']?)[^\s%"']{1,100}%([^\s"'`]{3,200})\1(?=$|\s)/g,
    group: 2,
    score: 0.8,
    hint: ' -U',
    check: (v) => notPlaceholder(v) && !v.startsWith('$'),
  },
  {
    // Windows `net use \\\\host\\share /user:DOMAIN\\name <password>`.
    id: 'cli_password_flag',
    re: /\bnet[ \t]+use\b[^\n]{0,200}?\/user:[^\s]{1,100}[ \t]+(["']?)([^\s"'`/*][^\s"'`]{2,200})\1(?=$|\s)/gi,
    group: 2,
    score: 0.8,
    hint: ['net use', 'NET USE'],
    check: (v) => notPlaceholder(v) && !v.startsWith('%'),
  },
  {
    // Oracle `sqlplus user/password@db`, `expdp`, `imp`, `rman target user/password@db`.
    id: 'cli_user_password',
    re: /\b(?:sqlplus|sqlldr|expdp|impdp|exp|imp|rman(?:[ \t]+target)?)[ \t]+(?:-[sSlL][ \t]+)*["']?[A-Za-z][\w$#]{0,60}\/([^\s@/"'`]{3,128})@/g,
    group: 1,
    score: 0.85,
    hint: ['sqlplus', 'sqlldr', 'expdp', 'impdp', 'exp ', 'imp ', 'rman'],
    check: (v) => notPlaceholder(v) && !v.startsWith('$'),
  },
  {
    // Prose with words between the password word and the value: "the password for root is Xk29dl3q",
    // "the passphrase of the backup key was: Xk29dl3q". Unquoted, so only values with letters and digits.
    id: 'password_in_prose',
    re: /\b(?:password|passphrase|passcode|passwd)\b[^.!?\n"'`:=]{1,40}?\b(?:is|was)[ \t]*:?[ \t]+([^\s"'`]{6,64}?)(?=[.,;!?]?(?:\s|$))/gi,
    group: 1,
    score: 0.7,
    hint: ['assword', 'ASSWORD', 'assphrase', 'asscode', 'asswd'],
    check: (v) => proseCredential(v),
  },
  {
    // "the staging login is admin / Xk29dl3q", "credentials: admin/Xk29dl3q": a user, a slash, the password.
    id: 'password_in_prose',
    re: /\b(?:login|logins|credentials?|creds)\b[^\n"'`]{0,24}?(?:\b(?:is|are)\b|:|=)[ \t]+[^\s/"'`]{1,64}[ \t]*\/[ \t]*([^\s"'`]{6,64}?)(?=[.,;!?]?(?:\s|$))/gi,
    group: 1,
    score: 0.7,
    hint: ['login', 'Login', 'LOGIN', 'credential', 'Credential', 'CREDENTIAL', 'creds', 'Creds', 'CREDS'],
    check: (v) => proseCredential(v),
  },
  {
    // .NET `<setting name="SmtpPassword" ...><value>x</value>`, `<entry><key>db.password</key><value>x</value>`
    // and property lists' `<key>API_KEY</key><string>x</string>`: the name ends in a secret word, the value
    // is the next element.
    id: 'xml_named_value',
    re: /(?:<setting\b[^<>]{0,200}?\bname=["']|<key>)[\w.:-]{0,60}(?:passw(?:or)?d|pwd|secret|token|api[_.-]?key|credentials?)\d?(?:["'][^<>]{0,200}>|<\/key>)\s{0,200}<(value|string)>([^<\s]{3,200})<\/\1>/gi,
    group: 2,
    score: 0.8,
    hint: ['<value>', '<Value>', '<string>'],
    check: (v) => notPlaceholder(v) && !isPlaceholder(v),
  },
  {
    // Jenkins `credentials.xml` secrets, `{AQAAABAAAAAQ...}`: encrypted, but with the controller's master
    // key (often in the same backup) they decrypt.
    id: 'jenkins_secret',
    re: /(\{AQAAAB[A-Za-z0-9+/]{30,}={0,2}\})/g,
    group: 1,
    score: 0.8,
    hint: '{AQAAAB',
  },
];
