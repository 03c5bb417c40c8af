import { shannonEntropy } from './entropy.js';
import { SERVICE_RULES } from './service-rules.js';

/**
 * Provider key formats written from the vendors' public documentation of their token prefixes. A rule's
 * `group` is the capture group holding the secret (0 = whole match); `check` can reject a candidate;
 * `hint` is a literal that must occur in the text for the rule to run at all (a cheap pre-filter).
 */
export interface SecretRule {
  id: string;
  re: RegExp;
  group: number;
  score: number;
  /** Literals of which at least one must occur for the rule to run (a cheap pre-filter, see prefilter.ts). */
  hint?: string | readonly string[];
  /** The secret needs a run of at least this many letters and digits: rules with no literal use this. */
  minRun?: number;
  check?: (value: string) => boolean;
  /** A check that needs the surrounding text (the line a connection-string password sits on). */
  accept?: (text: string, start: number, end: number) => boolean;
  /**
   * The group holding the identifier the secret belongs to (the user of `user:password@`, the account name
   * beside an account key); the regex needs the `d` flag. When it matched, the finding runs from it to the
   * end of the secret: the pair is one credential, and redacting it whole leaves no half to pair with a guess.
   */
  partner?: number;
}

function decodesToJsonWithAlg(segment: string): boolean {
  try {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    const header: unknown = JSON.parse(json);
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

/** Syntactic placeholders: masks, template and shell variables. Words like `changeme` are a policy matter. */
export function notPlaceholder(value: string): boolean {
  return !/^(?:x+|\*+|\.+|0+|<[^>]*>|\[[^\]]*\]|\{\{?[^}]*\}\}?|\$\{?[A-Za-z_][\w.]*\}?|%[A-Za-z_]\w*%?)$/i.test(value) && !value.startsWith('$');
}

const hasDigit = (v: string): boolean => /\d/.test(v);

/**
 * Random base64 as AWS mints it: both cases and a digit (not a hex hash), 4.3+ bits per character and few
 * `/` (not a path), and not the documentation's `...EXAMPLEKEY`.
 */
function awsSecretShape(v: string): boolean {
  if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/\d/.test(v) || v.endsWith('EXAMPLEKEY')) return false;
  return (v.match(/\//g)?.length ?? 0) <= 3 && shannonEntropy(v) >= 4.3;
}
const digitAndLetter = (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v);

/** Vendor prefixes of the form `<prefix>_<token>` and `<prefix>-<token>` (Fly, Prefect, Supabase, ...). */
const PREFIXES_UNDERSCORE = [
  'odt',
  'phx',
  'phc',
  'sgp',
  'sbp',
  'sb_secret',
  'tfp',
  'squ',
  'sqp',
  'sqa',
  'glsa',
  'dckr_pat',
  'pscale_tkn',
  'pscale_pw',
  'pscale_oauth',
  'rnd',
  'fo1',
  'dop',
  'lin_api',
  'ntn',
  'pnu',
  'figd',
  'shpat',
  'sk_live',
  'rk_live',
  'tkn.v1',
  'nfp',
  'napi',
  'pcsk',
  'gsk',
  'aio',
  'ddp',
  'esecret',
  'CCIPAT',
];
const PREFIXES_DASH = [
  'CFPAT',
  'tskey',
  'tskey-api',
  'tskey-auth',
  'tskey-client',
  'xai',
  'fio-u',
  'ffio-u',
  'pat-na1',
  'pat-na2',
  'pat-eu1',
  'pplx',
  'pul',
  'ico',
  'HRKU',
  'csk',
];

const CORE_RULES: readonly SecretRule[] = [
  {
    id: 'aws_access_key_id',
    re: /\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|A3T[A-Z0-9])[A-Z0-9]{16})\b/g,
    group: 1,
    score: 0.9,
    hint: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'A3T'],
    check: (v) => !v.endsWith('EXAMPLE'),
  },
  {
    // A secret access key has no prefix: 40 base64 characters. Right after its key id (a CSV export, a
    // table row, `id:secret`, two arguments; at most one line break between) the pair names it.
    id: 'aws_secret_access_key',
    // The gap ends in a separator, so the 40-character read is tried after separators only.
    re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b(?:[^\n]{0,59}?[^A-Za-z0-9/+=\n]|[^\n]{0,59}?\n(?:[^\n]{0,29}?[^A-Za-z0-9/+=\n])?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    group: 1,
    score: 0.88,
    hint: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    check: awsSecretShape,
  },
  { id: 'github_token', re: /\b(gh[pousr]_[A-Za-z0-9]{30,255})\b/g, group: 1, score: 0.97, hint: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { id: 'github_pat', re: /\b(github_pat_[A-Za-z0-9_]{40,255})\b/g, group: 1, score: 0.97, hint: 'github_pat_' },
  {
    id: 'gitlab_token',
    // Routable tokens (GitLab 17.x+) end in `.<version>.<crc>`: `glpat-<payload>.01.<9 characters>`.
    re: /\b((?:glpat|gldt|glptt|glrt|glsoat|glft|glimt|glagent|gloas|glcbt|glffct|glwt)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?)/g,
    group: 1,
    score: 0.95,
    hint: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glsoat-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glcbt-', 'glffct-', 'glwt-'],
  },
  { id: 'slack_token', re: /\b((?:xoxe\.)?xox[abeoprs]-(?:\d+-)?[A-Za-z0-9-]{10,})/g, group: 1, score: 0.95, hint: 'xox' },
  { id: 'slack_app_token', re: /\b(xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+)/g, group: 1, score: 0.95, hint: 'xapp-' },
  {
    id: 'webhook_url',
    re: /(https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/]{20,}|(?:[\w-]+\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]{30,}|[\w-]+\.webhook\.office\.com\/webhook\w*\/[\w@%/-]{30,}|outlook\.office\.com\/webhook\/[\w@%/-]{30,}|hooks\.zapier\.com\/hooks\/catch\/[\w/]{6,}))/g,
    group: 1,
    score: 0.9,
    hint: 'https://',
  },
  { id: 'stripe_key', re: /\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})\b/g, group: 1, score: 0.95, hint: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'] },
  { id: 'stripe_webhook_secret', re: /\b(whsec_[A-Za-z0-9]{24,})\b/g, group: 1, score: 0.9, hint: 'whsec_' },
  { id: 'anthropic_key', re: /\b(sk-ant-[a-z]{3,6}\d{0,3}-[A-Za-z0-9_-]{20,})/g, group: 1, score: 0.97, hint: 'sk-ant-' },
  {
    id: 'openai_key',
    re: /\b(sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,})/g,
    group: 1,
    score: 0.9,
    hint: 'sk-',
    check: (v) => !v.startsWith('sk-ant-') && hasDigit(v),
  },
  { id: 'google_api_key', re: /\b(AIza[0-9A-Za-z_-]{35})/g, group: 1, score: 0.93, hint: 'AIza' },
  { id: 'google_oauth_secret', re: /\b(GOCSPX-[A-Za-z0-9_-]{20,})/g, group: 1, score: 0.93, hint: 'GOCSPX-' },
  { id: 'google_oauth_token', re: /\b(ya29\.[0-9A-Za-z_-]{20,})/g, group: 1, score: 0.9, hint: 'ya29.' },
  { id: 'google_refresh_token', re: /\b(1\/\/0[A-Za-z0-9_-]{40,})/g, group: 1, score: 0.85, hint: '1//0' },
  { id: 'twilio_api_key', re: /\b(SK[0-9a-fA-F]{32})\b/g, group: 1, score: 0.85, hint: 'SK' },
  { id: 'sendgrid_key', re: /\b(SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64})/g, group: 1, score: 0.95, hint: 'SG.' },
  { id: 'npm_token', re: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1, score: 0.95, hint: 'npm_' },
  { id: 'pypi_token', re: /\b(pypi-AgE[A-Za-z0-9_-]{50,})/g, group: 1, score: 0.97, hint: 'pypi-' },
  { id: 'huggingface_token', re: /\b((?:hf_|api_org_)[A-Za-z0-9]{30,40})\b/g, group: 1, score: 0.9, hint: ['hf_', 'api_org_'] },
  { id: 'shopify_token', re: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g, group: 1, score: 0.95, hint: ['shpat_', 'shpca_', 'shppa_', 'shpss_'] },
  { id: 'digitalocean_token', re: /\b(do[por]_v1_[a-f0-9]{64})\b/g, group: 1, score: 0.95, hint: ['dop_v1_', 'doo_v1_', 'dor_v1_'] },
  { id: 'vault_token', re: /\b(hv[sbr]\.[A-Za-z0-9_-]{24,})/g, group: 1, score: 0.9, hint: ['hvs.', 'hvb.', 'hvr.'] },
  { id: 'age_secret_key', re: /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/g, group: 1, score: 0.97, hint: 'AGE-SECRET-KEY-' },
  { id: 'doppler_token', re: /\b(dp\.(?:st|ct|pt|sa|scim|audit)\.[A-Za-z0-9_\-.]{20,})/g, group: 1, score: 0.95, hint: 'dp.' },
  { id: 'grafana_token', re: /\b(gl(?:c|sa)_[A-Za-z0-9_+/=-]{32,})/g, group: 1, score: 0.9, hint: ['glc_', 'glsa_'] },
  { id: 'databricks_token', re: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g, group: 1, score: 0.9, hint: 'dapi' },
  { id: 'linear_key', re: /\b(lin_(?:api|oauth)_[A-Za-z0-9]{40})\b/g, group: 1, score: 0.9, hint: 'lin_' },
  { id: 'newrelic_key', re: /\b(NR(?:AK|JS|II|AA)-[A-Za-z0-9]{19,42})\b/g, group: 1, score: 0.9, hint: ['NRAK-', 'NRJS-', 'NRII-', 'NRAA-'] },
  { id: 'newrelic_license_key', re: /\b([A-Za-z0-9]{36}NRAL)\b/g, group: 1, score: 0.85, hint: 'NRAL' },
  { id: 'postman_key', re: /\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b/g, group: 1, score: 0.95, hint: 'PMAK-' },
  { id: 'atlassian_token', re: /\b(AT(?:ATT|CTT)3[A-Za-z0-9_\-=]{100,})/g, group: 1, score: 0.93, hint: ['ATATT3', 'ATCTT3'] },
  { id: 'mailgun_key', re: /\b(key-[0-9a-f]{32})\b/g, group: 1, score: 0.85, hint: 'key-' },
  {
    id: 'prefixed_token',
    re: new RegExp(`\\b((?:${PREFIXES_UNDERSCORE.map((p) => p.replace('.', '\\.')).join('|')})_[A-Za-z0-9_\\-=.]{20,})`, 'g'),
    group: 1,
    score: 0.85,
    hint: PREFIXES_UNDERSCORE.map((p) => `${p}_`),
    check: hasDigit,
  },
  {
    id: 'prefixed_token',
    re: new RegExp(`\\b((?:${PREFIXES_DASH.join('|')})-[A-Za-z0-9_\\-]{16,})`, 'g'),
    group: 1,
    score: 0.85,
    hint: PREFIXES_DASH.map((p) => `${p}-`),
    check: hasDigit,
  },
  { id: 'notion_token', re: /\b(secret_[A-Za-z0-9]{43})\b/g, group: 1, score: 0.85, hint: 'secret_', check: hasDigit },
  { id: 'nuget_key', re: /\b(oy2[a-z0-9]{43})\b/g, group: 1, score: 0.85, hint: 'oy2' },
  { id: 'mapbox_token', re: /\b([ps]k\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,})/g, group: 1, score: 0.85, hint: 'k.eyJ' },
  { id: 'zoho_token', re: /\b(1000\.[a-f0-9]{32}\.[a-f0-9]{32})\b/g, group: 1, score: 0.85, hint: '1000.' },
  { id: 'kerberos_hash', re: /(\$krb5(?:asrep|tgs|pa)\$\d+\$[^\s]{20,})/g, group: 1, score: 0.85, hint: '$krb5' },
  {
    id: 'powershell_plaintext',
    re: /ConvertTo-SecureString\s+["']([^"'\s]{8,})["']\s+-AsPlainText/gi,
    group: 1,
    score: 0.85,
    hint: ['ConvertTo-SecureString', 'convertto-securestring'],
    check: notPlaceholder,
  },
  {
    id: 'jwt',
    // Starts only where a token starts (not after `-`), and bounded parts: `eyJ-eyJ-...` stays linear.
    re: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{8,4096})/g,
    group: 1,
    score: 0.9,
    hint: 'eyJ',
    check: (v) => decodesToJsonWithAlg(v.slice(0, v.indexOf('.'))),
  },
  {
    // Token-shaped like a JWT (three base64url parts, a `{`-encoding header) but not decodable: a
    // truncated, re-encoded or vendor-specific signed token.
    id: 'jwt_like',
    re: /(?<![A-Za-z0-9_-])(ey[A-Za-z0-9_-]{16,4096}\.[A-Za-z0-9_-]{16,8192}\.[A-Za-z0-9_-]{16,4096})/g,
    group: 1,
    score: 0.7,
    hint: 'ey',
    minRun: 16,
    check: digitAndLetter,
  },
  {
    id: 'azure_storage_key',
    // The account or key name right before the key names whose key it is: one credential, one finding.
    re: /\b(?:(?:AccountName|SharedAccessKeyName)\s*=\s*([\w-]{1,128})\s*;\s*)?(?:AccountKey|SharedAccessKey|SharedSecretValue|AccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})/dg,
    group: 2,
    partner: 1,
    score: 0.93,
    hint: ['AccountKey', 'SharedAccessKey', 'SharedSecretValue', 'AccessKey'],
  },
  {
    id: 'password_hash',
    // `$apr1$`: Apache's MD5 variant, the default of `htpasswd` lines (`user:$apr1$salt$hash`).
    re: /(\$(?:2[abxy]?|1|5|6|7|8|9|y|gy|apr1|argon2(?:id|i|d))\$[^\s$'"]{0,40}\$[./A-Za-z0-9+=$,]{20,})/g,
    group: 1,
    score: 0.8,
    hint: ['$2a$', '$2b$', '$2x$', '$2y$', '$2$', '$1$', '$5$', '$6$', '$7$', '$8$', '$9$', '$y$', '$gy$', '$apr1$', '$argon2'],
  },
];

export const PROVIDER_RULES: readonly SecretRule[] = [...CORE_RULES, ...SERVICE_RULES];
