import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.fixtures.js';
import type { ChatRequest } from '../../core/chat-types.js';
import { coalesceDeltas, type StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../contract.js';
import { createOpenAIProvider } from './index.js';

/** Servers that speak OpenAI's format loosely (Ollama, vLLM, llama.cpp), scripted byte for byte. */

const hello: ChatRequest = { model: 'llama3', messages: [{ role: 'user', content: 'hi' }] };
const call = () => ({ signal: new AbortController().signal, requestId: 'req-compat' });
const sse = (...chunks: unknown[]) => chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`);

let fake: FakeOpenAI;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = createOpenAIProvider(
    'local',
    { type: 'openai', baseUrl: fake.url, timeoutMs: 5000, connectTimeoutMs: 2000, streamIdleTimeoutMs: 5000 },
    { resolveSecret: (ref) => ref },
  );
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});

async function streamRaw(chunks: Array<string | Uint8Array>, chunkDelayMs = 0): Promise<StreamPart[]> {
  fake.enqueue({ kind: 'raw', chunks, chunkDelayMs });
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(hello, call())) parts.push(part);
  return parts;
}

describe('openai provider: loosely compatible upstreams', () => {
  it('fills what a minimal non-streamed answer leaves out', async () => {
    const minimal = {
      choices: [{ message: { content: 'hello', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] }, finish_reason: 'eos' }],
      usage: { prompt_tokens: 3, completion_tokens: 2 },
    };
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: [JSON.stringify(minimal)] });
    const result = await provider.generate(hello, call());
    expect(result).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/), object: 'chat.completion', created: expect.any(Number), model: 'llama3' });
    expect(result.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'hello',
        tool_calls: [{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
      },
      finish_reason: 'stop',
    });
    expect(result.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('keeps only the last of repeated usage chunks, after the finish', async () => {
    const chunk = (content: string, finish: string | null, total: number) => ({
      id: 'x',
      model: 'llama3',
      created: 5,
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
      usage: { prompt_tokens: 1, completion_tokens: total - 1, total_tokens: total },
    });
    const parts = await streamRaw(sse(chunk('a', null, 2), chunk('b', 'stop', 3), '[DONE]'));
    // Whether 'a' and 'b' arrive in one read or two is the kernel's choice: compare them merged.
    expect(coalesceDeltas(parts)).toEqual([
      { type: 'start', id: 'x', model: 'llama3', created: 5 },
      { type: 'text-delta', choice: 0, text: 'ab' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
    ]);
  });

  it('merges the deltas of one read into one part, and keeps reads that arrive apart as their own parts', async () => {
    const text = (content: string) => ({ id: 'x', model: 'm', created: 5, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
    const stop = { id: 'x', model: 'm', created: 5, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
    // One write of five events (one read on loopback), then two writes 20 ms apart.
    const together = sse(text('He'), text('llo'), text(', '), text('wor'), text('ld')).join('');
    const parts = await streamRaw([together, ...sse(text('!'), stop, '[DONE]')], 20);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text)).toEqual(['Hello, world', '!']);
    expect(parts.at(-1)).toEqual({ type: 'finish', choice: 0, finishReason: 'stop' });
  });

  it('announces a tool call once when a server repeats its id and name on every delta', async () => {
    const delta = (args: string) => ({
      choices: [
        { index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: args } }] }, finish_reason: null },
      ],
    });
    const parts = await streamRaw(sse(delta('{"a"'), delta(':1}'), { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }, '[DONE]'), 10);
    const deltas = parts.filter((p) => p.type === 'tool-call-delta');
    // Apart (the usual case with 10 ms between writes) or merged in one read: announced once either way.
    expect(deltas[0]).toMatchObject({ type: 'tool-call-delta', choice: 0, index: 0, id: 'call_1', name: 'f' });
    expect(deltas.slice(1).every((d) => d.id === undefined && d.name === undefined)).toBe(true);
    expect(deltas.map((d) => d.arguments).join('')).toBe('{"a":1}');
  });

  it('reads CRLF framing and a [DONE] without a space', async () => {
    const parts = await streamRaw(['data: {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"length"}]}\r\n\r\n', 'data:[DONE]\r\n\r\n']);
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta', 'finish']);
    expect(parts.at(-1)).toEqual({ type: 'finish', choice: 0, finishReason: 'length' });
  });

  it('reassembles a data line split across TCP writes, including a split UTF-8 character', async () => {
    const line = Buffer.from(sse({ choices: [{ index: 0, delta: { content: 'héllo 🌍' }, finish_reason: 'stop' }] })[0] ?? '');
    const cut = line.indexOf(0xf0) + 2;
    fake.enqueue({ kind: 'raw', chunks: [line.subarray(0, cut), line.subarray(cut), 'data: [DONE]\n\n'], chunkDelayMs: 10 });
    const parts: StreamPart[] = [];
    for await (const part of provider.stream(hello, call())) parts.push(part);
    expect(parts[1]).toEqual({ type: 'text-delta', choice: 0, text: 'héllo 🌍' });
  });

  it('still yields a start for a stream with no chunks', async () => {
    expect((await streamRaw(sse('[DONE]'))).map((p) => p.type)).toEqual(['start']);
  });

  it('treats a chunk that is JSON but not an object as malformed', async () => {
    const error = await streamRaw(sse('[1,2]', '[DONE]')).catch((err: unknown) => err);
    expect(error).toMatchObject({ reason: 'upstream_bad_response' });
  });
});
