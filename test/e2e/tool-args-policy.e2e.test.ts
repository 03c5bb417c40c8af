import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Cedar judges each tool call a model proposes with its arguments (`context.args`): the worked example of
 * issue 16, "refund only under 100 and only in pilot", through the official openai SDK, plain and streamed.
 */
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tool-args-e2e-'));
const POLICY = `@id("refund-limits")
forbid (principal, action == Gatehouse::Action::"use_tool", resource == Gatehouse::Tool::"refund")
when { context.direction == "output" }
unless { context.args has amount && context.args.amount < 100 && principal.environment == "pilot" };
`;
const refundTools = [{ type: 'function' as const, function: { name: 'refund', parameters: { type: 'object' } } }];
const refundOf = (amount: unknown) => ({ provider: 'mock', mock: { toolCalls: [{ name: 'refund', arguments: { amount, order: 'o-9' } }] } });

let gw: TestGateway;
const tokens = new Map<string, string>();

beforeAll(async () => {
  writeFileSync(join(dir, 'refund.cedar'), POLICY);
  const identities = {
    'pilot-bot': { owner: 'a@example.com', environment: 'pilot', models: ['*'], tools: ['refund'] },
    'prod-bot': { owner: 'b@example.com', environment: 'production', models: ['*'], tools: ['refund'] },
  };
  gw = await startTestGateway(
    {
      storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
      auth: { secretPepper: 'env:PEPPER' },
      providers: { mock: { type: 'mock' } },
      models: { small: refundOf(40), large: refundOf(150), vague: refundOf('forty') },
      tools: { refund: { schema: { type: 'object', properties: { amount: { type: 'integer' }, order: { type: 'string' } } } } },
      policies: { files: [join(dir, 'refund.cedar')] },
      identities,
    },
    { env: { PEPPER } },
  );
  const identity = gw.identity as IdentityServices;
  for (const id of Object.keys(identities)) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('PEPPER', PEPPER);
  return () => vi.unstubAllEnvs();
});

const client = (id: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: tokens.get(id)!, maxRetries: 0 });
const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'refund order o-9' }], tools: refundTools });

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError> | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
  );
}

describe('a proposed tool call authorized with its arguments (plain)', () => {
  it('passes a refund under 100 from pilot', async () => {
    const answer = await client('pilot-bot').chat.completions.create(ask('small'));
    const call = answer.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ amount: 40, order: 'o-9' });
  });

  it('refuses 150 from pilot and 40 from production, recording the policy that decided', async () => {
    for (const [who, model] of [
      ['pilot-bot', 'large'],
      ['prod-bot', 'small'],
    ] as const) {
      const err = await refusal(client(who).chat.completions.create(ask(model)));
      expect([err?.status, err?.code]).toEqual([403, 'forbidden_by_policy']);
      expect(err?.message).not.toContain('refund');
      const record = await gw.recordOf(err?.headers?.get('x-gatehouse-request-id') ?? '');
      expect(record?.reason).toBe('forbidden_by_policy');
      expect(record?.trace.find((t) => t.stage === 'authorize' && t.phase === 'response')?.policyId).toBe('refund-limits');
    }
  });

  it('refuses an amount of the wrong type (the policy errors, which denies)', async () => {
    const err = await refusal(client('pilot-bot').chat.completions.create(ask('vague')));
    expect([err?.status, err?.code]).toEqual([403, 'authorization_error']);
  });
});

describe('a proposed tool call authorized with its arguments (streamed)', () => {
  async function streamed(who: string, model: string): Promise<{ calls: string[]; error: InstanceType<typeof OpenAI.APIError> | undefined }> {
    const stream = await client(who).chat.completions.create({ ...ask(model), stream: true });
    const calls: string[] = [];
    try {
      for await (const chunk of stream) for (const call of chunk.choices[0]?.delta.tool_calls ?? []) calls.push(call.function?.arguments ?? '');
    } catch (err) {
      return { calls, error: err as InstanceType<typeof OpenAI.APIError> };
    }
    return { calls, error: undefined };
  }

  it('releases a refund under 100 from pilot once its arguments are complete', async () => {
    const { calls, error } = await streamed('pilot-bot', 'small');
    expect(error).toBeUndefined();
    expect(JSON.parse(calls.join(''))).toEqual({ amount: 40, order: 'o-9' });
  });

  it('ends the stream in-band before any part of the call of 150, or from production, reaches the client', async () => {
    for (const [who, model] of [
      ['pilot-bot', 'large'],
      ['prod-bot', 'small'],
    ] as const) {
      const { calls, error } = await streamed(who, model);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error?.code).toBe('forbidden_by_policy');
      expect(calls).toEqual([]);
    }
  });

  it('records the policy that ended the stream', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('pilot-bot')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask('large'), stream: true }),
    });
    const text = await res.text();
    expect(text).toContain('"code":"forbidden_by_policy"');
    expect(text).not.toContain('o-9');
    await gw.recorder.flush();
    const record = await gw.recordOf(res.headers.get('x-gatehouse-request-id') ?? '');
    expect([record?.outcome, record?.reason]).toEqual(['interrupted', 'forbidden_by_policy']);
    expect(record?.trace.find((t) => t.stage === 'authorize' && t.phase === 'stream')?.policyId).toBe('refund-limits');
  });
});
