import { performance } from 'node:perf_hooks';
import { describe, expect, test } from 'vitest';
import { createAuthenticator } from './authenticator.js';
import { MapRegistry, createTestTokenService, testIdentity } from './token-service.fixtures.js';

/** Median µs of `run`, after a warm-up. Each sample is one awaited call, as on the request path. */
async function medianMicros(run: () => Promise<unknown>, samples = 2000): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times[i] = (performance.now() - start) * 1000;
  }
  times.sort();
  return Math.round((times[samples >> 1] as number) * 10) / 10;
}

/**
 * Micro-benchmark of the per-request authentication cost (the figures in the report and BENCHMARKS.md).
 * Asserts only relative speed, so a loaded machine cannot make it fail.
 */
describe('verification cost (micro-benchmark)', () => {
  test.each(['EdDSA', 'ES256'] as const)('%s: verifyAccessToken and authenticate, with and without the verified-token cache', async (alg) => {
    const figures: Record<string, number> = {};
    for (const cache of [0, 10_000]) {
      const registry = new MapRegistry([testIdentity('svc')]);
      const { tokens, store } = await createTestTokenService({ registry, auth: { signingAlgorithm: alg }, verifiedTokenCacheSize: cache });
      const { access_token } = await tokens.mintAccessToken(registry.get('svc')!);
      const authenticator = createAuthenticator({ tokens, registry });
      const headers = { authorization: `Bearer ${access_token}` };
      const label = cache === 0 ? 'no cache' : 'cache';
      figures[`verifyAccessToken, ${label}`] = await medianMicros(() => tokens.verifyAccessToken(access_token));
      figures[`authenticate, ${label}`] = await medianMicros(() => authenticator.authenticate(headers));
      await store.close();
    }
    console.info(`[bench] ${alg} median µs`, figures);
    expect(figures['verifyAccessToken, cache']).toBeLessThan((figures['verifyAccessToken, no cache'] as number) / 3);
  });

  test('static API keys: in-memory map hit vs store lookup', async () => {
    const registry = new MapRegistry([testIdentity('sandbox-svc', { environment: 'sandbox' })]);
    const { tokens, store } = await createTestTokenService({ registry });
    const { apiKey } = await tokens.createApiKey('sandbox-svc');
    const [record] = await store.credentials.listActiveApiKeys();
    const figures = {
      'verifyApiKey (map hit)': await medianMicros(() => tokens.verifyApiKey(apiKey)),
      'store.findApiKeyByHash (SQLite)': await medianMicros(() => store.credentials.findApiKeyByHash(record!.hash)),
    };
    console.info('[bench] API key median µs', figures);
    await store.close();
    expect(figures['verifyApiKey (map hit)']).toBeLessThan(figures['store.findApiKeyByHash (SQLite)']);
  });
});
