import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { fuzzTranslator, refusalBy } from '../fuzz.fixtures.js';
import { chatFromResponses, responsesApi } from './index.js';

const VALID = {
  model: 'gpt-x',
  instructions: 'Be brief.',
  input: [
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'Weather?' },
        { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' },
      ],
    },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
    { type: 'function_call_output', call_id: 'call_2', output: 'Rain' },
  ],
  tools: [
    { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
  ],
  tool_choice: { type: 'function', name: 'get_weather' },
  parallel_tool_calls: false,
  text: { format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true } },
  max_output_tokens: 200,
  temperature: 0.5,
  store: false,
  metadata: { k: 'v' },
  user: 'u-1',
  stream: true,
};

const refusalOf = (body: unknown) => refusalBy(chatFromResponses, body);

describe('Responses API request -> internal chat request', () => {
  it('translates instructions, items (consecutive function calls into one turn), tools, tool_choice and text.format', () => {
    expect(chatFromResponses(VALID).chat).toEqual({
      model: 'gpt-x',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather?' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          ],
        },
        { role: 'assistant', content: 'Checking.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: 'Rain' },
      ],
      max_completion_tokens: 200,
      stream: true,
      temperature: 0.5,
      user: 'u-1',
      parallel_tool_calls: false,
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: VALID.tools[0]?.parameters, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' }, strict: true } },
    });
    expect(chatFromResponses({ model: 'm', input: 'hi' }).chat.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('refuses, naming the parameter: stored responses, built-in tools, unsupported items and parameters, store true', () => {
    expect(refusalOf({ ...VALID, previous_response_id: 'resp_1' })).toMatchObject({
      status: 400,
      reason: 'response_not_stored',
      param: 'previous_response_id',
    });
    expect(refusalOf({ ...VALID, tools: [{ type: 'web_search' }] })).toMatchObject({ reason: 'invalid_request', param: 'tools[0].type' });
    expect(refusalOf({ ...VALID, input: [{ type: 'reasoning', id: 'r', summary: [] }] })).toMatchObject({ param: 'input[0]' });
    expect(refusalOf({ ...VALID, input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] })).toMatchObject({
      param: 'input[0].content[0].type',
    });
    expect(refusalOf({ ...VALID, background: true })).toMatchObject({ param: 'background', message: "'background' is not supported by this gateway." });
    expect(refusalOf({ ...VALID, reasoning: { effort: 'low' } })).toMatchObject({ param: 'reasoning' });
    expect(refusalOf({ ...VALID, store: true })).toMatchObject({ param: 'store' });
    expect(refusalOf('hello')).toMatchObject({ status: 400, param: null });
    expect(refusalOf({ ...VALID, include: ['reasoning.encrypted_content'] })).toMatchObject({ param: 'include' });
    // Sent empty, as the Agents SDK does, they ask for nothing and pass.
    expect(chatFromResponses({ ...VALID, include: [], reasoning: null, previous_response_id: null, prompt_cache_key: null }).chat.model).toBe('gpt-x');
    expect(refusalOf({ model: 'm', input: [{ role: 'assistant', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }] })).toMatchObject(
      {
        param: 'input[0].content[0]',
      },
    );
  });

  it('fuzz: 3,000 mutations of a valid body give a validated translation the chat schema accepts, or a typed 400, never another error', () => {
    const outcome = fuzzTranslator(VALID, (body) => chatFromResponses(body).chat, 42);
    expect(outcome.failures).toEqual([]);
    expect(outcome.refused).toBeGreaterThan(1000);
    expect(outcome.accepted).toBeGreaterThan(500);
  });
});

const ECHO = chatFromResponses({ model: 'm', input: 'x', instructions: 'Be brief.' }).echo;

describe('internal answer -> Responses API', () => {
  it('a message item, function_call items, usage, status and the echoed request', () => {
    const result: ChatResult = {
      id: 'c-1',
      object: 'chat.completion',
      created: 7,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'length',
          message: { role: 'assistant', content: 'Partial', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    };
    expect(responsesApi(ECHO).answer(result)).toMatchObject({
      id: 'resp_c-1',
      object: 'response',
      created_at: 7,
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      instructions: 'Be brief.',
      store: false,
      output: [
        { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Partial', annotations: [] }] },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}', status: 'completed' },
      ],
      usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
    });
  });
});

function eventsOf(sse: string): Array<Record<string, unknown>> {
  return sse
    .split('\n\n')
    .filter(Boolean)
    .map((block) => JSON.parse(String(block.split('\n')[1]).slice('data: '.length)));
}

describe('internal stream parts -> Responses API events', () => {
  it('lifecycle, a message item, a function_call item, response.completed with the whole response; sequence numbers count up', () => {
    const encoder = responsesApi(ECHO).encoder({ model: 'm', messages: [] }, 'x');
    const parts: StreamPart[] = [
      { type: 'start', id: 'up-1', model: 'm-1', created: 3 },
      { type: 'text-delta', choice: 0, text: 'Hi ' },
      { type: 'text-delta', choice: 0, text: 'there' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_1', name: 'f', arguments: '{"a"' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: ':1}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
      { type: 'usage', usage: { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 } },
    ];
    const events = eventsOf(parts.map((p) => encoder.encode(p)).join('') + encoder.end());
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ response: { id: 'resp_up-1', status: 'in_progress', output: [] } });
    expect(events[6]).toMatchObject({ output_index: 0, text: 'Hi there' });
    expect(events[12]).toMatchObject({ output_index: 1, arguments: '{"a":1}' });
    expect(events[14]).toMatchObject({
      response: {
        status: 'completed',
        output: [
          { type: 'message', content: [{ text: 'Hi there' }] },
          { type: 'function_call', call_id: 'call_1', arguments: '{"a":1}' },
        ],
        usage: { input_tokens: 4, output_tokens: 6 },
      },
    });
  });

  it('a failure is one error event with our code and the OpenAI error object', () => {
    const encoder = responsesApi(ECHO).encoder({ model: 'm', messages: [] }, 'x');
    expect(eventsOf(encoder.fail('output_blocked', 'cut'))).toEqual([
      {
        type: 'error',
        sequence_number: 0,
        code: 'output_blocked',
        message: 'cut',
        param: null,
        error: { message: 'cut', type: 'permission_error', param: null, code: 'output_blocked' },
      },
    ]);
  });
});
