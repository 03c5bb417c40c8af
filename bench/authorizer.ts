/**
 * `npm run bench:authz`: what authorize() costs, at the median, with the decision cache on (steady state)
 * and off (the first call for an identity and resource: a Cedar evaluation), and what building an authorizer
 * costs (load, validate, preparse every action). Budget: authenticate + authorize together 100 µs at the
 * median. Moved here from a test that asserted wall-clock bounds; prints its figures and a verdict.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createAuthorizer } from '../src/authz/authorizer.js';
import type { Authorizer, AuthzRequest } from '../src/authz/types.js';
import { configSchema } from '../src/config/schema.js';
import type { Identity, Principal } from '../src/identity/types.js';

const identity: Identity = {
  id: 'payments-api',
  displayName: 'Payments API',
  owner: 'payments@example.com',
  team: 'payments',
  environment: 'production',
  state: 'active',
  purpose: null,
  allowedModels: ['gpt-4o-mini', 'gpt-4o'],
  allowedTools: ['search'],
  allowedDatasets: [],
  roles: [],
  allowedScopes: [],
  mayAssertEndUsers: false,
  limitsProfile: null,
  guardrailProfile: null,
  source: 'config',
  createdAt: 0,
  lastRotatedAt: null,
  lastUsedAt: null,
};
const principal: Principal = { identity, credential: 'access_token', tokenId: 'jti', scopes: [], endUser: null, actor: null };
const config = configSchema.parse({
  providers: { mock: { type: 'mock' } },
  models: { 'gpt-4o-mini': { provider: 'mock' }, 'gpt-4o': { provider: 'mock', environments: ['production'] } },
  tools: { search: {} },
});
const request: AuthzRequest = { principal, action: 'invoke_model', resource: { type: 'Model', id: 'gpt-4o', environments: ['production'] } };

function medianMicros(authorizer: Authorizer, runs: number): number {
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

const started = performance.now();
createAuthorizer({ config, baseDir: '.' });
const buildMs = performance.now() - started;
const cached = medianMicros(createAuthorizer({ config, baseDir: '.' }), 20_000);
const uncached = medianMicros(createAuthorizer({ config, baseDir: '.' }, { cacheEntries: 0 }), 5_000);

process.stdout.write(
  [
    `authorize() on ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}`,
    `  median, decision cache on:  ${cached.toFixed(1)} µs (budget 50: ${cached < 50 ? 'PASS' : 'FAIL'})`,
    `  median, decision cache off: ${uncached.toFixed(1)} µs (Cedar evaluation; budget 1,000: ${uncached < 1_000 ? 'PASS' : 'FAIL'})`,
    `  createAuthorizer: ${buildMs.toFixed(1)} ms`,
    '',
  ].join('\n'),
);
