import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { fuzzTranslator, refusalBy } from '../fuzz.fixtures.js';
import { ANTHROPIC_MESSAGES, chatForTokenCount, chatFromMessages } from './index.js';

const VALID = {
  model: 'claude-x',
  max_tokens: 100,
  system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
  ],
  tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
  tool_choice: { type: 'any', disable_parallel_tool_use: true },
  temperature: 0.2,
  stop_sequences: ['END'],
  metadata: { user_id: 'u-1' },
  stream: true,
};

const refusalOf = (body: unknown) => refusalBy(chatFromMessages, body);

describe('Messages API request -> internal chat request', () => {
  it('translates system, images, tool_use, tool_result, tools and choices', () => {
    expect(chatFromMessages(VALID)).toEqual({
      model: 'claude-x',
      max_tokens: 100,
      stream: true,
      temperature: 0.2,
      stop: ['END'],
      user: 'u-1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: VALID.tools[0]?.input_schema } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
  });

  it('refuses, naming the parameter: missing max_tokens, unknown and unsupported fields, server tools, thinking blocks, a tool_use in a user turn', () => {
    expect(refusalOf({ ...VALID, max_tokens: undefined })).toMatchObject({ status: 400, reason: 'invalid_request', param: 'max_tokens' });
    expect(refusalOf({ ...VALID, top_k: 5 })).toMatchObject({ param: 'top_k', message: "'top_k' is not supported by this gateway." });
    expect(refusalOf({ ...VALID, bogus: 1 })).toMatchObject({ param: 'bogus' });
    expect(refusalOf({ ...VALID, tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toMatchObject({ param: 'tools[0].type' });
    expect(refusalOf({ ...VALID, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }] }] })).toMatchObject({
      param: 'messages[0].content[0]',
    });
    expect(refusalOf({ ...VALID, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 't', name: 'x', input: {} }] }] })).toMatchObject({
      param: 'messages[0].content[0]',
    });
    expect(refusalOf([])).toMatchObject({ status: 400, param: null });
  });

  it('count_tokens takes the conversation without max_tokens and refuses the answer parameters', () => {
    const { max_tokens: _, stream: __, temperature: ___, stop_sequences: ____, metadata: _____, ...conversation } = VALID;
    expect(chatForTokenCount(conversation).messages).toHaveLength(4);
    expect(() => chatForTokenCount({ ...conversation, stream: true })).toThrow(GatewayError);
  });

  it('fuzz: 3,000 mutations of a valid body give a validated translation the chat schema accepts, or a typed 400, never another error', () => {
    const outcome = fuzzTranslator(VALID, chatFromMessages, 17);
    expect(outcome.failures).toEqual([]);
    expect(outcome.refused).toBeGreaterThan(1000);
    expect(outcome.accepted).toBeGreaterThan(500);
  });
});

describe('Messages API -> chat request for count_tokens', () => {
  it('fuzz: 3,000 mutations of a valid body give a validated translation the chat schema accepts, or a typed 400, never another error', () => {
    const { max_tokens, temperature, stop_sequences, metadata, stream, ...countable } = VALID;
    const outcome = fuzzTranslator(countable, chatForTokenCount, 23);
    expect(outcome.failures).toEqual([]);
    expect(outcome.refused).toBeGreaterThan(1000);
    expect(outcome.accepted).toBeGreaterThan(500);
  });
});

describe('internal answer -> Messages API', () => {
  const result: ChatResult = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            { id: 'c2', type: 'function', function: { name: 'g', arguments: 'not json' } },
          ],
        },
      },
    ],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  };

  it('text and tool_use blocks, stop_reason and usage; arguments that are not a JSON object are kept, not dropped', () => {
    expect(ANTHROPIC_MESSAGES.answer(result)).toEqual({
      id: 'chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'c1', name: 'f', input: { a: 1 } },
        { type: 'tool_use', id: 'c2', name: 'g', input: { arguments: 'not json' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 3 },
    });
  });

  it('refusals in Anthropic error shape with our code; 5xx never echo the message', () => {
    expect(ANTHROPIC_MESSAGES.errorBody('rate_limited_requests', 'slow down', null)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down', code: 'rate_limited_requests' },
    });
    expect(ANTHROPIC_MESSAGES.errorBody('internal_error', 'secret stack', null)).toMatchObject({ error: { type: 'api_error', code: 'internal_error' } });
    expect(JSON.stringify(ANTHROPIC_MESSAGES.errorBody('internal_error', 'secret stack', null))).not.toContain('secret stack');
    expect(ANTHROPIC_MESSAGES.errorBody('invalid_request', 'bad', 'max_tokens')).toMatchObject({ error: { param: 'max_tokens' } });
  });
});

/** The events an encoder wrote, as [event name, data]. */
function eventsOf(sse: string): Array<[string, Record<string, unknown>]> {
  return sse
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [event, data] = block.split('\n');
      return [String(event).slice('event: '.length), JSON.parse(String(data).slice('data: '.length))];
    });
}

describe('internal stream parts -> Messages API events', () => {
  it('message_start, a text block, a tool_use block with input_json_delta, message_delta with stop_reason and usage, message_stop', () => {
    const encoder = ANTHROPIC_MESSAGES.encoder({ model: 'm', messages: [] }, 'x');
    const parts: StreamPart[] = [
      { type: 'start', id: 'up-1', model: 'm-1', created: 1 },
      { type: 'text-delta', choice: 0, text: 'Hi ' },
      { type: 'text-delta', choice: 0, text: 'there' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'c1', name: 'f', arguments: '{"a"' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: ':1}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
      { type: 'usage', usage: { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 } },
    ];
    const events = eventsOf(parts.map((p) => encoder.encode(p)).join('') + encoder.end());
    expect(events.map(([name]) => name)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.[1]).toMatchObject({ message: { id: 'up-1', model: 'm-1', role: 'assistant', content: [] } });
    expect(events[6]?.[1]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'c1', name: 'f', input: {} } });
    expect(events[8]?.[1]).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ':1}' } });
    expect(events[10]?.[1]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 4, output_tokens: 6 },
    });
  });

  it('a failure is one Anthropic error event with our code', () => {
    const encoder = ANTHROPIC_MESSAGES.encoder({ model: 'm', messages: [] }, 'x');
    expect(eventsOf(encoder.fail('output_blocked', 'cut'))).toEqual([
      ['error', { type: 'error', error: { type: 'permission_error', message: 'cut', code: 'output_blocked' } }],
    ]);
  });
});
