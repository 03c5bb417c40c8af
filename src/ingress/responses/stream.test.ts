import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/stream-parts.js';
import { namedEvent } from '../contract.js';
import { responseObject } from './answer.js';
import { DEFAULT_ECHO } from './index.js';
import type { ResponsesEcho } from './request.js';
import { ResponsesEncoder } from './stream.js';

const ECHO = {} as ResponsesEcho;

/** The SSE events of an encoded stream, each parsed. */
function events(sse: string): { name: string; data: Record<string, unknown> }[] {
  return sse
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n') as [string, string];
      return { name: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) as Record<string, unknown> };
    });
}

function encodeAll(parts: StreamPart[]): string {
  const encoder = new ResponsesEncoder('fallback', 'gpt-4o-mini', ECHO);
  return parts.map((p) => encoder.encode(p)).join('') + encoder.end();
}

describe('ResponsesEncoder text deltas', () => {
  // Texts JSON must escape: quotes, backslashes, control characters, line breaks, lone surrogates, emoji.
  const texts = ['plain ', 'a "quoted" \\ path', 'line\nbreak\t\u0001', '\ud800 lone', 'émoji 🎉', '</script>'];
  const parts: StreamPart[] = [
    { type: 'start', id: 'chatcmpl-1', created: 1_700_000_000, model: 'gpt-4o-mini' },
    ...texts.map((text): StreamPart => ({ type: 'text-delta', choice: 0, text })),
    { type: 'finish', choice: 0, finishReason: 'stop' },
  ];

  it('writes each delta event exactly as the generic event encoding would, byte for byte', () => {
    const deltas = events(encodeAll(parts)).filter((e) => e.name === 'response.output_text.delta');
    expect(deltas.map((e) => e.data.delta)).toEqual(texts);
    for (const { data } of deltas) {
      const generic = namedEvent('response.output_text.delta', {
        type: 'response.output_text.delta',
        sequence_number: data.sequence_number,
        item_id: data.item_id,
        output_index: data.output_index,
        content_index: 0,
        delta: data.delta,
        logprobs: [],
      });
      expect(encodeAll(parts)).toContain(generic);
    }
  });

  it('numbers every event in order and the done event carries the whole text', () => {
    const all = events(encodeAll(parts));
    expect(all.map((e) => e.data.sequence_number)).toEqual(all.map((_, i) => i));
    expect(all.find((e) => e.name === 'response.output_text.done')?.data.text).toBe(texts.join(''));
    expect(all.at(-1)?.name).toBe('response.completed');
  });
});

describe('ResponsesEncoder pre-serialised events', () => {
  const echo: ResponsesEcho = {
    instructions: 'Be "brief".',
    metadata: { team: 'a\\b' },
    tools: [{ type: 'function', name: 'lookup', description: 'Find </script>', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    text: { format: { type: 'text' } },
    max_output_tokens: 300,
    temperature: 0.2,
    top_p: null,
    user: 'u-1',
  } as ResponsesEcho;
  const start: StreamPart = { type: 'start', id: 'chatcmpl-"q"', created: 1_700_000_000, model: 'gpt-4o\u2028mini' };
  const text = (t: string): StreamPart => ({ type: 'text-delta', choice: 0, text: t });
  const call = (index: number, args: string, id?: string, name?: string): StreamPart => ({
    type: 'tool-call-delta',
    choice: 0,
    index,
    id,
    name,
    arguments: args,
  });
  const streams: Record<string, { parts: StreamPart[]; echo: ResponsesEcho }> = {
    'text, with escapes': { parts: [start, text('a "b"\n'), text('\ud800 🎉'), { type: 'finish', choice: 0, finishReason: 'stop' }], echo },
    'text cut by length, no user': {
      parts: [start, text('partial'), { type: 'finish', choice: 0, finishReason: 'length' }],
      echo: { ...echo, user: undefined } as ResponsesEcho,
    },
    'text then two tool calls, the first completed after the second opened': {
      parts: [
        start,
        text('Checking.'),
        call(0, '{"q":', 'call_1', 'lookup'),
        call(1, '{}', 'call_2', 'lookup'),
        call(0, '"x"}'),
        { type: 'finish', choice: 0, finishReason: 'tool_calls' },
      ],
      echo,
    },
    'no parts at all': { parts: [], echo: DEFAULT_ECHO },
  };

  for (const [name, { parts, echo: streamEcho }] of Object.entries(streams)) {
    it(`${name}: writes what the generic encoding of each event's object would`, () => {
      const encoder = new ResponsesEncoder('fallback', 'gpt-4o-mini', streamEcho);
      const usage: StreamPart = { type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } };
      const sse = [...parts, usage].map((p) => encoder.encode(p)).join('') + encoder.end();
      const all = events(sse);
      const lines = sse.split('\n').filter((line) => line.startsWith('data: '));
      for (const [i, { name: eventName, data }] of all.entries()) {
        // Well-formed, in JSON.stringify's own form (no stray spacing or escapes), named after its type.
        expect(JSON.stringify(data)).toBe(lines[i]?.slice('data: '.length));
        expect(data.type).toBe(eventName);
        const response = data.response as Record<string, unknown> | undefined;
        if (response !== undefined) {
          const base = { id: response.id as string, createdAt: response.created_at as number, model: response.model as string, echo: streamEcho };
          const state = {
            status: response.status,
            incomplete_details: response.incomplete_details,
            output: response.output,
            usage: response.usage,
          } as Parameters<typeof responseObject>[1];
          expect(lines[i]).toBe(`data: ${JSON.stringify({ type: data.type, sequence_number: data.sequence_number, response: responseObject(base, state) })}`);
        }
      }
      const completed = all.at(-1)?.data.response as { output: unknown[] };
      const doneItems = all.filter((e) => e.name === 'response.output_item.done').map((e) => e.data.item);
      expect(completed.output).toHaveLength(doneItems.length);
      for (const item of doneItems as { type: string; id: string }[]) {
        if (item.type !== 'message') continue;
        const deltas = all.filter((e) => e.name === 'response.output_text.delta' && e.data.item_id === item.id).map((e) => e.data.delta);
        const expected = {
          type: 'message',
          id: item.id,
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: deltas.join(''), annotations: [], logprobs: [] }],
        };
        expect(JSON.stringify(item)).toBe(JSON.stringify(expected));
      }
    });
  }

  it('a tool call completed after its item closed is whole in response.completed', () => {
    const encoder = new ResponsesEncoder('fallback', 'gpt-4o-mini', echo);
    const sse =
      [start, call(0, '{"q":', 'call_1', 'lookup'), call(1, '{}', 'call_2', 'lookup'), call(0, '"x"}')].map((p) => encoder.encode(p)).join('') + encoder.end();
    const completed = events(sse).at(-1)?.data.response as { output: { call_id: string; arguments: string }[] };
    expect(completed.output.map((o) => [o.call_id, o.arguments])).toEqual([
      ['call_1', '{"q":"x"}'],
      ['call_2', '{}'],
    ]);
  });
});
