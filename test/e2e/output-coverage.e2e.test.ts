import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREATED, startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 11, finding 2: an upstream that puts a secret in any field of its answer, known or not, must not
 * get it to the client. Non-streamed answers are rebuilt from known fields, every kept text is scanned;
 * streamed answers carry only known delta fields. Each case asserts the status, the reason code, the raw
 * bytes the client got and the record's findings.
 */

const SECRET = 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const SECRET_2 = 'AKIAQ3EGUTQ7YBZ5XK2N';
const AWS_SECRET_HINT = 'AKIA';
const PASS_FIELDS = { top: ['prompt_filter_results'], choice: ['content_filter_results'], message: ['context'] };

type Json = Record<string, any>;

function answer(message: Json = {}, extra: { choice?: Json; top?: Json } = {}): Json {
  return {
    id: 'chatcmpl-up-1',
    object: 'chat.completion',
    created: FAKE_CREATED,
    model: 'gpt-4o-2024-08-06',
    system_fingerprint: 'fp_44709d6fcb',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'All good here.', refusal: null, ...message },
        logprobs: null,
        finish_reason: 'stop',
        ...extra.choice,
      },
    ],
    usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    ...extra.top,
  };
}

/** Logprobs whose sampled tokens spell `text`, four characters a token. */
function logprobsSpelling(text: string, top: string[] = []): Json {
  const tokens = text.match(/.{1,4}/gs) ?? [];
  return {
    content: tokens.map((token, i) => ({
      token,
      logprob: -0.1,
      bytes: null,
      top_logprobs:
        top.length > 0
          ? [
              { token, logprob: -0.1, bytes: null },
              { token: top[i] ?? '', logprob: -3, bytes: null },
            ]
          : [],
    })),
    refusal: null,
  };
}

interface Variant {
  name: string;
  body: Json;
  path: string;
  rewritable: boolean;
}

/** A secret in each text-bearing field the gateway keeps, with the path the record must name. */
const KEPT: Variant[] = [
  { name: 'content', body: answer({ content: `use ${SECRET}` }), path: 'choices[0].message.content', rewritable: true },
  { name: 'refusal', body: answer({ content: null, refusal: `I will not share ${SECRET}` }), path: 'choices[0].message.refusal', rewritable: true },
  { name: 'reasoning_content', body: answer({ reasoning_content: `the token is ${SECRET}` }), path: 'choices[0].message.reasoning_content', rewritable: true },
  { name: 'reasoning', body: answer({ reasoning: `the token is ${SECRET}` }), path: 'choices[0].message.reasoning', rewritable: true },
  {
    name: 'legacy function_call.arguments',
    body: answer(
      { content: null, function_call: { name: 'push', arguments: JSON.stringify({ token: SECRET }) } },
      { choice: { finish_reason: 'function_call' } },
    ),
    path: 'choices[0].message.function_call.arguments',
    rewritable: true,
  },
  {
    name: 'legacy function_call.arguments as an object',
    body: answer({ content: null, function_call: { name: 'push', arguments: { token: SECRET } } }),
    path: 'choices[0].message.function_call.arguments',
    rewritable: true,
  },
  {
    name: 'tool_calls arguments',
    body: answer({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'push', arguments: `{"token":"${SECRET}"}` } }] }),
    path: 'choices[0].message.tool_calls[0].function.arguments',
    rewritable: true,
  },
  {
    name: 'audio.transcript',
    body: answer({ content: null, audio: { id: 'audio_1', data: 'UklGRg==', transcript: `say ${SECRET}`, expires_at: FAKE_CREATED + 3600 } }),
    path: 'choices[0].message.audio.transcript',
    rewritable: true,
  },
  {
    name: 'annotation url',
    body: answer({
      annotations: [{ type: 'url_citation', url_citation: { url: `https://example.com/?token=${SECRET}`, title: 'Example', start_index: 0, end_index: 3 } }],
    }),
    path: 'choices[0].message.annotations[0].url_citation.url',
    rewritable: true,
  },
  {
    name: 'annotation title',
    body: answer({
      annotations: [{ type: 'url_citation', url_citation: { url: 'https://example.com/', title: `key ${SECRET}`, start_index: 0, end_index: 3 } }],
    }),
    path: 'choices[0].message.annotations[0].url_citation.title',
    rewritable: true,
  },
  {
    name: 'logprobs split across tokens',
    body: answer({}, { choice: { logprobs: logprobsSpelling(`x ${SECRET} y`) } }),
    path: 'choices[0].logprobs',
    rewritable: true,
  },
  {
    name: 'logprobs alternatives',
    body: answer({}, { choice: { logprobs: logprobsSpelling('All good here, nothing to see at all, thanks.', `a ${SECRET} z`.match(/.{1,4}/gs) ?? []) } }),
    path: 'choices[0].logprobs',
    rewritable: true,
  },
  {
    name: 'logprobs bytes unlike their tokens',
    body: answer({}, { choice: { logprobs: { content: [{ token: 'ok', logprob: -0.1, bytes: [...Buffer.from(`key ${SECRET}`)], top_logprobs: [] }] } } }),
    path: 'choices[0].logprobs',
    rewritable: true,
  },
  {
    name: 'second choice content',
    body: { ...answer(), choices: [answer().choices[0], { index: 1, message: { role: 'assistant', content: `also ${SECRET_2}` }, finish_reason: 'stop' }] },
    path: 'choices[1].message.content',
    rewritable: true,
  },
  { name: 'top-level id', body: { ...answer(), id: SECRET }, path: 'id', rewritable: false },
  { name: 'model', body: { ...answer(), model: SECRET }, path: 'model', rewritable: false },
  { name: 'system_fingerprint', body: { ...answer(), system_fingerprint: SECRET }, path: 'system_fingerprint', rewritable: false },
  { name: 'service_tier', body: { ...answer(), service_tier: SECRET }, path: 'service_tier', rewritable: false },
  {
    name: 'tool call id',
    body: answer({ content: null, tool_calls: [{ id: SECRET, type: 'function', function: { name: 'push', arguments: '{}' } }] }),
    path: 'choices[0].message.tool_calls[0].id',
    rewritable: false,
  },
  {
    name: 'tool name',
    body: answer({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: SECRET, arguments: '{}' } }] }),
    path: 'choices[0].message.tool_calls[0].function.name',
    rewritable: false,
  },
  {
    name: 'legacy function_call.name',
    body: answer({ content: null, function_call: { name: SECRET, arguments: '{}' } }),
    path: 'choices[0].message.function_call.name',
    rewritable: false,
  },
  {
    name: 'audio.id',
    body: answer({ content: null, audio: { id: SECRET, data: 'UklGRg==', transcript: 'hello', expires_at: FAKE_CREATED } }),
    path: 'choices[0].message.audio.id',
    rewritable: false,
  },
];

/** A secret in fields the gateway does not know (or in unknown sub-fields of known ones): dropped, never delivered. */
const DROPPED: Array<{ name: string; body: Json }> = [
  { name: 'unknown top-level field', body: answer({}, { top: { debug: SECRET } }) },
  { name: 'unknown top-level object', body: answer({}, { top: { metadata: { nested: [SECRET] } } }) },
  { name: 'unknown choice field', body: answer({}, { choice: { content_filter_results: { note: SECRET } } }) },
  { name: 'unknown message field', body: answer({ tool_plan: SECRET }) },
  { name: 'unknown message field named like a passthrough elsewhere', body: answer({ context: { citations: [SECRET] } }) },
  {
    name: 'extra field inside usage',
    body: {
      ...answer(),
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, note: SECRET, prompt_tokens_details: { cached_tokens: 0, note: SECRET } },
    },
  },
  {
    name: 'extra field inside a tool call',
    body: answer({
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', extra: SECRET, function: { name: 'push', arguments: '{}', extra: SECRET } }],
    }),
  },
  { name: 'extra field inside audio', body: answer({ audio: { id: 'audio_1', data: 'UklGRg==', transcript: 'hi', expires_at: FAKE_CREATED, extra: SECRET } }) },
  { name: 'annotation of an unknown type', body: answer({ annotations: [{ type: 'file_citation', file_citation: { quote: SECRET } }] }) },
  {
    name: 'extra field inside an annotation',
    body: answer({
      annotations: [
        { type: 'url_citation', note: SECRET, url_citation: { url: 'https://example.com/', title: 'Example', start_index: 0, end_index: 3, extra: SECRET } },
      ],
    }),
  },
  {
    name: 'extra field inside logprobs',
    body: answer(
      {},
      { choice: { logprobs: { content: [{ token: 'All', logprob: -0.1, bytes: null, top_logprobs: [], note: SECRET }], refusal: null, extra: SECRET } } },
    ),
  },
  { name: 'reasoning that is not text', body: answer({ reasoning: { summary: SECRET } }) },
];

let fake: FakeOpenAI;
let blocking: TestGateway;
let redacting: TestGateway;

async function startWith(output: Json, extra: Json = {}): Promise<TestGateway> {
  return startTestGateway({
    providers: {
      up: { type: 'openai', baseUrl: fake.url, timeoutMs: 5000 },
      'up-pass': { type: 'openai', baseUrl: fake.url, timeoutMs: 5000, passthroughFields: PASS_FIELDS },
    },
    models: { 'gpt-plain': { provider: 'up' }, 'gpt-pass': { provider: 'up-pass' } },
    guardrails: { profiles: { out: { output, redaction: { mode: 'mask' }, ...extra } }, defaults: { anonymous: 'out' } },
  });
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  blocking = await startWith({ secrets: { action: 'block' } });
  redacting = await startWith({ secrets: { action: 'redact' } });
});
afterAll(async () => {
  await blocking?.close();
  await redacting?.close();
  await fake.close();
});

interface Raw {
  status: number;
  text: string;
  json: any;
  requestId: string;
}

/** Raw HTTP, so the test sees every byte the client would, dropped fields included. */
async function post(gw: TestGateway, upstream: Json | string[], model = 'gpt-plain', extra: Json = {}): Promise<Raw> {
  if (Array.isArray(upstream)) fake.setBehaviour({ kind: 'raw', chunks: upstream });
  else fake.setBehaviour({ kind: 'raw', contentType: 'application/json', chunks: [JSON.stringify(upstream)] });
  const before = fake.requests.length;
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }),
  });
  const text = await res.text();
  expect(fake.requests.length).toBe(before + 1);
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, requestId: res.headers.get('x-gatehouse-request-id') as string };
}

function outputFindings(record: Awaited<ReturnType<TestGateway['recordOf']>>): Array<{ path: string; action: string; detector: string }> {
  return (record?.findings ?? []).filter((f) => f.direction === 'output');
}

describe('non-streamed answers: every kept text is scanned (blocking profile)', () => {
  it.each(KEPT)('a secret in $name is refused with output_blocked, and the record names the path', async ({ body, path }) => {
    const res = await post(blocking, body);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('output_blocked');
    expect(res.json.error.param).toBe(path);
    expect(res.text).not.toContain(SECRET);
    const record = await blocking.recordOf(res.requestId);
    expect(record).toMatchObject({ status: 403, reason: 'output_blocked' });
    expect(outputFindings(record)).toContainEqual(expect.objectContaining({ detector: 'secrets', path, action: 'block' }));
  });
});

describe('non-streamed answers: the secret never reaches the client (redacting profile)', () => {
  it.each(KEPT.filter((v) => v.rewritable))('a secret in $name is redacted in place', async ({ body, path }) => {
    const res = await post(redacting, body);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain(AWS_SECRET_HINT);
    const record = await redacting.recordOf(res.requestId);
    expect(record).toMatchObject({ status: 200, reason: 'ok' });
    expect(outputFindings(record)).toContainEqual(expect.objectContaining({ detector: 'secrets', path, action: 'redact' }));
  });

  it.each(KEPT.filter((v) => !v.rewritable))('a secret in the identifier $name cannot be rewritten, so it is refused', async ({ body, path }) => {
    const res = await post(redacting, body);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('output_blocked');
    expect(res.text).not.toContain(SECRET);
    const record = await redacting.recordOf(res.requestId);
    expect(record).toMatchObject({ status: 403, reason: 'output_blocked' });
    expect(outputFindings(record)).toContainEqual(expect.objectContaining({ path, action: 'block' }));
  });

  it('redacting the content drops the logprobs that spell it, so the value cannot come back through them', async () => {
    const content = `push with ${SECRET} now`;
    const res = await post(redacting, answer({ content }, { choice: { logprobs: logprobsSpelling(content) } }));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('a1B2');
    expect(res.json.choices[0].message.content).toBe('push with [GITHUB_TOKEN] now');
    expect(res.json.choices[0].logprobs).toBeNull();
  });

  it("a redaction in one choice drops that choice's logprobs only", async () => {
    const clean = 'Nothing secret in this one.';
    const leaky = `token ${SECRET}`;
    const body = {
      ...answer(),
      choices: [
        { index: 0, message: { role: 'assistant', content: clean }, logprobs: logprobsSpelling(clean), finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: leaky }, logprobs: logprobsSpelling(leaky), finish_reason: 'stop' },
      ],
    };
    const res = await post(redacting, body);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.json.choices[0].logprobs.content.map((t: Json) => t.token).join('')).toBe(clean);
    expect(res.json.choices[1].logprobs).toBeNull();
  });
});

describe('non-streamed answers: fields the gateway does not know are dropped', () => {
  it.each(DROPPED)('$name: 200 without the field, nothing to find', async ({ body }) => {
    for (const gw of [blocking, redacting]) {
      const res = await post(gw, body);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(SECRET);
      expect(res.json.choices[0].message.role).toBe('assistant');
      const record = await gw.recordOf(res.requestId);
      expect(record).toMatchObject({ status: 200, reason: 'ok' });
      expect(outputFindings(record)).toEqual([]);
    }
  });

  it('keeps every known field, as the official SDK reads it', async () => {
    const full = answer(
      {
        content: 'Paris.',
        reasoning_content: 'The capital of France.',
        annotations: [{ type: 'url_citation', url_citation: { url: 'https://example.com/paris', title: 'Paris', start_index: 0, end_index: 5 } }],
        audio: { id: 'audio_1', data: 'UklGRg==', transcript: 'Paris.', expires_at: FAKE_CREATED + 60 },
      },
      {
        choice: { logprobs: logprobsSpelling('Paris.') },
        top: {
          service_tier: 'default',
          usage: {
            prompt_tokens: 5,
            completion_tokens: 2,
            total_tokens: 7,
            prompt_tokens_details: { cached_tokens: 3 },
            completion_tokens_details: { reasoning_tokens: 1 },
          },
        },
      },
    );
    fake.setBehaviour({ kind: 'raw', contentType: 'application/json', chunks: [JSON.stringify(full)] });
    const result = await blocking.openai.chat.completions.create({
      model: 'gpt-plain',
      messages: [{ role: 'user', content: 'capital of France?' }],
      logprobs: true,
    });
    expect(result).toMatchObject({ id: 'chatcmpl-up-1', model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_44709d6fcb', service_tier: 'default' });
    expect(result.usage).toEqual({
      prompt_tokens: 5,
      completion_tokens: 2,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 1 },
    });
    const choice = result.choices[0] as OpenAI.Chat.Completions.ChatCompletion.Choice;
    expect(choice.message).toEqual({
      role: 'assistant',
      content: 'Paris.',
      refusal: null,
      reasoning_content: 'The capital of France.',
      annotations: full.choices[0].message.annotations,
      audio: full.choices[0].message.audio,
    });
    expect(choice.logprobs?.content?.map((t) => t.token).join('')).toBe('Paris.');
  });
});

describe('non-streamed answers: fields an operator passes through arrive, and are scanned', () => {
  const filters = { prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }] };

  it('the listed fields arrive; unlisted ones are still dropped', async () => {
    const body = answer(
      { context: { intent: 'capital' }, tool_plan: SECRET },
      { top: { ...filters, debug: SECRET }, choice: { content_filter_results: { hate: { filtered: false, severity: 'safe' } } } },
    );
    const res = await post(blocking, body, 'gpt-pass');
    expect(res.status).toBe(200);
    expect(res.json.prompt_filter_results).toEqual(filters.prompt_filter_results);
    expect(res.json.choices[0].content_filter_results).toEqual({ hate: { filtered: false, severity: 'safe' } });
    expect(res.json.choices[0].message.context).toEqual({ intent: 'capital' });
    expect(res.text).not.toContain(SECRET);
    expect(outputFindings(await blocking.recordOf(res.requestId))).toEqual([]);
  });

  it('the same fields from a provider that does not list them are dropped', async () => {
    const res = await post(blocking, answer({ context: { intent: 'capital' } }, { top: filters }), 'gpt-plain');
    expect(res.status).toBe(200);
    expect(res.json.prompt_filter_results).toBeUndefined();
    expect(res.json.choices[0].message.context).toBeUndefined();
  });

  const leaks: Array<{ name: string; body: Json; path: string }> = [
    {
      name: 'a top-level string leaf',
      body: answer({}, { top: { prompt_filter_results: [{ prompt_index: 0, note: SECRET }] } }),
      path: 'prompt_filter_results[0].note',
    },
    {
      name: 'a choice-level leaf',
      body: answer({}, { choice: { content_filter_results: { custom: { detail: `x ${SECRET}` } } } }),
      path: 'choices[0].content_filter_results.custom.detail',
    },
    { name: 'a message-level leaf in an array', body: answer({ context: { citations: ['fine', SECRET] } }), path: 'choices[0].message.context.citations[1]' },
    { name: 'an object key', body: answer({ context: { [SECRET]: true } }), path: 'choices[0].message.context{keys}' },
  ];

  it.each(leaks)('a secret in $name is refused (blocking profile)', async ({ body, path }) => {
    const res = await post(blocking, body, 'gpt-pass');
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('output_blocked');
    expect(res.text).not.toContain(SECRET);
    const record = await blocking.recordOf(res.requestId);
    expect(record).toMatchObject({ reason: 'output_blocked' });
    expect(outputFindings(record)).toContainEqual(expect.objectContaining({ path, action: 'block' }));
  });

  it.each(leaks)('a secret in $name never reaches the client (redacting profile)', async ({ body, path }) => {
    const res = await post(redacting, body, 'gpt-pass');
    expect(res.text).not.toContain(SECRET);
    // A key cannot be rewritten: it is refused instead.
    if (path.endsWith('{keys}')) expect(res.json.error.code).toBe('output_blocked');
    else expect(res.status).toBe(200);
    expect(outputFindings(await redacting.recordOf(res.requestId))).toContainEqual(expect.objectContaining({ path }));
  });
});

describe('embeddings answers are rebuilt too', () => {
  it('drops unknown fields and refuses a secret in the model name', async () => {
    const embed = (model: string, extra: Json = {}) => ({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2], note: SECRET }],
      model,
      usage: { prompt_tokens: 1, total_tokens: 1, note: SECRET },
      ...extra,
    });
    const gw = await startTestGateway({
      providers: { up: { type: 'openai', baseUrl: fake.url, timeoutMs: 5000 } },
      models: { emb: { provider: 'up', kind: 'embedding' } },
      guardrails: { profiles: { out: { output: { secrets: { action: 'block' } } } }, defaults: { anonymous: 'out' } },
    });
    try {
      const call = async (upstream: Json) => {
        fake.setBehaviour({ kind: 'raw', contentType: 'application/json', chunks: [JSON.stringify(upstream)] });
        const res = await fetch(`${gw.url}/v1/embeddings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'emb', input: 'hello' }),
        });
        return { status: res.status, text: await res.text(), requestId: res.headers.get('x-gatehouse-request-id') as string };
      };
      const ok = await call(embed('text-embedding-3-small', { debug: SECRET }));
      expect(ok.status).toBe(200);
      expect(ok.text).not.toContain(SECRET);
      expect(JSON.parse(ok.text)).toEqual({
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
      const leak = await call(embed(SECRET));
      expect(leak.status).toBe(403);
      expect(leak.text).not.toContain(SECRET);
      expect(outputFindings(await gw.recordOf(leak.requestId))).toContainEqual(expect.objectContaining({ path: 'model', action: 'block' }));
      const textAsVector = await call({ ...embed('m'), data: [{ object: 'embedding', index: 0, embedding: `not base64: ${SECRET}` }] });
      expect(textAsVector.status).toBe(502);
      expect(textAsVector.text).not.toContain(SECRET);
    } finally {
      await gw.close();
    }
  });
});

/** An OpenAI stream whose chunks carry the given extra delta, choice and chunk fields. */
function sseWith(options: { delta?: Json; choice?: Json; chunk?: Json; id?: string; model?: string; toolCall?: Json; usage?: Json }): string[] {
  const base = {
    id: options.id ?? 'chatcmpl-s1',
    object: 'chat.completion.chunk',
    created: FAKE_CREATED,
    model: options.model ?? 'gpt-4o',
    system_fingerprint: 'fp_1',
  };
  const frame = (delta: Json, finish: string | null = null, extra: Json = {}) =>
    `data: ${JSON.stringify({ ...base, ...options.chunk, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish, ...options.choice }], ...extra })}\n\n`;
  const frames = [frame({ role: 'assistant', content: '' }), frame({ content: 'All ', ...options.delta }), frame({ content: 'good.' })];
  if (options.toolCall) frames.push(frame({ tool_calls: [options.toolCall] }));
  frames.push(frame({}, options.toolCall ? 'tool_calls' : 'stop'));
  if (options.usage) frames.push(`data: ${JSON.stringify({ ...base, choices: [], usage: options.usage })}\n\n`);
  frames.push('data: [DONE]\n\n');
  return frames;
}

describe('streamed answers carry only known delta fields', () => {
  const dropped: Array<{ name: string; frames: string[] }> = [
    { name: 'reasoning_content delta', frames: sseWith({ delta: { reasoning_content: SECRET } }) },
    { name: 'reasoning delta', frames: sseWith({ delta: { reasoning: SECRET } }) },
    { name: 'legacy function_call delta', frames: sseWith({ delta: { function_call: { name: 'push', arguments: SECRET } } }) },
    { name: 'audio delta', frames: sseWith({ delta: { audio: { id: 'a', transcript: SECRET, data: 'UklGRg==' } } }) },
    {
      name: 'annotations delta',
      frames: sseWith({ delta: { annotations: [{ type: 'url_citation', url_citation: { url: `https://x.test/${SECRET}`, title: SECRET } }] } }),
    },
    { name: 'unknown delta field', frames: sseWith({ delta: { debug: SECRET } }) },
    { name: 'unknown choice field', frames: sseWith({ choice: { content_filter_results: { note: SECRET } } }) },
    { name: 'logprobs on a chunk', frames: sseWith({ choice: { logprobs: { content: [{ token: SECRET, logprob: -1, bytes: null, top_logprobs: [] }] } } }) },
    { name: 'unknown chunk field', frames: sseWith({ chunk: { debug: SECRET } }) },
    {
      name: 'extra field in usage',
      frames: sseWith({
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, note: SECRET, completion_tokens_details: { reasoning_tokens: 0, note: SECRET } },
      }),
    },
    {
      name: 'extra field in a tool call delta',
      frames: sseWith({ toolCall: { index: 0, id: 'call_1', type: 'function', note: SECRET, function: { name: 'push', arguments: '{}', note: SECRET } } }),
    },
  ];

  it.each(dropped)('$name: the stream completes without it', async ({ frames }) => {
    for (const gw of [blocking, redacting]) {
      const res = await post(gw, frames, 'gpt-plain', { stream: true, stream_options: { include_usage: true } });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toContain('"error"');
      expect(res.text.endsWith('data: [DONE]\n\n')).toBe(true);
      const record = await gw.recordOf(res.requestId);
      expect(record).toMatchObject({ status: 200, reason: 'ok', outcome: 'ok' });
      expect(outputFindings(record)).toEqual([]);
    }
  });

  it('the official SDK reads the stream of such an upstream as plain text', async () => {
    fake.setBehaviour({ kind: 'raw', chunks: sseWith({ delta: { reasoning_content: SECRET }, chunk: { debug: SECRET } }) });
    const stream = await blocking.openai.chat.completions.create({ model: 'gpt-plain', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let seen = '';
    for await (const chunk of stream) seen += JSON.stringify(chunk);
    expect(seen).toContain('good.');
    expect(seen).not.toContain(SECRET);
  });

  it.each([
    { name: 'the stream id', frames: sseWith({ id: SECRET }), path: 'id' },
    { name: 'the stream model', frames: sseWith({ model: SECRET }), path: 'model' },
  ])('a secret in $name is refused before the first byte, under either profile', async ({ frames, path }) => {
    for (const gw of [blocking, redacting]) {
      const res = await post(gw, frames, 'gpt-plain', { stream: true });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('output_blocked');
      expect(res.text).not.toContain(SECRET);
      const record = await gw.recordOf(res.requestId);
      expect(record).toMatchObject({ status: 403, reason: 'output_blocked' });
      expect(outputFindings(record)).toContainEqual(expect.objectContaining({ path, action: 'block' }));
    }
  });

  it.each([
    {
      name: 'a tool call id',
      toolCall: { index: 0, id: SECRET, type: 'function', function: { name: 'push', arguments: '{}' } },
      path: 'choices[0].delta.tool_calls[0].id',
    },
    {
      name: 'a tool name',
      toolCall: { index: 0, id: 'call_1', type: 'function', function: { name: SECRET, arguments: '{}' } },
      path: 'choices[0].delta.tool_calls[0].function.name',
    },
  ])('a secret in $name ends the stream in-band, under either profile', async ({ toolCall, path }) => {
    for (const gw of [blocking, redacting]) {
      const res = await post(gw, sseWith({ toolCall }), 'gpt-plain', { stream: true });
      expect(res.status).toBe(200);
      expect(res.text).toContain('"code":"output_blocked"');
      expect(res.text).not.toContain(SECRET);
      const record = await gw.recordOf(res.requestId);
      expect(record).toMatchObject({ reason: 'output_blocked', outcome: 'interrupted' });
      expect(outputFindings(record)).toContainEqual(expect.objectContaining({ path, action: 'block' }));
    }
  });
});

describe("an upstream's error message is output too", () => {
  async function rejected(gw: TestGateway, message: string, stream: boolean): Promise<Raw> {
    fake.setBehaviour({ kind: 'error', status: 400, message });
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-plain', stream, messages: [{ role: 'user', content: 'hello' }] }),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text), requestId: res.headers.get('x-gatehouse-request-id') as string };
  }

  it.each([false, true])(
    'a secret in a 4xx message never reaches the client; the catalogue summary does, and the record says why (streamed: %s)',
    async (stream) => {
      for (const gw of [blocking, redacting]) {
        for (const message of [`invalid key ${SECRET}`, `bad request: ${SECRET_2} is not allowed`]) {
          const res = await rejected(gw, message, stream);
          expect(res.status).toBe(400);
          expect(res.json.error.code).toBe('upstream_rejected_request');
          expect(res.json.error.message).toBe('The provider rejected the request as invalid (4xx other than 401/403/429).');
          expect(res.text).not.toContain(SECRET);
          expect(res.text).not.toContain(AWS_SECRET_HINT);
          const record = await gw.recordOf(res.requestId);
          expect(record).toMatchObject({ status: 400, reason: 'upstream_rejected_request' });
          expect(outputFindings(record)).toContainEqual(expect.objectContaining({ detector: 'secrets', path: 'error.message' }));
          expect(record?.trace.some((t) => t.stage === 'output-guardrails' && t.note === 'upstream error message withheld')).toBe(true);
        }
      }
    },
  );

  it.each([false, true])('a clean 4xx message is passed on as the provider wrote it (streamed: %s)', async (stream) => {
    const res = await rejected(blocking, 'max_tokens is too large: 99999999. This model supports at most 4096 completion tokens.', stream);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'upstream_rejected_request',
      message: 'max_tokens is too large: 99999999. This model supports at most 4096 completion tokens.',
    });
  });
});
