import { describe, expect, it } from 'vitest';
import { looksMachineRandom } from './entropy.js';
import { ALNUM, HEX, LOWER36, UPPER36, fake, found } from './secrets.fixtures.js';

describe('machine-made tokens without a keyword', () => {
  const token = fake(ALNUM, 32, 80);
  const hex = fake(HEX, 40, 81);

  it('judges randomness against the token alphabet', () => {
    expect(looksMachineRandom(token)).toBe(true);
    expect(looksMachineRandom(hex)).toBe(true);
    expect(looksMachineRandom(fake(LOWER36, 24, 82))).toBe(true);
    expect(looksMachineRandom(fake(UPPER36, 24, 83))).toBe(true);
    expect(looksMachineRandom(`${fake(UPPER36, 4, 84)}-${fake(LOWER36, 6, 85)}-${fake(HEX, 8, 86)}-${fake(UPPER36, 6, 87)}`)).toBe(true);
    expect(looksMachineRandom(fake(HEX, 24, 88))).toBe(false); // short hex: a short hash or id
    expect(looksMachineRandom('AbstractSingletonProxyFactoryBean2')).toBe(false);
    expect(looksMachineRandom('claude-3-5-sonnet-20241022')).toBe(false);
    expect(looksMachineRandom('abcdefghijklmnopqrstuvwxyzABCDEF')).toBe(false); // no digit
    expect(looksMachineRandom('123e4567-e89b-12d3-a456-426614174000')).toBe(false); // UUID: needs a keyword
    expect(looksMachineRandom(`0x${fake(HEX, 40, 89)}`)).toBe(false); // an address
  });

  it('still finds tokens next to a public key, and tokens with a short ascending run', () => {
    expect(found(`public_key: ${hex}\nprivate_key: ${token}`)).toEqual([token]);
    expect(found(`signing_key: ${hex}`)).toEqual([hex]);
    const withRun = `${fake(ALNUM, 12, 332)}abcdef${fake(ALNUM, 14, 333)}`;
    expect(found(`acmecloud = '${withRun}'`)).toContain(withRun);
  });

  it('finds them assigned to an unknown name, on a label line, or under a "secret:" line', () => {
    expect(found(`acmecloud = '${token}'`)).toContain(token);
    expect(found(`{"widgetly": "${token}"}`)).toContain(token);
    expect(found(`billingsvc ${hex}\n`)).toContain(hex);
    expect(found(`Here is the staging token for the billing service ${token}`)).toContain(token);
    expect(found(`Please use the following password to continue:\n\n${hex}\n`)).toContain(hex);
  });

  it('ignores the random strings of logs, lock files, APIs and addresses', () => {
    for (const text of [
      `commit ${hex}\nAuthor: Jane <jane@example.com>`,
      `{"sha": "${hex}", "node_id": "${token}", "trace_id": "${fake(HEX, 32, 90)}"}`,
      `{"id": "chatcmpl-${token}", "tool_calls": [{"id": "call_${token}"}], "system_fingerprint": "fp_${fake(HEX, 10, 91)}"}`,
      `{"latest_charge": "ch_${token}", "customer": "cus_${fake(ALNUM, 14, 92)}"}`,
      `${hex}\n`,
      `${fake(HEX, 64, 93)}  release.tar.gz`,
      `image: ghcr.io/acme/api@sha256:${fake(HEX, 64, 94)}`,
      `wallet: ${fake(ALNUM, 44, 95)}`,
      `https://docs.example.com/d/${token}/edit`,
      `class ReactDomServer2Renderer extends AbstractSingletonProxyFactoryBean2 {}`,
      `  Alamofire: ${hex}\n\nSPEC CHECKSUMS:\n  Kingfisher: ${fake(HEX, 40, 96)}`,
      `    {file = "requests-2.32.3.whl", hash = "sha256:${fake(HEX, 64, 97)}"},`,
      `"reference": "${hex}", "shasum": "${fake(HEX, 40, 98)}"`,
      `Stripe-Signature: t=1700000000,v1=${fake(HEX, 64, 99)}`,
      `model: gpt-4o-mini-2024-07-18, region: us-east-1`,
      // Public halves and fingerprints: a public key under its label, a signing key's fingerprint.
      `# public key: ${fake(LOWER36, 58, 330)}`,
      `publicKey = "${token}"`,
      `pub_key: ${hex}`,
      `  - Release GPG key: ${fake(UPPER36.replace(/[G-Z]/g, ''), 40, 331)}`,
      // Character-set constants written out.
      `const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';`,
      `const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';`,
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('judges `key=name:token` by the outer key: an id stays an id, a credential pair still counts', () => {
    const secret = fake(ALNUM, 40, 440);
    const idPart = fake(ALNUM, 20, 441);
    const conn = `Endpoint=https://acme.azconfig.io;Id=Ab1c-l0-s0:${idPart};Secret=${secret}=`;
    expect(found(conn)).toEqual([`https://acme.azconfig.io;Id=Ab1c-l0-s0:${idPart};Secret=${secret}=`]);
    for (const text of [`client_id=tenant42:${idPart}`, `user_id=svc:${token}`, `image=registry:${token}`, `name = "team:${token}"`]) {
      expect(found(text), text).toEqual([]);
    }
    expect(found(`AUTH=admin:${token}`)).toEqual([token]);
    expect(found(`acmecloud=deploy:${token}`)).toEqual([token]);
    expect(found(`widgetly: ${token}`)).toEqual([token]);
  });

  it('passes CAPTCHA site keys, which are published in the page, and still finds their secret keys', () => {
    const recaptcha = `6L${fake(ALNUM, 6, 420)}AAAAA${fake(ALNUM, 27, 421)}`;
    const turnstile = `0x4AAAAAAA${fake(ALNUM, 22, 422)}`;
    for (const text of [
      `RECAPTCHA_SITE_KEY=${recaptcha}`,
      `NEXT_PUBLIC_RECAPTCHA_SITE_KEY="${recaptcha}"`,
      `recaptcha.site-key = ${recaptcha}`,
      `  captcha_site_key: '${recaptcha}'`,
      `TURNSTILE_SITEKEY=${turnstile}`,
      `<div class="g-recaptcha" data-sitekey="${recaptcha}"></div>`,
    ]) {
      expect(found(text), text).toEqual([]);
    }
    expect(found(`RECAPTCHA_SECRET_KEY=${recaptcha}`)).toEqual([recaptcha]);
    expect(found(`TURNSTILE_SECRET_KEY=${turnstile}`)).toEqual([turnstile]);
    expect(found(`recaptcha_private_key = "${recaptcha}"`)).toEqual([recaptcha]);
    // A site key beside its secret key: only the secret is reported.
    expect(found(`RECAPTCHA_SITE_KEY=${recaptcha}\nRECAPTCHA_SECRET=${turnstile}`)).toEqual([turnstile]);
  });
});
