import { countTokens as o200kDirect } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, test } from 'vitest';
import type { ChatRequest } from '../core/chat-types.js';
import { countChatTokens, countEmbeddingTokens, encodingFor, loadTokenCounter } from './tokens.js';

const o200k = await loadTokenCounter('o200k_base');
const cl100k = await loadTokenCounter('cl100k_base');

describe('token counting', () => {
  test('known o200k and cl100k counts of sample strings', () => {
    expect(o200k.count('Hello, world!')).toBe(4);
    expect(o200k.count('The quick brown fox jumps over the lazy dog.')).toBe(10);
    expect(o200k.count('こんにちは世界')).toBe(2);
    expect(cl100k.count('こんにちは世界')).toBe(4);
    expect(o200k.count('')).toBe(0);
  });

  test('special-token text in a prompt is counted as text, not thrown on', () => {
    expect(o200k.count('<|endoftext|>')).toBe(7);
  });

  test('long text is counted in pieces: the same count for prose, never fewer, and never split inside a character', () => {
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(500);
    expect(o200k.count(prose)).toBe(o200kDirect(prose));
    const emoji = `a${'😀'.repeat(1500)}`;
    const direct = o200kDirect(emoji);
    expect(o200k.count(emoji)).toBeGreaterThanOrEqual(direct);
    expect(o200k.count(emoji)).toBeLessThanOrEqual(direct + 6);
    // One 100,000-character word: quadratic for BPE in one piece, counted in ~100 here.
    expect(o200k.count('x'.repeat(100_000))).toBe(12_500);
  });

  test('chat messages: per-message framing, role, name, content parts, tool calls, tool definitions', () => {
    const simple: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'Hello, world!' },
      ],
    };
    // 3 reply priming + (3 + 1 "system" + 6) + (3 + 1 "user" + 4): what OpenAI bills gpt-4o for this prompt.
    expect(countChatTokens(o200k, simple)).toBe(21);
    const named: ChatRequest = { model: 'm', messages: [{ role: 'user', name: 'Alice', content: [{ type: 'text', text: 'Hello, world!' }] }] };
    expect(countChatTokens(o200k, named)).toBe(3 + 3 + 1 + (1 + 1) + 4);
    const tools: ChatRequest = {
      model: 'm',
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
        },
      ],
    };
    const assistant = 3 + 1 + (3 + 2 + 5);
    const tool = 3 + 1 + o200k.count('Sunny') + 3;
    const definition = 8 + 28;
    expect(countChatTokens(o200k, tools)).toBe(3 + assistant + tool + definition);
  });

  test('images count a fixed estimate by detail', () => {
    const image = (detail: 'low' | 'high'): ChatRequest => ({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png', detail } }] }],
    });
    expect(countChatTokens(o200k, image('low'))).toBe(3 + 3 + 1 + 85);
    expect(countChatTokens(o200k, image('high'))).toBe(3 + 3 + 1 + 765);
  });

  test('embeddings input: strings counted, token arrays by length', () => {
    expect(countEmbeddingTokens(o200k, { model: 'e', input: 'Hello, world!' })).toBe(4);
    expect(countEmbeddingTokens(o200k, { model: 'e', input: ['Hello, world!', 'Hello, world!'] })).toBe(8);
    expect(countEmbeddingTokens(o200k, { model: 'e', input: [1, 2, 3] })).toBe(3);
    expect(
      countEmbeddingTokens(o200k, {
        model: 'e',
        input: [
          [1, 2],
          [3, 4, 5],
        ],
      }),
    ).toBe(5);
  });

  test('the encoding follows the provider type', () => {
    expect(encodingFor('openai')).toBe('o200k_base');
    expect(encodingFor('azure-openai')).toBe('o200k_base');
    expect(encodingFor('anthropic')).toBe('cl100k_base');
  });
});
