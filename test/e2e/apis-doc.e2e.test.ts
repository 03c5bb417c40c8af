import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { scanRequest } from '../../src/guardrails/request-targets.js';
import { chatFromMessages } from '../../src/ingress/anthropic-messages/index.js';
import { chatFromResponses } from '../../src/ingress/responses/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Keeps docs/apis.md true: its stage table against the traces of real exchanges on each endpoint, and its
 * scanned-field tables against what the input guardrails read of each translated request.
 */
const DOC = readFileSync(new URL('../../docs/apis.md', import.meta.url), 'utf8');

/** The rows of the first table after `heading`, as cells without their backticks. */
function tableAfter(heading: string): string[][] {
  const start = DOC.indexOf(heading);
  expect(start, `docs/apis.md has no "${heading}"`).toBeGreaterThanOrEqual(0);
  const lines = DOC.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const M = 'zqxmarker';
const schema = { type: 'object', properties: { city: { type: 'string', description: M } } };
const user = (content: unknown) => ({ role: 'user', content });

/** A Messages body carrying the marker in the documented field, keyed by the table's first column. */
const MESSAGES_SAMPLES: Record<string, Record<string, unknown>> = {
  '`system` (string)': { system: M },
  '`system[].text` (text blocks, joined by newlines)': { system: [{ type: 'text', text: M }] },
  '`messages[].content` (string)': { messages: [user(M)] },
  'text block `text`': { messages: [user([{ type: 'text', text: M }])] },
  'image block `source.data` (base64)': {
    messages: [user([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(`x ${M}`).toString('base64') } }])],
  },
  'image block `source.url`': { messages: [user([{ type: 'image', source: { type: 'url', url: `https://example.com/${M}.png` } }])] },
  ...Object.fromEntries(
    (
      [
        ['tool_use block `input`', { id: 'toolu_1', name: 'f', input: { q: M } }],
        ['tool_use block `id`', { id: M, name: 'f', input: {} }],
        ['tool_use block `name`', { id: 'toolu_1', name: M, input: {} }],
      ] as const
    ).map(([field, use]) => [
      field,
      {
        messages: [
          user('hi'),
          { role: 'assistant', content: [{ type: 'tool_use', ...use }] },
          user([{ type: 'tool_result', tool_use_id: 't', content: 'ok' }]),
        ],
      },
    ]),
  ),
  ...Object.fromEntries(
    (
      [
        ['tool_result block `content` (string)', { tool_use_id: 't', content: M }],
        ['tool_result block `content[].text`', { tool_use_id: 't', content: [{ type: 'text', text: M }] }],
        ['tool_result block `tool_use_id`', { tool_use_id: M, content: 'ok' }],
      ] as const
    ).map(([field, result]) => [
      field,
      {
        messages: [
          user('hi'),
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] },
          user([{ type: 'tool_result', ...result }]),
        ],
      },
    ]),
  ),
  '`tools[].name`': { tools: [{ name: M, input_schema: { type: 'object' } }] },
  '`tools[].description`': { tools: [{ name: 'f', description: M, input_schema: { type: 'object' } }] },
  '`tools[].input_schema`': { tools: [{ name: 'f', input_schema: schema }] },
  '`tool_choice.name`': { tools: [{ name: M, input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: M } },
  '`stop_sequences[]`': { stop_sequences: [M] },
  '`metadata.user_id`': { metadata: { user_id: M } },
};

/** A Responses body carrying the marker in the documented field. */
const RESPONSES_SAMPLES: Record<string, Record<string, unknown>> = {
  '`instructions`': { instructions: M },
  '`input` (string)': { input: M },
  'message item `content` (string)': { input: [{ type: 'message', role: 'user', content: M }] },
  '`input_text` part `text`': { input: [user([{ type: 'input_text', text: M }])] },
  '`output_text` part `text` (assistant)': { input: [{ role: 'assistant', content: [{ type: 'output_text', text: M }] }] },
  '`input_image` part `image_url`': { input: [user([{ type: 'input_image', image_url: `https://example.com/${M}.png` }])] },
  'function_call item `arguments`': { input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: JSON.stringify({ q: M }) }] },
  'function_call item `call_id`': { input: [{ type: 'function_call', call_id: M, name: 'f', arguments: '{}' }] },
  'function_call item `name`': { input: [{ type: 'function_call', call_id: 'c', name: M, arguments: '{}' }] },
  'function_call_output item `output` (string)': { input: [{ type: 'function_call_output', call_id: 'c', output: M }] },
  'function_call_output item `output[].text`': { input: [{ type: 'function_call_output', call_id: 'c', output: [{ type: 'input_text', text: M }] }] },
  'function_call_output item `call_id`': { input: [{ type: 'function_call_output', call_id: M, output: 'ok' }] },
  '`tools[].name`': { tools: [{ type: 'function', name: M }] },
  '`tools[].description`': { tools: [{ type: 'function', name: 'f', description: M }] },
  '`tools[].parameters`': { tools: [{ type: 'function', name: 'f', parameters: schema }] },
  '`tool_choice.name`': { tools: [{ type: 'function', name: M }], tool_choice: { type: 'function', name: M } },
  '`text.format` (json_schema)': { text: { format: { type: 'json_schema', name: 'out', description: M, schema: { type: 'object' } } } },
  '`user`': { user: M },
};

/** The paths at which the input guardrails read the marker in a translated request. */
function markedPaths(chat: Parameters<typeof scanRequest>[0]['body']): string[] {
  return scanRequest({ operation: 'chat', body: chat as never })
    .targets.filter((t) => t.text.includes(M))
    .map((t) => t.path);
}

describe('docs/apis.md scanned-field tables', () => {
  for (const [heading, samples, translate] of [
    [
      '### `POST /v1/messages`',
      MESSAGES_SAMPLES,
      (extra: Record<string, unknown>) => chatFromMessages({ model: 'm', max_tokens: 10, messages: [user('hi')], ...extra }),
    ],
    ['### `POST /v1/responses`', RESPONSES_SAMPLES, (extra: Record<string, unknown>) => chatFromResponses({ model: 'm', input: 'hi', ...extra }).chat],
  ] as const) {
    it(`${heading}: every documented field is read by the input guardrails at the documented path, and every row has a sample`, () => {
      const rows = tableAfter(heading);
      expect(rows.map((row) => row[0])).toEqual(Object.keys(samples));
      for (const [field, , scannedAt] of rows) {
        const path = String(scannedAt).replaceAll('`', '');
        expect(markedPaths(translate(samples[field as string] as Record<string, unknown>)), field).toContain(path);
      }
    });
  }
});

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
let gw: TestGateway;
let token: string;

beforeAll(async () => {
  gw = await startTestGateway(
    {
      auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
      providers: { mock: { type: 'mock' } },
      models: { general: { provider: 'mock' } },
      identities: { app: { owner: 'app@example.com', environment: 'production', models: ['*'] } },
      limits: { backend: 'memory', global: { requestsPerMinute: 1000 } },
      guardrails: {
        profiles: { strict: { input: { prompt_injection: { action: 'block' } }, output: { secrets: { action: 'block' } } } },
        defaults: { production: 'strict' },
      },
    },
    { env: { PEPPER } },
  );
  const id = gw.identity as IdentityServices;
  token = (await id.tokens.mintAccessToken(id.registry.get('app') as NonNullable<ReturnType<typeof id.registry.get>>)).access_token;
});
afterAll(async () => {
  await gw.close();
});

/** Sends one request to an endpoint with the official client and returns its request id. */
async function send(endpoint: string): Promise<string> {
  const anthropic = new Anthropic({ baseURL: gw.url, apiKey: token, maxRetries: 0 });
  const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: token, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'hello' }];
  const calls: Record<string, () => Promise<{ response: Response }>> = {
    '`POST /v1/chat/completions`': () => openai.chat.completions.create({ model: 'general', messages }).withResponse(),
    '`POST /v1/messages`': () => anthropic.messages.create({ model: 'general', max_tokens: 20, messages }).withResponse(),
    '`POST /v1/responses`': () => openai.responses.create({ model: 'general', input: 'hello' }).withResponse(),
    '`POST /v1/messages/count_tokens`': () => anthropic.messages.countTokens({ model: 'general', messages }).withResponse(),
  };
  const call = calls[endpoint];
  if (!call) throw new Error(`no request for ${endpoint}`);
  const { response } = await call();
  return response.headers.get('x-gatehouse-request-id') as string;
}

describe('docs/apis.md stage table', () => {
  it('each endpoint runs exactly the stages the table says, as its records trace them', async () => {
    const rows = tableAfter('## Stages per endpoint');
    expect(rows.map((row) => row[0])).toEqual([
      '`POST /v1/chat/completions`',
      '`POST /v1/messages`',
      '`POST /v1/responses`',
      '`POST /v1/messages/count_tokens`',
    ]);
    const header = [
      'validate-request',
      'authenticate',
      'resolve-model',
      'traffic-control',
      'authorize',
      'limits',
      'input-guardrails',
      'terminal',
      'output-guardrails',
    ];
    for (const [endpoint, operation, ...cells] of rows) {
      const record = await gw.recordOf(await send(endpoint as string));
      expect(record?.operation, endpoint).toBe(String(operation).replaceAll('`', ''));
      const ran = new Set(record?.trace.filter((t) => !t.note?.startsWith('skipped')).map((t) => t.stage));
      const documented = header.map((stage, i) => (stage === 'terminal' ? cells[i] : cells[i] === 'yes' ? stage : undefined)).filter(Boolean);
      const traced = [...header.filter((stage) => stage !== 'terminal' && ran.has(stage)), ...[...ran].filter((stage) => !header.includes(stage))];
      expect(traced.sort(), endpoint).toEqual((documented as string[]).sort());
    }
  });
});
