import { describe, expect, it } from 'vitest';
import { coalesceDeltas, type StreamPart } from './stream-parts.js';

describe('coalesceDeltas', () => {
  it('joins text of one choice, refusal of one choice, and argument deltas of one tool call after its first', () => {
    const parts: StreamPart[] = [
      { type: 'start', id: 'a', model: 'm', created: 1 },
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'text-delta', choice: 1, text: 'other' },
      { type: 'text-delta', choice: 1, text: ' choice' },
      { type: 'refusal-delta', choice: 0, text: 'No' },
      { type: 'refusal-delta', choice: 0, text: '.' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'c1', name: 'f', arguments: '{"a"' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: ':1}' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'c2', name: 'g', arguments: '' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: '{}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ];
    expect(coalesceDeltas(parts)).toEqual([
      { type: 'start', id: 'a', model: 'm', created: 1 },
      { type: 'text-delta', choice: 0, text: 'Hello' },
      { type: 'text-delta', choice: 1, text: 'other choice' },
      { type: 'refusal-delta', choice: 0, text: 'No.' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'c1', name: 'f', arguments: '{"a":1}' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'c2', name: 'g', arguments: '{}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
  });

  it('never joins across choices, kinds, tool calls, a second announcement, or another part in between', () => {
    const parts: StreamPart[] = [
      { type: 'text-delta', choice: 0, text: 'a' },
      { type: 'text-delta', choice: 1, text: 'b' },
      { type: 'text-delta', choice: 0, text: 'c' },
      { type: 'refusal-delta', choice: 0, text: 'd' },
      { type: 'text-delta', choice: 0, text: 'e' },
      { type: 'finish', choice: 1, finishReason: 'stop' },
      { type: 'text-delta', choice: 0, text: 'f' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'c1', name: 'f', arguments: 'x' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'c1', name: 'f', arguments: 'y' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: 'z' },
      { type: 'tool-call-delta', choice: 1, index: 1, arguments: 'w' },
    ];
    const copy = parts.map((p) => ({ ...p }));
    expect(coalesceDeltas(parts)).toEqual(copy);
  });

  it('leaves empty and single-part reads alone', () => {
    expect(coalesceDeltas([])).toEqual([]);
    const one: StreamPart[] = [{ type: 'text-delta', choice: 0, text: 'x' }];
    expect(coalesceDeltas(one)).toBe(one);
  });
});
