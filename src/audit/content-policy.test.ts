import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditSchema } from '../config/schema-audit.js';
import { exchangeOf } from '../guardrails/guardrails.fixtures.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { ContentCipher } from './content-cipher.js';
import { ContentPolicy } from './content-policy.js';
import { loadContentPolicy } from './content-setup.js';

let store: Store;

beforeEach(async () => {
  store = await openStore({ driver: 'sqlite', sqlite: { path: ':memory:' }, batchSize: 256, flushIntervalMs: 5 }, (ref) => ref);
  await store.migrate();
});
afterEach(async () => {
  await store.close();
});

const KEY = 'sk-proj-Zq8v3LmT9xW2bN7cR4yH6kJ1pF5dG0sA';
const exchange = () => exchangeOf({ operation: 'chat', body: { model: 'm', messages: [{ role: 'user', content: `my key is ${KEY}` }] } });
const MASTER = randomBytes(32).toString('base64');
const redacted = () => auditSchema.parse({ content: { mode: 'redacted', key: 'env:CONTENT_KEY' } });
const resolveSecret = (ref: string) => (ref === 'env:CONTENT_KEY' ? MASTER : ref);

describe('content policy: the redaction masks load with the policy', () => {
  it('loadContentPolicy imports the PII and secrets masks for mode redacted, and the stored text is masked', async () => {
    const config = redacted();
    const policy = await loadContentPolicy(config, resolveSecret, store, process.cwd());
    const captured = await policy?.capture(exchange(), null);
    expect(captured?.mode).toBe('redacted');
    const row = captured?.row;
    if (!row || !policy) throw new Error('no content row');
    const text = await policy.open(row);
    expect(text).toContain('my key is');
    expect(text).not.toContain(KEY);
  });

  it('a policy built without its masks refuses to capture redacted content instead of storing it unmasked', async () => {
    const policy = new ContentPolicy(redacted().content, new ContentCipher(randomBytes(32)), store);
    await expect(policy.capture(exchange(), null)).rejects.toThrow(/no masks/);
  });
});
