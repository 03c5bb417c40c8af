import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../src/audit/verify-store.js';
import type { ContentPolicy } from '../../src/audit/content-policy.js';
import { LegalHoldError } from '../../src/storage/content-repository.js';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';

const EMAIL = 'maria.lopez@example.com';

async function ask(gw: TestGateway, content: string, options: { user?: string; stream?: boolean } = {}): Promise<string> {
  const body = { model: 'mock-echo', messages: [{ role: 'user' as const, content }], ...(options.user ? { user: options.user } : {}) };
  if (options.stream) {
    const { data, response } = await gw.openai.chat.completions.create({ ...body, stream: true }).withResponse();
    for await (const _ of data) {
      /* drain */
    }
    return response.headers.get('x-gatehouse-request-id') as string;
  }
  const { response } = await gw.openai.chat.completions.create(body).withResponse();
  return response.headers.get('x-gatehouse-request-id') as string;
}

async function stored(gw: TestGateway, id: string): Promise<Record<string, unknown> | undefined> {
  await gw.recorder.flush();
  const row = (await gw.store.content.get([id])).get(id);
  if (!row) return undefined;
  const text = await (gw.content as ContentPolicy).open(row);
  return text === undefined ? { erased: true } : (JSON.parse(text) as Record<string, unknown>);
}

describe('content kept as the data policy says', () => {
  let full: TestGateway;
  let redacted: TestGateway;
  let hashed: TestGateway;
  beforeAll(async () => {
    full = await startTestGateway({ ...MOCK_CONFIG, audit: { content: { mode: 'full' } } });
    redacted = await startTestGateway({ ...MOCK_CONFIG, audit: { content: { mode: 'redacted' } } });
    hashed = await startTestGateway({ ...MOCK_CONFIG, audit: { content: { mode: 'hashed' } } });
  });
  afterAll(async () => {
    await Promise.all([full.close(), redacted.close(), hashed.close()]);
  });

  it('full: the prompt and answer are stored encrypted, and the chain seals their digest', async () => {
    const id = await ask(full, `Write to ${EMAIL}`, { user: 'u-1' });
    const record = await full.recordOf(id);
    expect(record).toMatchObject({ endUser: 'u-1', contentMode: 'full', contentDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const row = (await full.store.content.get([id])).get(id);
    expect(row).toMatchObject({ subject: 'user:u-1', mode: 'full' });
    expect(row?.sealed).not.toContain('maria');
    const content = await stored(full, id);
    expect(content).toMatchObject({
      request: { messages: [{ role: 'user', content: `Write to ${EMAIL}` }] },
      response: { choices: [{ message: { content: `Write to ${EMAIL}` } }] },
    });

    const streamed = await ask(full, 'stream me', { user: 'u-1', stream: true });
    expect(await stored(full, streamed)).toMatchObject({ response: { streamed: true, choices: [{ index: 0, content: 'stream me', finish_reason: 'stop' }] } });
    expect(await verifyStore(full.store)).toMatchObject({ ok: true });
  });

  it('redacted: PII and secrets are masked before the content is stored', async () => {
    const id = await ask(redacted, `Mail ${EMAIL} the token ghp_Demo0Leak1Not2A3Real4Token5For6Docs78`);
    const content = JSON.stringify(await stored(redacted, id));
    expect(content).toContain('[EMAIL_ADDRESS]');
    expect(content).not.toContain(EMAIL);
    expect(content).not.toContain('ghp_Demo0');
    expect(await redacted.recordOf(id)).toMatchObject({ contentMode: 'redacted' });
  });

  it('hashed: only the digest is kept', async () => {
    const id = await ask(hashed, 'secret plans');
    expect(await hashed.recordOf(id)).toMatchObject({ contentMode: 'hashed', contentDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await stored(hashed, id)).toBeUndefined();
  });

  it('erasing an end user deletes their content and key; legal hold blocks it; the trail still verifies', async () => {
    const mine = await ask(full, 'my private question', { user: 'erase-me' });
    const other = await ask(full, 'someone else', { user: 'keep-me' });
    await full.recorder.flush();
    await full.store.content.hold({ subject: 'user:erase-me', reason: 'case 42', createdAt: Date.now(), createdBy: 'test' });
    await expect(full.store.content.erase('user:erase-me', Date.now())).rejects.toBeInstanceOf(LegalHoldError);
    expect(await full.store.content.purge(Date.now() + 1)).toBeGreaterThan(0);
    expect(await stored(full, mine)).toBeDefined();
    expect(await full.store.content.release('user:erase-me')).toBe(true);
    expect(await full.store.content.erase('user:erase-me', Date.now())).toEqual({ rows: 1, hadKey: true });
    expect(await stored(full, mine)).toBeUndefined();
    expect(await stored(full, other)).toBeUndefined(); // purged above: older than "now + 1"
    expect(await full.recordOf(mine)).toMatchObject({ contentMode: 'full' });
    expect(await verifyStore(full.store)).toMatchObject({ ok: true });
  });
});
