import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(MOCK_CONFIG);
});
afterAll(async () => {
  await gw.close();
});

describe('OpenAI SDK -> gateway -> mock provider', () => {
  it('answers a non-streaming completion, with a request id and a record', async () => {
    const { data, response } = await gw.openai.chat.completions
      .create({ model: 'mock-echo', messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello there');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    const id = response.headers.get('x-gatehouse-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const record = await gw.recordOf(id as string);
    expect(record).toMatchObject({
      status: 200,
      reason: 'ok',
      outcome: 'ok',
      modelRequested: 'mock-echo',
      providerId: 'mock',
      streamed: false,
      identityId: 'anonymous',
    });
    expect(record?.totalTokens).toBe(data.usage?.total_tokens);
    expect(record?.trace.map((t) => t.stage)).toEqual(['validate-request', 'resolve-model', 'traffic-control', 'route']);
  });

  it('streams a completion in chunks and ends with usage when asked', async () => {
    const stream = await gw.openai.chat.completions.create({
      model: 'mock-fixed',
      messages: [{ role: 'user', content: 'q' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('The answer is 42.');
    expect(chunks).toBeGreaterThan(4);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('omits the usage chunk when the client did not ask for it, but still records usage', async () => {
    const { data: stream, response } = await gw.openai.chat.completions
      .create({ model: 'mock-fixed', messages: [{ role: 'user', content: 'q' }], stream: true })
      .withResponse();
    let sawUsage = false;
    for await (const chunk of stream) if (chunk.usage) sawUsage = true;
    expect(sawUsage).toBe(false);
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record?.streamed).toBe(true);
    expect(record?.completionTokens).toBeGreaterThan(0);
    expect(record?.ttfbMs).not.toBeNull();
  });

  it('returns tool calls, streamed and not, that the SDK reassembles', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];
    const plain = await gw.openai.chat.completions.create({ model: 'mock-tools', messages: [{ role: 'user', content: 'weather?' }], tools });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(plain.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    const runner = gw.openai.chat.completions.stream({ model: 'mock-tools', messages: [{ role: 'user', content: 'weather?' }], tools });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ city: 'Paris' });
  });

  it('completes a tool round trip: the tool result goes back and the model answers', async () => {
    const res = await gw.openai.chat.completions.create({
      model: 'mock-echo',
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C and sunny' },
      ],
    });
    expect(res.choices[0]?.message.content).toContain('18C and sunny');
  });

  it('serves structured output that matches the requested JSON schema', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 18 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['name', 'age', 'tags'],
      additionalProperties: false,
    };
    const res = await gw.openai.chat.completions.create({
      model: 'mock-echo',
      messages: [{ role: 'user', content: 'a person' }],
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
    });
    const parsed = JSON.parse(res.choices[0]?.message.content ?? '');
    expect(parsed).toEqual({ name: 'example', age: 18, tags: ['example'] });
  });

  it('creates deterministic embeddings, float and base64', async () => {
    const a = await gw.openai.embeddings.create({ model: 'mock-embed', input: ['alpha', 'beta'] });
    const b = await gw.openai.embeddings.create({ model: 'mock-embed', input: 'alpha' });
    expect(a.data).toHaveLength(2);
    expect(a.data[0]?.embedding).toEqual(b.data[0]?.embedding);
    expect(a.data[0]?.embedding).not.toEqual(a.data[1]?.embedding);
    const b64 = await gw.openai.embeddings.create({ model: 'mock-embed', input: 'alpha', encoding_format: 'base64' });
    const bytes = Buffer.from(b64.data[0]?.embedding as unknown as string, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(decoded).toHaveLength(16);
    decoded.forEach((v, i) => {
      expect(v).toBeCloseTo((b.data[0]!.embedding as number[])[i] as number, 5);
    });
  });

  it('lists the configured models', async () => {
    const ids: string[] = [];
    for await (const model of gw.openai.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(Object.keys(MOCK_CONFIG.models).sort());
    const one = await gw.openai.models.retrieve('mock-echo');
    expect(one.owned_by).toBe('mock');
  });
});

describe('errors reach the SDK typed, with our reason code', () => {
  it('404 for an unknown model', async () => {
    const err = await gw.openai.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).param).toBe('model');
  });

  it('400 with the offending param for an invalid request', async () => {
    const err = (await gw.openai.chat.completions
      .create({ model: 'mock-echo', messages: [{ role: 'user', content: 'x' }], temperature: 7 })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('invalid_request');
    expect(err.param).toBe('temperature');
  });

  it('400 for an embeddings request to a chat model', async () => {
    const err = (await gw.openai.embeddings.create({ model: 'mock-echo', input: 'x' }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('model_capability_unsupported');
  });

  it('429 keeps Retry-After, streamed and not', async () => {
    for (const stream of [false, true]) {
      const err = (await gw.openai.chat.completions
        .create({ model: 'mock-429', messages: [{ role: 'user', content: 'x' }], stream })
        .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      expect(err.code).toBe('upstream_rate_limited');
      expect(err.headers?.get('retry-after')).toBe('7');
    }
  });

  it('upstream 5xx becomes 502 without echoing the upstream message', async () => {
    const { response } = await gw.openai.chat.completions
      .create({ model: 'mock-500', messages: [{ role: 'user', content: 'x' }] })
      .withResponse()
      .catch((e: InstanceType<typeof OpenAI.APIError>) => ({ response: e }));
    const err = response as unknown as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(502);
    expect(err.code).toBe('upstream_error');
    expect(JSON.stringify(err.error)).not.toContain('must not leak');
  });

  it('a #mock directive scripts one request', async () => {
    const res = await gw.openai.chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: '#mock {"text":"scripted"}' }] });
    expect(res.choices[0]?.message.content).toBe('scripted');
  });
});
