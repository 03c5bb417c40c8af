import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/stream-parts.js';
import { namedEvent } from '../contract.js';
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
