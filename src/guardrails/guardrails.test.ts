import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.js';
import { guardrailsSchema } from '../config/schema-guardrails.js';
import { chat, failingDetector, guardrails, identity, patternDetector } from './guardrails.fixtures.js';
import { evaluatePolicies, type DetectorPolicy, type ScanTarget } from './policy.js';
import { GuardrailConfigError } from './profile.js';
import { redactText } from './redaction.js';
import { HoldBackWindow } from './stream-window.js';
import { drawNonce, StreamRestorer, TokenVault } from './vault.js';

const signal = new AbortController().signal;
const target = (text: string, path = 'messages[0].content'): ScanTarget => ({ path, text, context: { direction: 'input', role: 'user', part: 'content' } });
const policy = (p: Partial<DetectorPolicy> & Pick<DetectorPolicy, 'detector'>): DetectorPolicy => ({
  action: 'block',
  threshold: 0.5,
  failMode: 'closed',
  ...p,
});

describe('guardrails config', () => {
  it('fills defaults and rejects a misspelled detector or an unknown default profile', () => {
    const parsed = guardrailsSchema.parse({ profiles: { std: { input: { pii: { action: 'redact' } } } }, defaults: { production: 'std' } });
    expect(parsed.profiles.std).toMatchObject({
      input: { pii: { action: 'redact', threshold: 0.5, failMode: 'closed', options: {} } },
      redaction: { mode: 'mask', restore: false },
      streaming: { holdBackChars: 64 },
    });
    expect(guardrailsSchema.safeParse({ profiles: { std: { input: { pi: { action: 'block' } } } } }).success).toBe(false);
    expect(guardrailsSchema.safeParse({ profiles: { std: { input: { json_schema: { action: 'block' } } } } }).success).toBe(false);
    expect(guardrailsSchema.safeParse({ profiles: { std: { input: { pii: { action: 'redcat' } } } } }).success).toBe(false);
    const bad = guardrailsSchema.safeParse({ profiles: {}, defaults: { sandbox: 'nope' } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('unknown guardrail profile');
  });

  it('is part of the root config, empty by default', () => {
    expect(configSchema.parse({}).guardrails).toEqual({ profiles: {}, allowedExtraFields: [], defaults: {} });
  });

  it('an identity naming an unknown profile, or a detector rejecting its options, is a config error', () => {
    expect(() => guardrails({ profiles: { std: {} } }, { svc: { guardrailProfile: 'sdt' } })).toThrow(GuardrailConfigError);
    expect(() => guardrails({ profiles: { std: { input: { topics: { action: 'block' } } } } })).toThrow(/profiles\.std\.input\.topics/);
  });
});

describe('profile resolution', () => {
  const resolve = guardrails({
    profiles: { strict: {}, relaxed: {}, demo: {} },
    defaults: { production: 'strict', sandbox: 'relaxed', anonymous: 'demo' },
  });
  const name = (ex: ReturnType<typeof chat>) => {
    const r = resolve(ex);
    return r.status === 'found' ? r.profile.name : r.status;
  };

  it('uses the identity profile, else its environment default, else (auth off) the anonymous default', () => {
    expect(name(chat({}, { who: identity('production', 'relaxed') }))).toBe('relaxed');
    expect(name(chat({}, { who: identity('production') }))).toBe('strict');
    expect(name(chat({}, { who: identity('pilot') }))).toBe('none');
    expect(name(chat({}))).toBe('demo');
    expect(resolve(chat({}, { who: identity('sandbox', 'ghost') }))).toEqual({ status: 'unknown', name: 'ghost' });
  });
});

describe('evaluatePolicies', () => {
  const email = patternDetector('pii', 'EMAIL_ADDRESS', /\S+@\S+\.com/, 0.95);
  const word = patternDetector('keywords', 'confidential', /CONFIDENTIAL/, 0.4);

  it('takes the strictest action across detectors and keeps the path and span of each finding', async () => {
    const d = await evaluatePolicies(
      [policy({ detector: email, action: 'redact' }), policy({ detector: word, action: 'block', threshold: 0.3 })],
      [target('CONFIDENTIAL: a@b.com')],
      signal,
    );
    expect(d.action).toBe('block');
    expect(d.findings.map((f) => [f.detector, f.type, f.start, f.end, f.path, f.action])).toEqual([
      ['pii', 'EMAIL_ADDRESS', 14, 21, 'messages[0].content', 'redact'],
      ['keywords', 'confidential', 0, 12, 'messages[0].content', 'block'],
    ]);
  });

  it('ignores findings under the threshold, and does not run allow policies', async () => {
    let ran = false;
    const spy = {
      name: 'code' as const,
      detect: () => {
        ran = true;
        return [];
      },
    };
    const d = await evaluatePolicies([policy({ detector: word }), policy({ detector: spy, action: 'allow' })], [target('CONFIDENTIAL')], signal);
    expect(d).toEqual({ action: 'allow', findings: [], omitted: [], overBudget: [], unavailable: [], failedOpen: [] });
    expect(ran).toBe(false);
  });

  it('an async detector that throws fails closed, or open when configured', async () => {
    expect((await evaluatePolicies([policy({ detector: failingDetector() })], [target('x')], signal)).unavailable).toEqual(['webhook']);
    const open = await evaluatePolicies([policy({ detector: failingDetector(), failMode: 'open' })], [target('x')], signal);
    expect(open).toMatchObject({ action: 'allow', unavailable: [], failedOpen: ['webhook'] });
  });
});

describe('redaction and the vault', () => {
  it('masks, merging overlapping spans', () => {
    expect(
      redactText(
        'mail a@b.com now',
        [
          { start: 5, end: 12, type: 'EMAIL_ADDRESS' },
          { start: 7, end: 12, type: 'URL' },
        ],
        'mask',
        undefined,
      ),
    ).toBe('mail [EMAIL_ADDRESS] now');
  });

  it('tokenizes consistently within the request and restores only what it issued', () => {
    const vault = new TokenVault([], 'k7q2mx');
    const f = (s: number, e: number) => ({ start: s, end: e, type: 'EMAIL_ADDRESS' });
    expect(redactText('a@b.io c@d.io a@b.io', [f(0, 6), f(7, 13), f(14, 20)], 'tokenize', vault)).toBe(
      '<EMAIL_ADDRESS_1_k7q2mx> <EMAIL_ADDRESS_2_k7q2mx> <EMAIL_ADDRESS_1_k7q2mx>',
    );
    expect(vault.restore('to <EMAIL_ADDRESS_2_k7q2mx>, not <EMAIL_ADDRESS_9_k7q2mx>')).toBe('to c@d.io, not <EMAIL_ADDRESS_9_k7q2mx>');
    // The shapes a client could write itself: no nonce, another nonce, a near miss.
    for (const own of [
      '<EMAIL_ADDRESS_1>',
      '<EMAIL_ADDRESS_1_aaaaaa>',
      '<EMAIL_ADDRESS_1_K7Q2MX>',
      '<EMAIL_ADDRESS_1_k7q2m>',
      '<email_address_1_k7q2mx>',
      '<EMAIL_ADDRESS_01_k7q2mx>',
    ]) {
      expect(vault.restore(`x ${own} y`)).toBe(`x ${own} y`);
    }
  });

  it('restores into JSON arguments escaped, so an original with quotes or backslashes keeps the arguments valid', () => {
    const vault = new TokenVault([], 'k7q2mx');
    const originals = ['Jane "JJ" Doe', 'C:\\Users\\jane', 'line\nbreak', '"}, "admin": true, "x": "'];
    const tokens = originals.map((o) => vault.tokenize('PERSON', o));
    const args = JSON.stringify({ names: tokens });
    const restored = vault.restoreJson(args);
    expect(JSON.parse(restored)).toEqual({ names: originals });
    // The plain-text restore is for free text only: the same arguments would break.
    expect(() => JSON.parse(vault.restore(args))).toThrow();
  });

  it('draws the nonce again when the request already holds a placeholder with it', () => {
    const draws = [new Uint8Array(6).fill(0), new Uint8Array(6).fill(0), new Uint8Array(6).fill(1)];
    const random = () => draws.shift() as Uint8Array;
    expect(drawNonce(['see <EMAIL_ADDRESS_1_aaaaaa> and <X_2_aaaaaa>'], random)).toBe('bbbbbb');
    expect(drawNonce(['aaaaaa without the placeholder shape'], () => new Uint8Array(6).fill(0))).toBe('aaaaaa');
  });

  it('draws a fresh random nonce per request', () => {
    const vaults = Array.from({ length: 50 }, () => new TokenVault());
    expect(new Set(vaults.map((v) => v.nonce)).size).toBe(50);
    for (const v of vaults) expect(v.nonce).toMatch(/^[a-z2-7]{6}$/);
  });

  it('restores a placeholder split across stream chunks', () => {
    const vault = new TokenVault([], 'k7q2mx');
    vault.tokenize('EMAIL_ADDRESS', 'ann@example.com');
    const r = new StreamRestorer(vault);
    const out = ['Write to <EMA', 'IL_ADD', 'RESS_1', '_k7q', '2mx> today <', 'b> <EMAIL_ADDRESS_1> <EMAIL_ADDRESS_1_', 'aaaaaa>'].map((c) => r.push(c));
    expect(out).toEqual(['Write to ', '', '', '', 'ann@example.com today ', '<b> <EMAIL_ADDRESS_1> ', '<EMAIL_ADDRESS_1_aaaaaa>']);
    expect(r.flush()).toBe('');
  });
});

describe('HoldBackWindow', () => {
  const secret = patternDetector('secrets', 'openai_api_key', /sk-[A-Za-z0-9]{20,}/);

  it('releases text only once it is more than the window behind the newest character, a window of new text at a time', async () => {
    const w = new HoldBackWindow(
      4,
      async () => [],
      (t) => t,
    );
    expect(await w.push('abc')).toBe('');
    // The first release comes as soon as more than the window is held: time to first token as before.
    expect(await w.push('defg')).toBe('abc');
    // Then a scan (and a release) only once another window of text has arrived.
    expect(await w.push('h')).toBe('');
    expect(await w.push('ij')).toBe('');
    expect(await w.push('k')).toBe('defg');
    expect(await w.flush()).toBe('hijk');
  });

  it('never releases half of a surrogate pair', async () => {
    const w = new HoldBackWindow(
      2,
      async () => [],
      (t) => t,
    );
    expect(await w.push('a\u{1F600}b')).toBe('a');
    expect(await w.flush()).toBe('\u{1F600}b');
  });

  const masking = (holdBack: number) =>
    new HoldBackWindow(
      holdBack,
      async (text) => secret.detect(text, { direction: 'output' }),
      (t, spans) => redactText(t, spans, 'mask', undefined),
    );

  it('redacts a value split across chunks before any of it leaves', async () => {
    const w = masking(24);
    const out: string[] = [];
    for (const c of ['key sk-abcdefghij', 'klmnopqrstuv and then some more words']) out.push(await w.push(c));
    out.push(await w.flush());
    expect(out).toEqual(['', 'key [OPENAI_API_KEY] ', 'and then some more words']);
  });

  it('holds a finding that straddles the release point until it is whole', async () => {
    const w = masking(10);
    const out: string[] = [];
    for (const c of ['key sk-abcdefghijklmnopqrstuvwxyz', ' and then', ' some more words']) out.push(await w.push(c));
    out.push(await w.flush());
    expect(out).toEqual(['key ', '', '[OPENAI_API_KEY] and then some ', 'more words']);
  });

  it('cannot see a value shorter than what its detector needs when the window is smaller (the window must cover it)', async () => {
    const w = masking(8);
    expect(await w.push('key sk-abcdefghij')).toBe('key sk-ab');
  });
});
