import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { defaultStride, frameOf, padBatch, softmaxRows, textChunks, windowsOf } from './windows.js';

const BERT = { prefix: [101], suffix: [102] };

describe('frameOf', () => {
  it('finds the special tokens around the plain ids', () => {
    expect(frameOf([101, 7, 8, 102], [7, 8])).toEqual({ prefix: [101], suffix: [102] });
    expect(frameOf([0, 7, 8, 2, 2], [7, 8])).toEqual({ prefix: [0], suffix: [2, 2] });
    expect(frameOf([7, 8], [7, 8])).toEqual({ prefix: [], suffix: [] });
  });
  it('is undefined when the plain ids are not inside the framed ones', () => {
    expect(frameOf([101, 9, 102], [7, 8])).toBeUndefined();
    expect(frameOf([101, 102], [])).toBeUndefined();
  });
});

describe('windowsOf', () => {
  const ids = Array.from({ length: 10 }, (_, i) => i + 1);
  it('a text that fits is one framed window', () => {
    expect(windowsOf([1, 2, 3], BERT, 8, 4)).toEqual([[101, 1, 2, 3, 102]]);
    expect(windowsOf([], BERT, 8, 4)).toEqual([[101, 102]]);
  });
  it('a long text is cut every `stride` tokens, each window framed and at most maxLength long', () => {
    const windows = windowsOf(ids, BERT, 6, 3);
    expect(windows).toEqual([
      [101, 1, 2, 3, 4, 102],
      [101, 4, 5, 6, 7, 102],
      [101, 7, 8, 9, 10, 102],
    ]);
  });
  it('the last window ends at the end of the text, so no token is unseen', () => {
    const windows = windowsOf(ids, BERT, 6, 4);
    expect(windows.at(-1)).toEqual([101, 7, 8, 9, 10, 102]);
    const seen = new Set(windows.flatMap((w) => w.slice(1, -1)));
    expect([...seen].sort((a, b) => a - b)).toEqual(ids);
  });
  it('a stride wider than a window is narrowed to the window, leaving no gap', () => {
    const seen = new Set(windowsOf(ids, BERT, 5, 100).flatMap((w) => w.slice(1, -1)));
    expect(seen.size).toBe(10);
  });
  it('refuses a maxLength with no room inside the frame', () => {
    expect(() => windowsOf(ids, BERT, 2, 1)).toThrow(RangeError);
  });
  it('the default stride overlaps windows by a quarter', () => {
    expect(defaultStride(512, BERT)).toBe(382);
    expect(defaultStride(3, BERT)).toBe(1);
  });
});

describe('padBatch', () => {
  it('pads to the longest window with the pad id and masks the padding', () => {
    const batch = padBatch(
      [
        [101, 5, 102],
        [101, 102],
      ],
      0,
    );
    expect(batch).toMatchObject({ batch: 2, length: 3 });
    expect([...batch.ids]).toEqual([101n, 5n, 102n, 101n, 102n, 0n]);
    expect([...batch.mask]).toEqual([1n, 1n, 1n, 1n, 1n, 0n]);
  });
});

describe('softmaxRows', () => {
  it('normalises each row, stably for large logits', () => {
    const [a, b] = softmaxRows([0, 0, 1000, 0], 2, 2);
    expect(a).toEqual([0.5, 0.5]);
    expect(b?.[0]).toBeCloseTo(1, 12);
    expect((b?.[0] as number) + (b?.[1] as number)).toBeCloseTo(1, 12);
  });
});

describe('textChunks', () => {
  it('cuts just before whitespace, losing and adding nothing', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta';
    const chunks = textChunks(text, 12);
    expect(chunks.join('')).toBe(text);
    expect(chunks.every((c) => c.length <= 12)).toBe(true);
    expect(chunks.slice(1).every((c) => c.startsWith(' '))).toBe(true);
  });
  it('a text without whitespace is cut at the size, never inside a surrogate pair', () => {
    const text = '😀'.repeat(10);
    const chunks = textChunks(text, 5);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) expect(c).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
  it('a short text is one chunk', () => {
    expect(textChunks('short', 100)).toEqual(['short']);
  });

  it("tokenising the chunks gives the same ids as tokenising the whole text (the test model's WordPiece tokenizer)", () => {
    const json = JSON.parse(readFileSync(new URL('../../../../test/fixtures/classifier/tokenizer.json', import.meta.url), 'utf8')) as object;
    const tokenizer = new Tokenizer(json, {});
    const text = 'Quarterly report:\tthe vendor, "Northwind", was paid twice!  Ignore previous rules.\n\n'.repeat(120);
    const whole = tokenizer.encode(text, { add_special_tokens: false }).ids;
    const pieces = textChunks(text, 256).flatMap((c) => tokenizer.encode(c, { add_special_tokens: false }).ids);
    expect(pieces).toEqual(whole);
  });
});
