import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fakes/fake-openai.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../contract.js';
import { createOpenAIProvider } from './index.js';

const hello: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me a long story about a lighthouse keeper.' }] };

let fake: FakeOpenAI;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = createOpenAIProvider('upstream', { type: 'openai', baseUrl: fake.url, timeoutMs: 10_000, connectTimeoutMs: 2000, streamIdleTimeoutMs: 10_000 }, { resolveSecret: (ref) => ref });
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});

/** A distinct reason per test, so a rejection can be traced to this abort and no other. */
function clientGone(): Error {
  return new Error('client closed the connection');
}

describe('openai provider: cancellation', () => {
  it('aborting mid-request rejects with the reason and closes the upstream request', async () => {
    fake.enqueue({ kind: 'hang' });
    const closedBefore = fake.closedEarly;
    const controller = new AbortController();
    const pending = provider.generate(hello, { signal: controller.signal, requestId: 'r1' }).then(() => undefined, (err: unknown) => err);
    await fake.waitForRequests(fake.requests.length + 1);
    const reason = clientGone();
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await fake.waitForClosedEarly(closedBefore + 1);
  });

  it('aborting a stream before its headers rejects with the reason and closes the upstream request', async () => {
    fake.enqueue({ kind: 'hang' });
    const closedBefore = fake.closedEarly;
    const controller = new AbortController();
    const iterator = provider.stream(hello, { signal: controller.signal, requestId: 'r2' })[Symbol.asyncIterator]();
    const first = iterator.next().then(() => undefined, (err: unknown) => err);
    await fake.waitForRequests(fake.requests.length + 1);
    const reason = clientGone();
    controller.abort(reason);
    expect(await first).toBe(reason);
    await fake.waitForClosedEarly(closedBefore + 1);
  });

  it('aborting mid-stream rejects with the reason, yields nothing more, and closes the upstream request', async () => {
    fake.enqueue({ kind: 'chat', chunkDelayMs: 30, chunkSize: 2 });
    const closedBefore = fake.closedEarly;
    const controller = new AbortController();
    const reason = clientGone();
    const seen: StreamPart[] = [];
    let error: unknown;
    try {
      for await (const part of provider.stream(hello, { signal: controller.signal, requestId: 'r3' })) {
        seen.push(part);
        if (part.type === 'text-delta') controller.abort(reason);
      }
    } catch (err) {
      error = err;
    }
    expect(error).toBe(reason);
    expect(seen.map((p) => p.type)).toEqual(['start', 'text-delta']);
    await fake.waitForClosedEarly(closedBefore + 1);
  });

  it('leaving a stream early (break) closes the upstream request', async () => {
    fake.enqueue({ kind: 'chat', chunkDelayMs: 30, chunkSize: 2 });
    const closedBefore = fake.closedEarly;
    for await (const part of provider.stream(hello, { signal: new AbortController().signal, requestId: 'r4' })) {
      if (part.type === 'text-delta') break;
    }
    await fake.waitForClosedEarly(closedBefore + 1);
  });

  it('an already aborted signal rejects without the upstream answering', async () => {
    const reason = clientGone();
    const error = await provider.generate(hello, { signal: AbortSignal.abort(reason), requestId: 'r5' }).catch((err: unknown) => err);
    expect(error).toBe(reason);
  });
});
