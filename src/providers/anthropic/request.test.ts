import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-types.js';
import { ProviderError } from '../errors.js';
import { STRUCTURED_OUTPUT_TOOL, toAnthropicRequest } from './request.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

function translate(request: Partial<ChatRequest>, stream = false) {
  return toAnthropicRequest({ model: 'claude-test', messages: [{ role: 'user', content: 'hi' }], ...request }, 1024, stream);
}

function refusal(request: Partial<ChatRequest>): ProviderError {
  try {
    translate(request);
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected the translation to refuse');
}

describe('toAnthropicRequest', () => {
  it('hoists system and developer messages into one system prompt', () => {
    const { body } = translate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(body.system).toBe('Be brief.\n\nUse metric units.');
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('maps sampling fields, stop, user, and max tokens with the config default last', () => {
    const { body } = translate({ temperature: 0.2, top_p: 0.9, stop: 'END', user: 'u-1', max_tokens: 50, max_completion_tokens: 77 }, true);
    expect(body).toMatchObject({
      model: 'claude-test',
      max_tokens: 77,
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
    expect(translate({ max_tokens: 50 }).body.max_tokens).toBe(50);
    expect(translate({}).body.max_tokens).toBe(1024);
    expect(translate({ stop: ['a', 'b'] }).body.stop_sequences).toEqual(['a', 'b']);
    expect(translate({ seed: 3, frequency_penalty: 1 }).body).not.toHaveProperty('seed');
  });

  it('turns assistant tool calls into tool_use and merges consecutive tool results into one user turn', () => {
    const { body } = translate({
      messages: [
        { role: 'user', content: 'weather in Paris and Oslo?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '9C' }] },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: '9C' },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
  });

  it('merges consecutive same-role turns and drops empty ones', () => {
    const { body } = translate({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: '' },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
  });

  it('translates data: images to base64 sources and http(s) images to url sources', () => {
    const { body } = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'compare' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          ],
        },
      ],
    });
    expect(body.messages[0]?.content).toEqual([
      { type: 'text', text: 'compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { type: 'tool', name: 'get_weather' },
    ],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    const { body } = translate({ tools: [weatherTool], tool_choice: choice });
    expect(body.tools).toEqual([{ name: 'get_weather', description: 'Weather now', input_schema: weatherTool.function.parameters }]);
    expect(body.tool_choice).toEqual(expected);
  });

  it('maps parallel_tool_calls: false to disable_parallel_tool_use, and sends no tool_choice without tools', () => {
    expect(translate({ tools: [weatherTool], parallel_tool_calls: false }).body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(translate({ tools: [weatherTool], tool_choice: 'required', parallel_tool_calls: false }).body.tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(translate({ tool_choice: 'auto' }).body).not.toHaveProperty('tool_choice');
  });

  it('serves json_schema through one forced synthetic tool whose input_schema is the schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
    const { body, structuredTool } = translate({ response_format: { type: 'json_schema', json_schema: { name: 'result', schema } } });
    expect(structuredTool).toBe(STRUCTURED_OUTPUT_TOOL);
    expect(body.tools).toEqual([{ name: STRUCTURED_OUTPUT_TOOL, description: expect.any(String), input_schema: schema }]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: STRUCTURED_OUTPUT_TOOL, disable_parallel_tool_use: true });
  });

  it('lets the model choose between client tools and the structured answer', () => {
    const { body } = translate({ tools: [weatherTool], response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' } } } });
    expect(body.tools?.map((tool) => tool.name)).toEqual(['get_weather', STRUCTURED_OUTPUT_TOOL]);
    expect(body.tool_choice).toEqual({ type: 'any' });
  });

  it('serves json_object with an instruction appended to the system prompt', () => {
    const { body, structuredTool } = translate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      response_format: { type: 'json_object' },
    });
    expect(structuredTool).toBeUndefined();
    expect(body.system).toMatch(/^Be brief\.\n\n.*single JSON object/);
    expect(body).not.toHaveProperty('tools');
  });

  it.each([
    [
      'unparseable tool arguments',
      { messages: [{ role: 'assistant' as const, tool_calls: [{ id: 'c', type: 'function' as const, function: { name: 'f', arguments: '{"city":' } }] }] },
      'messages[0].tool_calls[0].function.arguments is not valid JSON',
    ],
    [
      'non-object tool arguments',
      { messages: [{ role: 'assistant' as const, tool_calls: [{ id: 'c', type: 'function' as const, function: { name: 'f', arguments: '[1]' } }] }] },
      'must be a JSON object',
    ],
    ['a tool message without tool_call_id', { messages: [{ role: 'tool' as const, content: 'x' }] }, 'tool_call_id'],
    ['an audio part', { messages: [{ role: 'user' as const, content: [{ type: 'input_audio', input_audio: {} }] }] }, 'content part "input_audio"'],
    ['a non-base64 data URL', { messages: [{ role: 'user' as const, content: [{ type: 'image_url', image_url: { url: 'data:image/png,abc' } }] }] }, 'base64'],
    ['a function-role message', { messages: [{ role: 'function' as const, content: 'x' }] }, 'role "function"'],
    ['n > 1', { n: 2 }, 'n other than 1'],
  ] satisfies Array<[string, Partial<ChatRequest>, string]>)('refuses %s with a client message', (_name, request, message) => {
    const error = refusal(request);
    expect(error.reason).toBe('upstream_rejected_request');
    expect(error.isRetryable).toBe(false);
    expect(error.clientMessage).toContain(message);
  });
});
