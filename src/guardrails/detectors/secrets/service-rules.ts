import { lastWord } from './ident-words.js';
import type { SecretRule } from './provider-rules.js';

/**
 * SaaS, cloud and AI-provider credential formats with a self-identifying prefix, signature or fixed
 * layout, as their vendors document them (and as public scanners such as gitleaks, trufflehog and Nosey
 * Parker encode them). Formats that are only a bare hex or base62 string need a keyword and live in the
 * assignment rules instead.
 */

const hasDigit = (v: string): boolean => /\d/.test(v);
const mixedClasses = (v: string): boolean => /\d/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v);
const manyDistinct = (v: string): boolean => new Set(v).size >= 12;

/** Microsoft's identifiable keys carry a fixed signature at a fixed offset (e.g. `AZDO` at 76 of 84). */
const AZURE_RULES: readonly SecretRule[] = [
  { id: 'azure_devops_pat', re: /\b([A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})\b/g, group: 1, score: 0.93, hint: 'AZDO' },
  { id: 'azure_apim_key', re: /\b([A-Za-z0-9]{76}APIM[A-Za-z0-9]{4})\b/g, group: 1, score: 0.9, hint: 'APIM' },
  { id: 'azure_cognitive_key', re: /\b([A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{26})\b/g, group: 1, score: 0.9, hint: 'JQQJ9' },
  { id: 'azure_storage_key', re: /(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}==)/g, group: 1, score: 0.93, hint: '+ASt' },
  { id: 'azure_cosmosdb_key', re: /(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}==)/g, group: 1, score: 0.93, hint: 'ACDb' },
  { id: 'azure_function_key', re: /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==)/g, group: 1, score: 0.9, hint: 'AzFu' },
  { id: 'azure_search_key', re: /\b([A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5})\b/g, group: 1, score: 0.9, hint: 'AzSe' },
  { id: 'azure_cache_key', re: /\b([A-Za-z0-9]{33}AzCa[A-P][A-Za-z0-9]{5}=)/g, group: 1, score: 0.9, hint: 'AzCa' },
  ...['+AEh', '+ASb', '+ARm', 'AIoT'].map((sig) => ({
    id: 'azure_sas_key',
    re: new RegExp(`(?<![A-Za-z0-9+\\/])([A-Za-z0-9+\\/]{33}${sig.replace('+', '\\+')}[A-Za-z0-9+\\/]{5}=)`, 'g'),
    group: 1,
    score: 0.9,
    hint: sig,
  })),
  {
    id: 'azure_container_registry_key',
    re: /(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{42}\+ACR[A-Za-z0-9+/]{6})(?![A-Za-z0-9+/])/g,
    group: 1,
    score: 0.9,
    hint: '+ACR',
  },
  {
    id: 'azure_ad_client_secret',
    re: /(?:^|[\s'"`=:(,])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?=$|[\s'"`,;)])/g,
    group: 1,
    score: 0.85,
    hint: 'Q~',
  },
];

/** The identifier before a value (`HEROKU_APP_ID: `) ends in a word naming an id, not a credential. */
const NAMED_AS_ID = /([A-Za-z0-9_.-]+)["']?[ \t]*(?:=|:=|:|=>)[ \t]*["']?$/;
function notAnIdSlot(text: string, start: number): boolean {
  const ident = NAMED_AS_ID.exec(text.slice(Math.max(0, start - 80), start))?.[1] ?? '';
  return !/^(?:id|uuid|guid|app|team|org|project|user|account|owner|name)$/i.test(lastWord(ident));
}

const SAAS_RULES: readonly SecretRule[] = [
  {
    // Vendors whose API tokens are bare UUIDs (Heroku, Postmark, Snyk, Sauce Labs): the vendor's name
    // in the identifier is what says "credential"; `HEROKU_APP_ID` names an id.
    id: 'uuid_api_token',
    re: /(?:heroku|postmark|snyk|sauce)[A-Za-z0-9_.-]{0,30}["']?[ \t]*(?:=|:=|:|=>)[ \t]*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi,
    group: 1,
    score: 0.8,
    hint: ['eroku', 'EROKU', 'ostmark', 'OSTMARK', 'nyk', 'NYK', 'auce', 'AUCE'],
    accept: (text, start) => notAnIdSlot(text, start),
  },
  {
    // Code Climate's test reporter id is a write token for the repository's coverage, despite its name.
    id: 'codeclimate_reporter_id',
    re: /\b(?:CC_TEST_REPORTER_ID|codeclimate[A-Za-z0-9_.-]{0,20}(?:token|key|id))["']?[ \t]*(?:=|:|=>)[ \t]*["']?([a-f0-9]{64})\b/gi,
    group: 1,
    score: 0.85,
    hint: ['CC_TEST_REPORTER_ID', 'codeclimate', 'CODECLIMATE'],
  },
  { id: 'alibaba_access_key_id', re: /\b(LTAI[A-Za-z0-9]{12,20})\b/g, group: 1, score: 0.85, hint: 'LTAI', check: hasDigit },
  { id: 'buildkite_token', re: /\b(bk(?:ua|ct)_[A-Za-z0-9]{40})\b/g, group: 1, score: 0.9, hint: ['bkua_', 'bkct_'] },
  { id: 'easypost_key', re: /\b(EZ[AT]K[A-Za-z0-9]{54})\b/g, group: 1, score: 0.9, hint: ['EZAK', 'EZTK'] },
  { id: 'elevenlabs_key', re: /\b(sk_[a-f0-9]{48})\b/g, group: 1, score: 0.85, hint: 'sk_', check: hasDigit },
  { id: 'flexport_key', re: /\b(shltm_[A-Za-z0-9]{40})\b/g, group: 1, score: 0.85, hint: 'shltm_' },
  { id: 'fullstory_key', re: /\b((?:na|eu)1\.[A-Za-z0-9+/]{100})/g, group: 1, score: 0.85, hint: ['na1.', 'eu1.'] },
  { id: 'ionic_token', re: /\b(ion_[A-Za-z0-9]{42})\b/g, group: 1, score: 0.85, hint: 'ion_' },
  { id: 'maxmind_license_key', re: /\b([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)\b/g, group: 1, score: 0.9, hint: '_mmk' },
  { id: 'nightfall_key', re: /\b(NF-[A-Za-z0-9]{32})\b/g, group: 1, score: 0.85, hint: 'NF-' },
  { id: 'pagarme_key', re: /\b(ak_(?:live|test)_[A-Za-z0-9]{30})\b/g, group: 1, score: 0.85, hint: 'ak_' },
  { id: 'readme_key', re: /\b(rdme_[a-z0-9]{70})\b/g, group: 1, score: 0.9, hint: 'rdme_' },
  { id: 'replicate_token', re: /\b(r8_[A-Za-z0-9]{37,48})\b/g, group: 1, score: 0.9, hint: 'r8_' },
  { id: 'brevo_key', re: /\b(x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})\b/g, group: 1, score: 0.95, hint: 'sib-' },
  { id: 'shippo_token', re: /\b(shippo_(?:live|test)_[a-fA-F0-9]{40})\b/g, group: 1, score: 0.95, hint: 'shippo_' },
  { id: 'sourcegraph_key', re: /\b(slk_[a-f0-9]{64})\b/g, group: 1, score: 0.9, hint: 'slk_' },
  { id: 'square_token', re: /\b(sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43})/g, group: 1, score: 0.93, hint: ['sq0atp-', 'sq0csp-'] },
  { id: 'square_token', re: /\b(EAAA[A-Za-z0-9+=_-]{60})\b/g, group: 1, score: 0.85, hint: 'EAAA', check: hasDigit },
  { id: 'telegram_bot_token', re: /\b(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g, group: 1, score: 0.9, hint: ':AA' },
  {
    id: 'telegram_bot_token',
    re: /(?:tgram:\/\/|api\.telegram\.org\/bot)(\d{6,10}:[A-Za-z0-9_-]{30,40})/g,
    group: 1,
    score: 0.9,
    hint: ['tgram://', 'api.telegram.org/bot'],
    check: mixedClasses,
  },
  { id: 'telnyx_key', re: /\b(KEY[0-9A-F]{32}_[A-Za-z0-9]{22})\b/g, group: 1, score: 0.9, hint: 'KEY' },
  { id: 'terraform_cloud_token', re: /\b([a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})/g, group: 1, score: 0.95, hint: 'atlasv1' },
  { id: 'tavily_key', re: /\b(tvly-(?:dev-|prod-)?[A-Za-z0-9]{32})\b/g, group: 1, score: 0.9, hint: 'tvly-', check: hasDigit },
  { id: 'twitch_stream_key', re: /\b(live_\d{6,10}_[A-Za-z0-9]{30})\b/g, group: 1, score: 0.9, hint: 'live_' },
  { id: 'truenas_api_key', re: /\b(\d{1,4}-[A-Za-z0-9]{64})\b/g, group: 1, score: 0.8, minRun: 64, check: mixedClasses },
  { id: 'ubidots_token', re: /\b(BB(?:FF|US)-[A-Za-z0-9]{30})\b/g, group: 1, score: 0.85, hint: ['BBFF-', 'BBUS-'] },
  { id: 'voiceflow_key', re: /\b(VF\.(?:DM|WS)\.[a-f0-9]{24}\.[A-Za-z0-9]{16})\b/g, group: 1, score: 0.9, hint: 'VF.' },
  { id: 'mailchimp_key', re: /\b([0-9a-f]{32}-us\d{1,2})\b/g, group: 1, score: 0.9, hint: '-us' },
  {
    id: 'discord_bot_token',
    re: /\b([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})\b/g,
    group: 1,
    score: 0.85,
    minRun: 23,
    check: mixedClasses,
  },
  { id: 'dynatrace_token', re: /\b(dt0[a-z]\d{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b/g, group: 1, score: 0.95, hint: 'dt0' },
  { id: 'rubygems_key', re: /\b(rubygems_[a-f0-9]{48})\b/g, group: 1, score: 0.95, hint: 'rubygems_' },
  { id: 'clojars_token', re: /\b(CLOJARS_[a-z0-9]{60})\b/g, group: 1, score: 0.95, hint: 'CLOJARS_' },
  { id: 'duffel_token', re: /\b(duffel_(?:test|live)_[A-Za-z0-9_\-=]{43})/g, group: 1, score: 0.95, hint: 'duffel_' },
  { id: 'flutterwave_secret', re: /\b(FLWSECK(?:_TEST)?-[a-h0-9]{32}-X)/g, group: 1, score: 0.95, hint: 'FLWSECK' },
  { id: 'scalingo_token', re: /\b(tk-us-[A-Za-z0-9_-]{48})\b/g, group: 1, score: 0.9, hint: 'tk-us-' },
  { id: 'sentry_token', re: /\b(sntry[su]_[A-Za-z0-9+/=_]{40,})/g, group: 1, score: 0.93, hint: 'sntry' },
  { id: 'onepassword_service_token', re: /\b(ops_eyJ[A-Za-z0-9+/=_-]{100,})/g, group: 1, score: 0.95, hint: 'ops_eyJ' },
  { id: 'fly_token', re: /\b(FlyV1 fm\d_[A-Za-z0-9+/=,_-]{100,})/g, group: 1, score: 0.95, hint: 'FlyV1' },
  // Firebase Cloud Messaging legacy server keys: a project number's short id, `:APA91b`, then the key.
  { id: 'firebase_fcm_server_key', re: /\b(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,160})/g, group: 1, score: 0.93, hint: 'APA91b' },
  // LaunchDarkly REST API access tokens and server-side SDK keys: `api-` / `sdk-` and a UUID.
  {
    id: 'launchdarkly_key',
    re: /\b((?:api|sdk)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g,
    group: 1,
    score: 0.85,
    hint: ['api-', 'sdk-'],
  },
  { id: 'artifactory_key', re: /\b(AKCp[A-Za-z0-9]{69})\b/g, group: 1, score: 0.9, hint: 'AKCp' },
  { id: 'artifactory_reference_token', re: /\b(cmVmdGtuOjAxOj[A-Za-z0-9]{50,})/g, group: 1, score: 0.9, hint: 'cmVmdGtu' },
  { id: 'twitter_bearer_token', re: /\b(A{22}[A-Za-z0-9%]{60,})/g, group: 1, score: 0.85, hint: 'AAAAAAAAAAAAAAAAAAAAA', check: manyDistinct },
  { id: 'yandex_key', re: /\b(AQVN[A-Za-z0-9_-]{35,38})\b/g, group: 1, score: 0.85, hint: 'AQVN', check: hasDigit },
  { id: 'langsmith_key', re: /\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b/g, group: 1, score: 0.95, hint: 'lsv2_' },
  { id: 'cloudflare_origin_ca_key', re: /\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b/g, group: 1, score: 0.95, hint: 'v1.0-' },
  {
    id: 'plaid_token',
    re: /\b(access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g,
    group: 1,
    score: 0.9,
    hint: 'access-',
  },
  { id: 'dropbox_token', re: /\b(sl\.(?:u\.)?[A-Za-z0-9_\-=]{130,})/g, group: 1, score: 0.85, hint: 'sl.', minRun: 16 },
  { id: 'airtable_pat', re: /\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b/g, group: 1, score: 0.93, hint: 'pat', minRun: 64 },
  { id: 'asana_pat', re: /\b([0-2]\/\d{12,17}(?:\/\d{12,17})?:[a-f0-9]{32})\b/g, group: 1, score: 0.9, minRun: 32 },
  { id: 'bitbucket_app_password', re: /\b(ATBB[A-Za-z0-9_=.-]{28,})/g, group: 1, score: 0.85, hint: 'ATBB', check: hasDigit },
  { id: 'facebook_access_token', re: /\b(EAA[A-Za-z0-9]{90,})\b/g, group: 1, score: 0.85, hint: 'EAA', check: mixedClasses },
  { id: 'defined_networking_key', re: /\b(dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52})(?![a-z0-9=_-])/g, group: 1, score: 0.9, hint: 'dnkey-' },
  { id: 'octopus_deploy_key', re: /\b(API-[A-Z0-9]{26})\b/g, group: 1, score: 0.85, hint: 'API-', check: hasDigit },
  { id: 'openshift_token', re: /\b(sha256~[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, group: 1, score: 0.9, hint: 'sha256~' },
  {
    id: 'harness_token',
    re: /\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})\b/g,
    group: 1,
    score: 0.9,
    hint: ['pat.', 'sat.'],
  },
  { id: 'adobe_client_secret', re: /\b(p8e-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/g, group: 1, score: 0.85, hint: 'p8e-', check: hasDigit },
  { id: 'gitlab_runner_registration_token', re: /\b(GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g, group: 1, score: 0.93, hint: 'GR1348941' },
  { id: 'nvidia_api_key', re: /\b(nvapi-[A-Za-z0-9_-]{64})(?![A-Za-z0-9_-])/g, group: 1, score: 0.93, hint: 'nvapi-' },
  { id: 'settlemint_token', re: /\b(sm_(?:pat|aat|sat)_[A-Za-z0-9]{16})\b/g, group: 1, score: 0.9, hint: 'sm_' },
  { id: 'aiven_token', re: /\b(AVNS_[A-Za-z0-9_-]{16,})/g, group: 1, score: 0.9, hint: 'AVNS_', check: hasDigit },
  {
    // Amazon Bedrock long-term API keys: `ABSK` and base64 of `BedrockAPIKey-...`.
    id: 'aws_bedrock_api_key',
    re: /(?<![A-Za-z0-9+/=])(ABSK[A-Za-z0-9+/]{109,269}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 1,
    score: 0.9,
    hint: 'ABSK',
    check: hasDigit,
  },
  {
    id: 'softlayer_api_key',
    re: /\bapi\.softlayer\.com\/(?:soap|rest)\/v3(?:\.1)?\/([a-z0-9]{64})\b/gi,
    group: 1,
    score: 0.9,
    hint: ['softlayer.com/', 'SOFTLAYER.COM/'],
  },
  // Device access tokens travel in the URL path of IoT telemetry APIs (ThingsBoard and its forks).
  {
    id: 'iot_device_token',
    re: /\/api\/v1\/([A-Za-z0-9]{20})\/(?:telemetry|attributes|rpc|claim)\b/g,
    group: 1,
    score: 0.8,
    hint: '/api/v1/',
    check: hasDigit,
  },
  {
    id: 'vault_unseal_key',
    re: /\b(?:Unseal Key(?: \d{1,2})?|Recovery Key(?: \d{1,2})?|Initial Root Token):[ \t]*([A-Za-z0-9+/=._-]{20,})/g,
    group: 1,
    score: 0.9,
    hint: ['Unseal Key', 'Recovery Key', 'Initial Root Token'],
  },
];

export const SERVICE_RULES: readonly SecretRule[] = [...AZURE_RULES, ...SAAS_RULES];
