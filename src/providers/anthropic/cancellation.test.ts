import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../../test/fakes/fake-anthropic.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { Provider } from '../contract.js';
import { createAnthropicProvider } from './index.js';

let fake: FakeAnthropic;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  // Small timeouts: every test here either hangs on purpose or cancels.
  provider = createAnthropicProvider(
    'claude',
    { type: 'anthropic', baseUrl: fake.url, apiKey: 'env:ANTHROPIC_API_KEY', version: '2023-06-01', defaultMaxTokens: 512, timeoutMs: 300, connectTimeoutMs: 2_000, streamIdleTimeoutMs: 300 },
    { resolveSecret: () => 'sk-ant-test' },
  );
});

afterAll(async () => {
  await provider.close();
  await fake.close();
});

const request: ChatRequest = { model: 'claude-test', messages: [{ role: 'user', content: 'hello world' }] };
const streamed: ChatRequest = { ...request, stream: true };
const call = (signal = new AbortController().signal) => ({ signal, requestId: 'req-c' });

describe('anthropic timeouts against a hanging upstream', () => {
  it('generate -> upstream_timeout, and the upstream request is closed', async () => {
    fake.enqueue({ kind: 'hang' });
    const arrived = fake.nextRequest();
    await expect(provider.generate(request, call())).rejects.toMatchObject({ name: 'ProviderError', reason: 'upstream_timeout', isRetryable: true });
    expect(await (await arrived).outcome).toBe('closed-early');
  });

  it('stream with no response headers -> upstream_timeout', async () => {
    fake.enqueue({ kind: 'hang' });
    const parts: string[] = [];
    await expect(
      (async () => {
        for await (const part of provider.stream(streamed, call())) parts.push(part.type);
      })(),
    ).rejects.toMatchObject({ reason: 'upstream_timeout' });
    expect(parts).toEqual([]);
  });

  it('stream that goes silent mid-way -> upstream_timeout after the parts already read', async () => {
    fake.enqueue({ kind: 'hang', after: 'first-delta' });
    const arrived = fake.nextRequest();
    const parts: string[] = [];
    await expect(
      (async () => {
        for await (const part of provider.stream(streamed, call())) parts.push(part.type);
      })(),
    ).rejects.toMatchObject({ reason: 'upstream_timeout' });
    expect(parts).toEqual(['start', 'text-delta']);
    expect(await (await arrived).outcome).toBe('closed-early');
  });
});

describe('anthropic cancellation', () => {
  it('an abort mid-stream closes the upstream request and rejects with the abort reason', async () => {
    fake.enqueue({ kind: 'hang', after: 'first-delta' });
    const arrived = fake.nextRequest();
    const controller = new AbortController();
    const reason = new Error('client went away');
    const parts: string[] = [];
    const consumed = (async () => {
      for await (const part of provider.stream(streamed, call(controller.signal))) {
        parts.push(part.type);
        if (part.type === 'text-delta') controller.abort(reason);
      }
    })();
    await expect(consumed).rejects.toBe(reason);
    expect(parts).toEqual(['start', 'text-delta']);
    expect(await (await arrived).outcome).toBe('closed-early');
    expect(fake.closedEarly).toContain(await arrived);
  });

  it('an abort before response headers (stream) closes the upstream request and rejects with the reason', async () => {
    fake.enqueue({ kind: 'hang' });
    const arrived = fake.nextRequest();
    const controller = new AbortController();
    const reason = new Error('client went away');
    const iterator = provider.stream(streamed, call(controller.signal))[Symbol.asyncIterator]();
    const first = iterator.next();
    const upstream = await arrived;
    controller.abort(reason);
    await expect(first).rejects.toBe(reason);
    expect(await upstream.outcome).toBe('closed-early');
  });

  it('an abort mid-request (generate) closes the upstream request and rejects with the reason', async () => {
    fake.enqueue({ kind: 'hang' });
    const arrived = fake.nextRequest();
    const controller = new AbortController();
    const reason = new Error('client went away');
    const pending = provider.generate(request, call(controller.signal));
    const upstream = await arrived;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await upstream.outcome).toBe('closed-early');
  });

  it('a consumer that stops reading early closes the upstream request', async () => {
    fake.enqueue({ kind: 'hang', after: 'first-delta' });
    const arrived = fake.nextRequest();
    for await (const part of provider.stream(streamed, call())) {
      if (part.type === 'text-delta') break;
    }
    expect(await (await arrived).outcome).toBe('closed-early');
  });
});
