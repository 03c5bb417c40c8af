/**
 * Provider key formats written from the vendors' public documentation of their token prefixes. A rule's
 * `group` is the capture group holding the secret (0 = whole match); `check` can reject a candidate.
 */
export interface SecretRule {
  id: string;
  re: RegExp;
  group: number;
  score: number;
  check?: (value: string) => boolean;
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

function notPlaceholder(value: string): boolean {
  return !/^(?:x+|\*+|\.+|0+|<[^>]*>|\$\{?[A-Za-z_][\w.]*\}?|%[A-Za-z_]\w*%?)$/i.test(value) && !value.startsWith('$');
}

export const PROVIDER_RULES: readonly SecretRule[] = [
  { id: 'aws_access_key_id', re: /\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|A3T[A-Z0-9])[A-Z0-9]{16})\b/g, group: 1, score: 0.9 },
  { id: 'github_token', re: /\b(gh[pousr]_[A-Za-z0-9]{30,255})\b/g, group: 1, score: 0.97 },
  { id: 'github_pat', re: /\b(github_pat_[A-Za-z0-9_]{40,255})\b/g, group: 1, score: 0.97 },
  { id: 'gitlab_token', re: /\b((?:glpat|gldt|glptt|glrt|glsoat|glft|glimt|glagent|gloas)-[A-Za-z0-9_\-]{20,})/g, group: 1, score: 0.95 },
  { id: 'slack_token', re: /\b(xox[abeoprs]-(?:\d+-)?[A-Za-z0-9\-]{10,})/g, group: 1, score: 0.95 },
  { id: 'slack_app_token', re: /\b(xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+)/g, group: 1, score: 0.95 },
  { id: 'webhook_url', re: /(https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_\/]{20,}|(?:[\w-]+\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]{30,}|[\w-]+\.webhook\.office\.com\/webhook\w*\/[\w@\/-]{30,}|outlook\.office\.com\/webhook\/[\w@\/-]{30,}))/g, group: 1, score: 0.9 },
  { id: 'stripe_key', re: /\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})\b/g, group: 1, score: 0.95 },
  { id: 'stripe_webhook_secret', re: /\b(whsec_[A-Za-z0-9]{24,})\b/g, group: 1, score: 0.9 },
  { id: 'anthropic_key', re: /\b(sk-ant-(?:api|admin|sid)\d{0,2}-[A-Za-z0-9_\-]{20,})/g, group: 1, score: 0.97 },
  { id: 'openai_key', re: /\b(sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,})/g, group: 1, score: 0.9, check: (v) => !v.startsWith('sk-ant-') && /\d/.test(v) },
  { id: 'google_api_key', re: /\b(AIza[0-9A-Za-z_\-]{35})/g, group: 1, score: 0.93 },
  { id: 'google_oauth_secret', re: /\b(GOCSPX-[A-Za-z0-9_\-]{20,})/g, group: 1, score: 0.93 },
  { id: 'google_oauth_token', re: /\b(ya29\.[0-9A-Za-z_\-]{20,})/g, group: 1, score: 0.9 },
  { id: 'twilio_api_key', re: /\b(SK[0-9a-fA-F]{32})\b/g, group: 1, score: 0.85 },
  { id: 'sendgrid_key', re: /\b(SG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{16,64})/g, group: 1, score: 0.95 },
  { id: 'npm_token', re: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1, score: 0.95 },
  { id: 'pypi_token', re: /\b(pypi-AgE[A-Za-z0-9_\-]{50,})/g, group: 1, score: 0.97 },
  { id: 'huggingface_token', re: /\b(hf_[A-Za-z0-9]{30,40})\b/g, group: 1, score: 0.9 },
  { id: 'shopify_token', re: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g, group: 1, score: 0.95 },
  { id: 'digitalocean_token', re: /\b(do[por]_v1_[a-f0-9]{64})\b/g, group: 1, score: 0.95 },
  { id: 'vault_token', re: /\b(hv[sbr]\.[A-Za-z0-9_\-]{24,})/g, group: 1, score: 0.9 },
  { id: 'age_secret_key', re: /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/g, group: 1, score: 0.97 },
  { id: 'doppler_token', re: /\b(dp\.(?:st|ct|pt|sa|scim|audit)\.[A-Za-z0-9_\-.]{20,})/g, group: 1, score: 0.95 },
  { id: 'grafana_token', re: /\b(gl(?:c|sa)_[A-Za-z0-9_+\/=\-]{32,})/g, group: 1, score: 0.9 },
  { id: 'databricks_token', re: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g, group: 1, score: 0.9 },
  { id: 'linear_key', re: /\b(lin_(?:api|oauth)_[A-Za-z0-9]{40})\b/g, group: 1, score: 0.9 },
  { id: 'newrelic_key', re: /\b(NR(?:AK|JS|II|AA)-[A-Za-z0-9]{19,42})\b/g, group: 1, score: 0.9 },
  { id: 'postman_key', re: /\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b/g, group: 1, score: 0.95 },
  { id: 'atlassian_token', re: /\b(ATATT3[A-Za-z0-9_\-=]{100,})/g, group: 1, score: 0.93 },
  { id: 'mailgun_key', re: /\b(key-[0-9a-f]{32})\b/g, group: 1, score: 0.85 },
  { id: 'prefixed_token', re: /\b((?:odt|phx|phc|sgp|sbp|tfp|squ|sqp|sqa|glsa|dckr_pat|pscale_tkn|pscale_pw|rnd|fo1|dop|lin_api|ntn|secret|pnu|figd|shpat|pk_live|sk_live|rk_live|tkn\.v1)_[A-Za-z0-9_\-=.]{20,})/g, group: 1, score: 0.85, check: (v) => /\d/.test(v) },
  { id: 'prefixed_token', re: /\b((?:CFPAT|tskey(?:-api|-auth|-client)?|xai|f?fio-u|pat-(?:na|eu)\d)-[A-Za-z0-9_\-]{16,})/g, group: 1, score: 0.85, check: (v) => /\d/.test(v) },
  { id: 'nuget_key', re: /\b(oy2[a-z0-9]{43})\b/g, group: 1, score: 0.85 },
  { id: 'mapbox_token', re: /\b([ps]k\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{10,})/g, group: 1, score: 0.85 },
  { id: 'zoho_token', re: /\b(1000\.[a-f0-9]{32}\.[a-f0-9]{32})\b/g, group: 1, score: 0.85 },
  { id: 'kerberos_hash', re: /(\$krb5(?:asrep|tgs|pa)\$\d+\$[^\s]{20,})/g, group: 1, score: 0.85 },
  { id: 'powershell_plaintext', re: /ConvertTo-SecureString\s+["']([^"'\s]{8,})["']\s+-AsPlainText/gi, group: 1, score: 0.85, check: notPlaceholder },
  {
    id: 'jwt',
    re: /\b(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{8,})/g,
    group: 1,
    score: 0.9,
    check: (v) => decodesToJsonWithAlg(v.slice(0, v.indexOf('.'))),
  },
  {
    id: 'azure_storage_key',
    re: /\b(?:AccountKey|SharedAccessKey|SharedSecretValue|AccessKey)\s*=\s*([A-Za-z0-9+\/]{20,}={0,2})/g,
    group: 1,
    score: 0.93,
  },
  {
    id: 'connection_string_password',
    re: /\b[a-z][a-z0-9+.\-]{1,20}:\/\/[^\s:\/@'"`]{0,64}:([^\s:\/@'"`]{3,128})@[A-Za-z0-9.\-\[\]_]+/gi,
    group: 1,
    score: 0.9,
    check: notPlaceholder,
  },
  { id: 'password_hash', re: /(\$(?:2[abxy]?|1|5|6|7|8|9|y|gy|argon2(?:id|i|d))\$[^\s$'"]{0,40}\$[.\/A-Za-z0-9+=$,]{20,})/g, group: 1, score: 0.8 },
  {
    id: 'authorization_header',
    re: /\b(?:Bearer|Basic|token):?\s+([A-Za-z0-9._~+\/\-]{20,}={0,2})/g,
    group: 1,
    score: 0.8,
    check: (v) => /\d/.test(v) && /[A-Za-z]/.test(v),
  },
];

/** Armored private keys: the span runs from BEGIN to the matching END line (or to the end of the base64). */
export const PRIVATE_KEY_BEGIN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
