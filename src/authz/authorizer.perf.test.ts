import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.js';
import type { Identity, Principal } from '../identity/types.js';
import { createAuthorizer } from './authorizer.js';
import type { Authorizer, AuthzRequest } from './types.js';

/**
 * Micro-benchmark of authorize(): the budget for authenticate + authorize together is 100 µs at the
 * median. Prints the medians; the assertions are loose so a busy CI machine does not fail the suite.
 */
const identity: Identity = {
  id: 'payments-api', displayName: 'Payments API', owner: 'payments@example.com', team: 'payments', environment: 'production',
  state: 'active', purpose: null, allowedModels: ['gpt-4o-mini', 'gpt-4o'], allowedTools: ['search'], allowedDatasets: [], roles: [], allowedScopes: [],
  mayAssertEndUsers: false, limitsProfile: null, guardrailProfile: null, source: 'config', createdAt: 0, lastRotatedAt: null, lastUsedAt: null,
};
const principal: Principal = { identity, credential: 'access_token', tokenId: 'jti', scopes: [], endUser: null, actor: null };
const config = configSchema.parse({
  providers: { mock: { type: 'mock' } },
  models: { 'gpt-4o-mini': { provider: 'mock' }, 'gpt-4o': { provider: 'mock', environments: ['production'] } },
  tools: { search: {} },
});

function medianMicros(authorizer: Authorizer, request: AuthzRequest, runs = 20_000): number {
  for (let i = 0; i < 2_000; i++) authorizer.authorize(request);
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    authorizer.authorize(request);
    samples[i] = performance.now() - started;
  }
  samples.sort();
  return (samples[runs >> 1] as number) * 1000;
}

describe('authorize() micro-benchmark', () => {
  it('median per call, decision cache on (steady state) and off (first call of an identity/resource)', () => {
    const request: AuthzRequest = { principal, action: 'invoke_model', resource: { type: 'Model', id: 'gpt-4o', environments: ['production'] } };
    const cached = medianMicros(createAuthorizer({ config, baseDir: '.' }), request);
    const uncached = medianMicros(createAuthorizer({ config, baseDir: '.' }, { cacheEntries: 0 }), request, 5_000);
    console.log(`authorize() median: ${cached.toFixed(1)} µs cached, ${uncached.toFixed(1)} µs uncached (Cedar evaluation)`);
    expect(cached).toBeLessThan(50);
    expect(uncached).toBeLessThan(1_000);
  });

  it('builds an authorizer (load, validate, preparse every action) quickly', () => {
    const started = performance.now();
    createAuthorizer({ config, baseDir: '.' });
    const ms = performance.now() - started;
    console.log(`createAuthorizer: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2_000);
  });
});
