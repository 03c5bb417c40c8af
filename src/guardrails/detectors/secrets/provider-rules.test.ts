import { describe, expect, it } from 'vitest';
import { ALNUM, B64, B64URL, HEX, LOWER36, UPPER36, detect, fake, found } from './secrets.fixtures.js';

describe('provider and service key formats', () => {
  const cases: Array<[string, string]> = [
    ['alibaba_access_key_id', `LTAI${fake(ALNUM, 20, 2)}`],
    ['anthropic_key', `sk-ant-api04-${fake(B64URL, 90, 3)}`],
    ['buildkite_token', `bkua_${fake(ALNUM, 40, 4)}`],
    ['easypost_key', `EZAK${fake(ALNUM, 54, 5)}`],
    ['elevenlabs_key', `sk_${fake(HEX, 48, 6)}`],
    ['maxmind_license_key', `${fake(ALNUM, 6, 7)}_${fake(ALNUM, 29, 8)}_mmk`],
    ['nightfall_key', `NF-${fake(ALNUM, 32, 9)}`],
    ['readme_key', `rdme_${fake(LOWER36, 70, 10)}`],
    ['replicate_token', `r8_${fake(ALNUM, 37, 11)}`],
    ['brevo_key', `xkeysib-${fake(HEX, 64, 12)}-${fake(ALNUM, 16, 13)}`],
    ['shippo_token', `shippo_live_${fake(HEX, 40, 14)}`],
    ['square_token', `sq0csp-${fake(B64URL, 43, 15)}`],
    ['telegram_bot_token', `${fake('123456789', 9, 16)}:AA${fake(B64URL, 33, 17)}`],
    ['terraform_cloud_token', `${fake(LOWER36, 14, 18)}.atlasv1.${fake(B64URL, 67, 19)}`],
    ['tavily_key', `tvly-${fake(ALNUM, 32, 20)}`],
    ['twitch_stream_key', `live_${fake('123456789', 9, 21)}_${fake(ALNUM, 30, 22)}`],
    ['ubidots_token', `BBFF-${fake(ALNUM, 30, 23)}`],
    ['voiceflow_key', `VF.DM.${fake(HEX, 24, 24)}.${fake(ALNUM, 16, 25)}`],
    ['azure_devops_pat', `${fake(ALNUM, 76, 26)}AZDO${fake(ALNUM, 4, 27)}`],
    ['azure_storage_key', `${fake(B64, 76, 28)}+ASt${fake(ALNUM, 5, 29)}==`],
    ['newrelic_license_key', `${fake(HEX, 36, 30)}NRAL`],
    ['truenas_api_key', `7-${fake(ALNUM, 64, 31)}`],
    ['mailchimp_key', `${fake(HEX, 32, 32)}-us14`],
    ['dynatrace_token', `dt0c01.${fake(UPPER36, 24, 33)}.${fake(UPPER36, 64, 34)}`],
    ['langsmith_key', `lsv2_pt_${fake(HEX, 32, 35)}_${fake(HEX, 10, 36)}`],
    ['discord_bot_token', `M${fake(ALNUM, 23, 37)}.${fake(ALNUM, 6, 38)}.${fake(ALNUM, 27, 39)}`],
    ['prefixed_token', `pcsk_${fake(ALNUM, 50, 40)}`],
    ['facebook_access_token', `EAAC${fake(ALNUM, 160, 340)}`],
    ['defined_networking_key', `dnkey-${fake(LOWER36, 26, 341)}-${fake(LOWER36, 52, 342)}`],
    ['octopus_deploy_key', `API-${fake(UPPER36, 26, 343)}`],
    ['openshift_token', `sha256~${fake(B64URL, 43, 344)}`],
    ['harness_token', `pat.${fake(B64URL, 22, 345)}.${fake(ALNUM, 24, 346)}.${fake(ALNUM, 20, 347)}`],
    ['adobe_client_secret', `p8e-${fake(ALNUM, 32, 348)}`],
    ['gitlab_runner_registration_token', `GR1348941${fake(B64URL, 20, 349)}`],
    ['nvidia_api_key', `nvapi-${fake(B64URL, 64, 350)}`],
    ['settlemint_token', `sm_pat_${fake(ALNUM, 16, 351)}`],
    ['aiven_token', `AVNS_${fake(B64URL, 21, 354)}`],
    ['aws_bedrock_api_key', `ABSK${fake(B64, 128, 355)}`],
    ['gitlab_token', `glpat-${fake(B64URL, 27, 920)}.01.${fake(LOWER36, 9, 921)}`],
    ['slack_token', `xoxe.xoxp-1-${fake(ALNUM, 140, 922)}`],
    ['dropbox_token', `sl.${fake(B64URL, 60, 923)}-${fake(B64URL, 40, 924)}_${fake(B64URL, 40, 925)}`],
    ['launchdarkly_key', `sdk-${fake(HEX, 8, 926)}-${fake(HEX, 4, 927)}-${fake(HEX, 4, 928)}-${fake(HEX, 4, 929)}-${fake(HEX, 12, 930)}`],
    ['prefixed_token', `ddp_${fake(ALNUM, 36, 931)}`],
    ['prefixed_token', `CCIPAT_${fake(ALNUM, 22, 932)}_${fake(HEX, 40, 933)}`],
    ['prefixed_token', `csk-${fake(LOWER36, 48, 934)}`],
    ['firebase_fcm_server_key', `AAAA${fake(B64URL, 7, 935)}:APA91b${fake(B64URL, 134, 936)}`],
  ];

  it.each(cases)('finds a %s', (type, value) => {
    const text = `config: ${value}\n`;
    const hit = detect(text).find((f) => text.slice(f.start, f.end) === value);
    expect(hit?.type).toBe(type);
    expect(hit?.evidence).toBe(`rule:${type}`);
  });

  it('reads signed tokens whose parts are JWT-shaped but not decodable', () => {
    const value = `ey${fake(ALNUM, 40, 41)}.${fake(B64URL, 60, 42)}.${fake(B64URL, 40, 43)}`;
    expect(detect(`sent with ${value} attached`).map((f) => f.type)).toContain('jwt_like');
  });

  it('finds ThingsBoard-style device tokens in telemetry URLs and Vault unseal keys', () => {
    const device = fake(ALNUM, 20, 44);
    expect(found(`POST https://iot.example.net/api/v1/${device}/telemetry`)).toContain(device);
    const unseal = fake(B64, 44, 45);
    expect(found(`Unseal Key 3: ${unseal}`)).toContain(unseal);
  });

  it('spans a percent-encoded Teams webhook URL to its end, so redaction covers the secret path', () => {
    const path = `${fake(HEX, 8, 310)}-${fake(HEX, 4, 311)}-4${fake(HEX, 3, 312)}-a${fake(HEX, 3, 313)}-${fake(HEX, 12, 314)}%40${fake(HEX, 8, 315)}-${fake(HEX, 4, 316)}-4${fake(HEX, 3, 317)}-b${fake(HEX, 3, 318)}-${fake(HEX, 12, 319)}/IncomingWebhook/${fake(HEX, 32, 320)}/${fake(HEX, 8, 321)}-${fake(HEX, 4, 322)}-4${fake(HEX, 3, 323)}-8${fake(HEX, 3, 324)}-${fake(HEX, 12, 325)}`;
    for (const url of [`https://outlook.office.com/webhook/${path}`, `https://acme.webhook.office.com/webhookb2/${path}`]) {
      expect(found(`notify: ${url}\n`)).toEqual([url]);
    }
  });

  it('finds Apache htpasswd hashes', () => {
    const hash = `$apr1$${fake(ALNUM, 8, 326)}$${fake(`${ALNUM}./`, 22, 327)}`;
    expect(found(`deploy:${hash}\n`)).toContain(hash);
    expect(found('the $apr1$ prefix marks an Apache MD5 hash')).toEqual([]);
  });

  it('finds UUID tokens under the names of vendors that issue them, not their app or team ids', () => {
    const uuid = `${fake(HEX, 8, 360)}-${fake(HEX, 4, 361)}-4${fake(HEX, 3, 362)}-9${fake(HEX, 3, 363)}-${fake(HEX, 12, 364)}`;
    for (const text of [`HEROKU_API_KEY=${uuid}`, `postmark: "${uuid}",`, `snyk_token: ${uuid}`, `"postmarkServer" => '${uuid}'`]) {
      expect(found(text), text).toContain(uuid);
    }
    for (const text of [`HEROKU_APP_ID=${uuid}`, `snyk_org: ${uuid}`, `sauce_user_id: "${uuid}"`, `request ${uuid} to heroku failed`]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('finds a Code Climate test reporter id', () => {
    const id = fake(HEX, 64, 365);
    expect(found(`env:\n  CC_TEST_REPORTER_ID: ${id}\n`)).toContain(id);
    expect(found(`codeclimate_repo_token = "${id}"`)).toContain(id);
    expect(found(`CC_TEST_REPORTER_ID: \${{ secrets.CC_TEST_REPORTER_ID }}`)).toEqual([]);
  });

  it('finds a SoftLayer key in its API URL path', () => {
    const key = fake(LOWER36, 64, 356);
    expect(found(`curl https://api.softlayer.com/rest/v3.1/${key}/SoftLayer_Account.json`)).toContain(key);
    expect(found('see https://api.softlayer.com/rest/v3.1/SoftLayer_Account/getObject')).toEqual([]);
  });

  it('needs the whole format of the newer prefixes, not the prefix alone', () => {
    for (const text of [
      'See API-REFERENCE-FOR-THE-WEBHOOKS-V2 for details',
      `image: registry.example.io/app@sha256:${fake(HEX, 64, 352)}`,
      'EAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'keys that start with nvapi- are issued in the console',
      'the pat.field.value path',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('needs the exact layout, not just the prefix or signature', () => {
    // The Azure DevOps signature must sit at offset 76 of an 84-character key.
    expect(found(`${fake(ALNUM, 75, 46)}AZDO${fake(ALNUM, 4, 47)}`)).toEqual([]);
    expect(found(`${fake(ALNUM, 76, 48)}AZDO${fake(ALNUM, 5, 49)}`)).toEqual([]);
    expect(found(`tvly-${fake(ALNUM, 12, 50)}`)).toEqual([]);
    expect(found(`sq0atp-${fake(ALNUM, 8, 51)}`)).toEqual([]);
    expect(found('live_stream_settings_for_the_weekend')).toEqual([]);
    expect(found('LTAI is the prefix of an Alibaba AccessKey ID')).toEqual([]);
    expect(found('eyebrow_pencil_collection.summer_catalogue_2024.final_version')).toEqual([]);
  });
});

describe('private keys', () => {
  const body = fake(B64, 64, 52);

  it('spans an armored key, a key split over string concatenation, and one cut off mid-way', () => {
    const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`;
    expect(found(`key:\n${pem}\n`)).toEqual([pem]);
    const concatenated = `"-----BEGIN RSA PRIVATE KEY-----\\n" +\n"${body}\\n" +\n"-----END RSA PRIVATE KEY-----"`;
    expect(found(concatenated)).toHaveLength(1);
    const cut = `-----BEGIN EC PRIVATE KEY-----\n${body}`;
    expect(found(cut)).toEqual([cut]);
  });

  it('spans a PuTTY key file to its MAC line', () => {
    const ppk = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 2\n${body}\nPrivate-Lines: 1\n${body}\nPrivate-MAC: ${fake(HEX, 64, 53)}`;
    expect(found(`${ppk}\nthanks`)).toEqual([ppk]);
  });

  it('does not flag public keys', () => {
    expect(found(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`)).toEqual([]);
  });
});
