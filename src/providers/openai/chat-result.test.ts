import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.fixtures.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { Provider } from '../contract.js';
import { createAzureOpenAIProvider } from '../azure-openai/index.js';
import { parseChatResult } from './chat-result.js';
import { parseEmbeddingsResult } from './embeddings-result.js';

/** Non-streamed answers are rebuilt from known fields: what is not known does not reach the client. */

const base = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi', ...message }, finish_reason: 'stop', logprobs: null }],
  ...extra,
});

describe('parseChatResult', () => {
  it('drops every field it does not know, at every level', () => {
    const body = base(
      { extra: 1, tool_calls: [{ id: 'c', type: 'function', x: 1, function: { name: 'f', arguments: '{}', y: 2 } }] },
      { debug: 'x', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, z: 3, prompt_tokens_details: { cached_tokens: 1, w: 4 } } },
    );
    (body.choices[0] as Record<string, unknown>).content_filter_results = {};
    const result = parseChatResult(body, 'p', 'gpt-4o');
    expect(result).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'hi', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 1 } },
    });
  });

  it('drops a known optional field of the wrong shape rather than passing it on', () => {
    const message = parseChatResult(
      base(
        {
          audio: { id: 'a', data: 'x', transcript: 7 },
          annotations: 'cite',
          reasoning_content: { text: 'x' },
          function_call: { arguments: '{}' },
          refusal: 42,
        },
        { system_fingerprint: 12, service_tier: ['x'] },
      ),
      'p',
      'm',
    );
    expect(message.choices[0]?.message).toEqual({ role: 'assistant', content: 'hi' });
    expect(message.system_fingerprint).toBeUndefined();
    expect(message.service_tier).toBeUndefined();
  });

  it('voids logprobs with a malformed entry; keeps well-formed ones without unknown keys', () => {
    const bad = {
      ...base({}),
      choices: [{ index: 0, message: { content: 'a' }, finish_reason: 'stop', logprobs: { content: [{ token: 'a', logprob: 'high' }] } }],
    };
    expect(parseChatResult(bad, 'p', 'm').choices[0]?.logprobs).toBeNull();
    const good = {
      ...base({}),
      choices: [
        {
          index: 0,
          message: { content: 'a' },
          finish_reason: 'stop',
          logprobs: {
            content: [{ token: 'a', logprob: -1, bytes: [97], top_logprobs: [{ token: 'b', logprob: -2, bytes: [300], x: 1 }], y: 2 }],
            refusal: null,
            z: 3,
          },
        },
      ],
    };
    expect(parseChatResult(good, 'p', 'm').choices[0]?.logprobs).toEqual({
      content: [{ token: 'a', logprob: -1, bytes: [97], top_logprobs: [{ token: 'b', logprob: -2, bytes: null }] }],
      refusal: null,
    });
  });

  it('keeps only url citations, and only their four fields', () => {
    const annotations = [
      { type: 'file_citation', file_citation: { file_id: 'f' } },
      { type: 'url_citation', url_citation: { url: 'https://e.com', title: 'E', start_index: 1, end_index: 2, extra: 'x' }, extra: 'y' },
    ];
    expect(parseChatResult(base({ annotations }), 'p', 'm').choices[0]?.message.annotations).toEqual([
      { type: 'url_citation', url_citation: { url: 'https://e.com', title: 'E', start_index: 1, end_index: 2 } },
    ]);
  });

  it('copies only the passthrough fields listed, at their level', () => {
    const body = base({ context: { a: 1 }, other: 2 }, { prompt_filter_results: [1], debug: 3 });
    (body.choices[0] as Record<string, unknown>).content_filter_results = { hate: {} };
    const result = parseChatResult(body, 'p', 'm', {
      top: ['prompt_filter_results', 'absent'],
      choice: ['content_filter_results'],
      message: ['context'],
    }) as unknown as Record<string, any>;
    expect(result.prompt_filter_results).toEqual([1]);
    expect('absent' in result).toBe(false);
    expect(result.debug).toBeUndefined();
    expect(result.choices[0].content_filter_results).toEqual({ hate: {} });
    expect(result.choices[0].message).toEqual({ role: 'assistant', content: 'hi', context: { a: 1 } });
  });
});

describe('parseEmbeddingsResult', () => {
  it('rebuilds the list and refuses vectors that are not numbers or base64', () => {
    const body = {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [1, 2], x: 1 }],
      model: 'e',
      usage: { prompt_tokens: 2, total_tokens: 2, y: 1 },
      z: 1,
    };
    expect(parseEmbeddingsResult(body, 'p', 'e')).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [1, 2] }],
      model: 'e',
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
    expect(() => parseEmbeddingsResult({ data: [{ embedding: [1, 'two'] }] }, 'p', 'e')).toThrow(expect.objectContaining({ reason: 'upstream_bad_response' }));
    expect(() => parseEmbeddingsResult({ data: [{ embedding: 'not base64!' }] }, 'p', 'e')).toThrow(
      expect.objectContaining({ reason: 'upstream_bad_response' }),
    );
    expect(parseEmbeddingsResult({ data: [{ embedding: 'AAAAPw==' }] }, 'p', 'e').data[0]?.embedding).toBe('AAAAPw==');
  });
});

describe('azure-openai passthroughFields', () => {
  let fake: FakeOpenAI;
  let provider: Provider;
  const hello: ChatRequest = { model: 'dep', messages: [{ role: 'user', content: 'hi' }] };
  const call = () => ({ signal: new AbortController().signal, requestId: 'req-pt' });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    provider = createAzureOpenAIProvider(
      'az',
      {
        type: 'azure-openai',
        endpoint: fake.origin,
        apiVersion: '2024-10-21',
        apiKey: 'env:K',
        timeoutMs: 5000,
        connectTimeoutMs: 2000,
        streamIdleTimeoutMs: 5000,
        passthroughFields: { top: ['prompt_filter_results'], choice: ['content_filter_results'] },
      },
      { resolveSecret: () => 'k' },
    );
  });
  afterAll(async () => {
    await provider.close();
    await fake.close();
  });

  it("keeps Azure's content-filter annotations when the operator lists them", async () => {
    const filters = { hate: { filtered: false, severity: 'safe' } };
    const body = base({}, { prompt_filter_results: [{ prompt_index: 0, content_filter_results: filters }], debug: 'x' });
    (body.choices[0] as Record<string, unknown>).content_filter_results = filters;
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: [JSON.stringify(body)] });
    const result = (await provider.generate(hello, call())) as unknown as Record<string, any>;
    expect(result.prompt_filter_results).toEqual([{ prompt_index: 0, content_filter_results: filters }]);
    expect(result.choices[0].content_filter_results).toEqual(filters);
    expect(result.debug).toBeUndefined();
  });
});
