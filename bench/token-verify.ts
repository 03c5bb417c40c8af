/**
 * `npm run bench:authz` (second half): what verifying a caller costs per request, at the median: access tokens
 * (EdDSA, ES256) with and without the verified-token cache, and static API keys (in-memory map hit vs the
 * store lookup). Moved here from a test that asserted relative wall-clock times; prints figures and verdicts.
 */
import { performance } from 'node:perf_hooks';
import { createAuthenticator } from '../src/identity/authenticator.js';
import { MapRegistry, createTestTokenService, testIdentity } from '../src/identity/token-service.fixtures.js';

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

for (const alg of ['EdDSA', 'ES256'] as const) {
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
  const speedup = (figures['verifyAccessToken, no cache'] as number) / (figures['verifyAccessToken, cache'] as number);
  console.log(`${alg} median µs`, figures, `cache speed-up ${speedup.toFixed(1)}x (expected > 3x): ${speedup > 3 ? 'PASS' : 'FAIL'}`);
}

{
  const registry = new MapRegistry([testIdentity('sandbox-svc', { environment: 'sandbox' })]);
  const { tokens, store } = await createTestTokenService({ registry });
  const { apiKey } = await tokens.createApiKey('sandbox-svc');
  const [record] = await store.credentials.listActiveApiKeys();
  const figures = {
    'verifyApiKey (map hit)': await medianMicros(() => tokens.verifyApiKey(apiKey)),
    'store.findApiKeyByHash (SQLite)': await medianMicros(() => store.credentials.findApiKeyByHash(record!.hash)),
  };
  console.log('API key median µs', figures);
  await store.close();
}
