import type { ExchangeRecord } from '../core/record.js';

let next = 0;

/** A final, successful, non-streamed chat record; override any field. */
export function exchangeRecord(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  next++;
  return {
    id: `req_test${String(next).padStart(6, '0')}`,
    createdAt: 1_760_000_000_000,
    operation: 'chat',
    method: 'POST',
    path: '/v1/chat/completions',
    identityId: 'billing-agent',
    endUser: null,
    modelRequested: 'gpt-test',
    providerId: 'openai-main',
    upstreamModel: 'gpt-4o-mini-2024-07-18',
    streamed: false,
    status: 200,
    reason: 'ok',
    outcome: 'ok',
    promptTokens: 12,
    completionTokens: 30,
    totalTokens: 42,
    latencyMs: 250,
    ttfbMs: null,
    trace: [
      { stage: 'validate-request', phase: 'request', verdict: 'continue', durationUs: 120 },
      {
        stage: 'input-guardrails',
        phase: 'request',
        verdict: 'continue',
        policyId: 'guardrails/default',
        durationUs: 2_000,
        note: 'pii:EMAIL_ADDRESS@messages[0].content[8,25]=0.99 redact',
      },
      { stage: 'route', phase: 'route', verdict: 'continue', durationUs: 200_000 },
    ],
    conversationId: null,
    environment: 'production',
    policyVersion: 'sha256:abc123',
    findings: [],
    costUsd: null,
    contentMode: null,
    contentDigest: null,
    deploymentId: null,
    modelVersion: null,
    ...overrides,
  };
}
