import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadWebhookUrl, startFakeWebhook, type FakeWebhook } from './fake-webhook.fixtures.js';
import { configSchema } from '../../../config/schema.js';
import { createSecretResolver } from '../../../config/secrets.js';
import { buildRuntime, closeRuntime } from '../../../server/runtime.js';
import type { DetectContext } from '../../types.js';
import { createWebhookDetector, WebhookDetectorError, type WebhookDetector, type WebhookOptions } from './index.js';

const TEXT = 'the secret plan is on page 42';
const CONTEXT: DetectContext = { direction: 'input', role: 'user', part: 'content' };
const noSecrets = createSecretResolver({});
let hook: FakeWebhook;
const built: WebhookDetector[] = [];

beforeAll(async () => {
  hook = await startFakeWebhook();
});
afterAll(async () => {
  await Promise.all(built.map((d) => d.close()));
  await hook.close();
});
beforeEach(() => hook.setBehaviour({ kind: 'findings', findings: [] }));

function webhook(options: Partial<WebhookOptions> = {}, env: NodeJS.ProcessEnv = {}): WebhookDetector {
  const detector = createWebhookDetector({ url: hook.url, ...options }, { resolveSecret: createSecretResolver(env) });
  built.push(detector);
  return detector;
}

function detect(detector: WebhookDetector, text = TEXT, signal = new AbortController().signal) {
  return detector.detect(text, CONTEXT, signal);
}

/** The error a detect call fails with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected the detector to throw');
  return err;
}

describe('webhook detector: answers', () => {
  it('POSTs the text with its context and maps the findings', async () => {
    hook.setBehaviour({ kind: 'findings', findings: [{ type: 'confidential', score: 0.8, start: 4, end: 15, evidence: 'rule-7' }] });
    const findings = await detect(webhook());
    expect(findings).toEqual([{ detector: 'webhook', type: 'confidential', score: 0.8, start: 4, end: 15, evidence: 'rule-7' }]);
    const seen = hook.requests.at(-1);
    expect(seen?.body).toEqual({ text: TEXT, context: { direction: 'input', role: 'user', part: 'content' }, detector: 'webhook' });
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.path).toBe('/scan');
  });

  it('a clean answer is no finding', async () => {
    expect(await detect(webhook())).toEqual([]);
  });

  it('a finding without a span covers the whole text', async () => {
    hook.setBehaviour({ kind: 'findings', findings: [{ type: 'toxic', score: 1 }] });
    expect(await detect(webhook())).toMatchObject([{ type: 'toxic', start: 0, end: TEXT.length }]);
  });

  it('clamps scores to 0..1 and spans to the text, and truncates evidence', async () => {
    hook.setBehaviour({
      kind: 'findings',
      findings: [
        { type: 'a', score: 7, start: -3, end: 999, evidence: 'e'.repeat(500) },
        { type: 'b', score: -1, start: 2, end: 4 },
      ],
    });
    const [a, b] = await detect(webhook());
    expect(a).toMatchObject({ score: 1, start: 0, end: TEXT.length });
    expect(a?.evidence).toHaveLength(128);
    expect(b).toMatchObject({ score: 0, start: 2, end: 4 });
  });

  it('refuses empty, inverted or out-of-text spans instead of keeping a span that redacts nothing', async () => {
    for (const span of [
      { start: 50, end: 60 },
      { start: 9, end: 3 },
      { start: 5, end: 5 },
    ]) {
      hook.setBehaviour({ kind: 'findings', findings: [{ type: 'x', score: 1, ...span }] });
      expect(await failure(detect(webhook()))).toBeInstanceOf(WebhookDetectorError);
    }
  });

  it('keeps only the configured types', async () => {
    hook.setBehaviour({
      kind: 'findings',
      findings: [
        { type: 'keep_me', score: 1 },
        { type: 'other', score: 1 },
      ],
    });
    expect((await detect(webhook({ types: ['keep_me'] }))).map((f) => f.type)).toEqual(['keep_me']);
  });

  it('reuses its keep-alive connection', async () => {
    const detector = webhook();
    await detect(detector);
    // undici frees the connection just after the body ends; a call issued in the same tick opens a second one.
    await sleep(5);
    await detect(detector);
    const [first, second] = hook.requests.slice(-2);
    expect(second?.remotePort).toBe(first?.remotePort);
  });
});

describe('webhook detector: failures throw, so failMode decides, and never echo the text', () => {
  const cases: Array<[string, Parameters<FakeWebhook['setBehaviour']>[0]]> = [
    ['a 500', { kind: 'raw', status: 500, body: `{"error": "boom: ${TEXT}"}` }],
    ['a 404', { kind: 'raw', status: 404, body: 'not found' }],
    ['malformed JSON', { kind: 'raw', body: '{"findings": [' }],
    ['a body without findings', { kind: 'raw', body: '{"result": "ok"}' }],
    ['a finding with a string score', { kind: 'findings', findings: [{ type: 'x', score: '0.9' }] }],
    ['a finding with a fractional offset', { kind: 'findings', findings: [{ type: 'x', score: 1, start: 1.5 }] }],
    ['a finding type that is not an identifier', { kind: 'findings', findings: [{ type: 'has spaces <b>', score: 1 }] }],
    ['a reset connection', { kind: 'reset' }],
  ];
  for (const [what, behaviour] of cases) {
    it(`throws on ${what}`, async () => {
      hook.setBehaviour(behaviour);
      const err = await failure(detect(webhook()));
      expect(err).toBeInstanceOf(WebhookDetectorError);
      expect(err.message).not.toContain('secret plan');
    });
  }

  it('throws when nothing listens', async () => {
    const detector = createWebhookDetector({ url: await deadWebhookUrl() }, { resolveSecret: noSecrets });
    built.push(detector);
    expect((await failure(detect(detector))).message).toMatch(/unreachable \(ECONNREFUSED\)/);
  });

  it('times out after timeoutMs and cancels the call', async () => {
    hook.setBehaviour({ kind: 'hang' });
    const before = hook.closedEarly;
    const err = await failure(detect(webhook({ timeoutMs: 150 })));
    expect(err.message).toBe('the webhook did not answer within 150 ms');
    await hook.waitForClosedEarly(before + 1);
  });

  it("honours the exchange's abort signal: rejects with its reason and cancels the call", async () => {
    hook.setBehaviour({ kind: 'hang' });
    const before = { requests: hook.requests.length, closed: hook.closedEarly };
    const controller = new AbortController();
    const pending = failure(detect(webhook({ timeoutMs: 10_000 }), TEXT, controller.signal));
    await hook.waitForRequests(before.requests + 1);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await hook.waitForClosedEarly(before.closed + 1);
  });

  it('throws once closed', async () => {
    const detector = webhook();
    await detector.close();
    expect(await failure(detect(detector))).toBeInstanceOf(WebhookDetectorError);
  });
});

describe('webhook detector: options', () => {
  it('resolves header secret references once, at build time, and sends literal headers as they are', async () => {
    const detector = webhook({ headers: { Authorization: 'env:HOOK_TOKEN', 'X-Tenant': 'payments' } }, { HOOK_TOKEN: 'Bearer s3cr3t' });
    await detect(detector);
    expect(hook.requests.at(-1)?.headers).toMatchObject({ authorization: 'Bearer s3cr3t', 'x-tenant': 'payments' });
  });

  it('refuses bad options with the option path, never a header value', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{}, /^options\.url: /],
      [{ url: 'ftp://example.com/scan' }, /^options\.url: must be an http\(s\) URL/],
      [{ url: 'https://user:pw@example.com/scan' }, /^options\.url: must not carry credentials/],
      [{ url: hook.url, timeoutMs: 60_000 }, /^options\.timeoutMs: /],
      [{ url: hook.url, timeoutMs: 0 }, /^options\.timeoutMs: /],
      [{ url: hook.url, tiemoutMs: 100 }, /tiemoutMs/],
      [{ url: hook.url, types: [] }, /^options\.types: /],
      [{ url: hook.url, headers: { Host: 'evil.example' } }, /^options\.headers\.Host: set by the gateway/],
      [{ url: hook.url, headers: { 'bad header': 'x' } }, /^options\.headers\.bad header: not a valid HTTP header name/],
      [{ url: hook.url, headers: { 'X-Key': 'a\r\nInjected: 1' } }, /^options\.headers\.X-Key: the value contains a line break/],
      [
        { url: hook.url, headers: { Authorization: 'env:MISSING_HOOK_TOKEN' } },
        /^options\.headers\.Authorization: secret env:MISSING_HOOK_TOKEN: environment variable MISSING_HOOK_TOKEN is not set$/,
      ],
    ];
    for (const [options, message] of bad) {
      expect(() => createWebhookDetector(options, { resolveSecret: noSecrets }), JSON.stringify(options)).toThrow(message);
    }
    const leaked = (() => {
      try {
        createWebhookDetector({ url: hook.url, headers: { 'X-Key': 'topsecret\nvalue' } }, { resolveSecret: noSecrets });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(leaked).not.toContain('topsecret');
  });
});

describe('webhook detector in the runtime', () => {
  const config = (options: Record<string, unknown>) =>
    configSchema.parse({ guardrails: { profiles: { strict: { input: { webhook: { action: 'block', options } } } }, defaults: { anonymous: 'strict' } } });

  it('a bad option stops the runtime build with the config path', async () => {
    await expect(buildRuntime(config({ url: 'not a url' }), 'h', { resolveSecret: noSecrets, baseDir: '.' })).rejects.toThrow(
      /^guardrails\.profiles\.strict\.input\.webhook: options\.url: /,
    );
  });

  it("the runtime owns the detector's pool and closes it", async () => {
    const runtime = await buildRuntime(config({ url: hook.url, headers: { Authorization: 'env:HOOK_TOKEN' } }), 'h', {
      resolveSecret: createSecretResolver({ HOOK_TOKEN: 't' }),
      baseDir: '.',
    });
    const [detector] = runtime.detectorResources as WebhookDetector[];
    expect(detector?.name).toBe('webhook');
    expect(await detect(detector as WebhookDetector)).toEqual([]);
    await closeRuntime(runtime);
    expect(await failure(detect(detector as WebhookDetector))).toBeInstanceOf(WebhookDetectorError);
  });
});
