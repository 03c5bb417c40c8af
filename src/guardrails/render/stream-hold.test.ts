import { describe, expect, it } from 'vitest';
import { redactText } from '../redaction.js';
import { HoldBackWindow, type WindowSpan } from '../stream-window.js';
import { createRenderDetector } from './detector.js';
import { openConstructStart } from './open-construct.js';

const detector = createRenderDetector();
const check = async (text: string): Promise<WindowSpan[]> => detector.detect(text, { direction: 'output', part: 'stream_window' });
const redact = (text: string, spans: readonly WindowSpan[]) => redactText(text, spans, 'mask', undefined);

/** Streams `text` in parts of `size` through a 16-character window; returns the pieces released. */
async function stream(text: string, size: number, hold: boolean): Promise<string[]> {
  const window = new HoldBackWindow(16, check, redact, hold ? openConstructStart : undefined);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    const piece = await window.push(text.slice(i, i + size));
    if (piece) out.push(piece);
  }
  out.push(await window.flush());
  return out;
}

const WORDS = 'many words of a label that goes on and on '.repeat(4);

describe('constructs longer than the hold-back window', () => {
  it.each([
    ['a Markdown link with a long label', `Intro. [${WORDS}](https://phish.example/x) after.`, `Intro. ${WORDS} (\`https://phish.example/x\`) after.`],
    [
      'an image inside a link',
      `Intro. [![${WORDS}](https://evil.example/i.png)](https://evil.example/) end`,
      `Intro. ${WORDS} (image: \`https://evil.example/i.png\`) (\`https://evil.example/\`) end`,
    ],
    ['an HTML tag with a long attribute', `Intro. <img title="${WORDS}" onerror=alert(1)> end`, `Intro. &lt;img title="${WORDS}" onerror=alert(1)&gt; end`],
  ])('%s is released whole, transformed', async (_name, text, expected) => {
    const pieces = await stream(text, 5, true);
    expect(pieces.join('')).toBe(expected);
  });

  it('a reference is defanged with the destination its definition had so far; the definition is defanged whole', async () => {
    const long = `https://evil.example/${'a-b-'.repeat(40)}`;
    const out = (await stream(`Intro [a][r] text.\n\n[r]: ${long}\nmore`, 5, true)).join('');
    expect(out).toMatch(/^Intro a \(`https:\/\/evil\.ex[^`]*`\) text\.\n\n/);
    expect(out.endsWith(`\\[r\\]: \`${long}\`\nmore`)).toBe(true);
  });

  it('without the hold, the head of a long construct leaves before its tail (why the hold exists)', async () => {
    const text = `Intro. [${WORDS}](https://phish.example/x) after.`;
    expect((await stream(text, 5, false)).join('')).not.toBe(`Intro. ${WORDS} (\`https://phish.example/x\`) after.`);
  });

  it('a stray bracket holds at most MAX_OPEN characters, and text without constructs streams as before', async () => {
    expect(openConstructStart('plain text without any markup')).toBe(-1);
    expect(openConstructStart('see [1] and [2](x) done')).toBe(-1);
    expect(openConstructStart('a [stray bracket')).toBe(2);
    expect(openConstructStart(`a [stray ${'x'.repeat(3000)}`)).toBe(-1);
    expect(openConstructStart('an <img src=x')).toBe(3);
    const pieces = await stream('Just a plain answer that streams in several pieces of text.', 5, true);
    expect(pieces.length).toBeGreaterThan(2);
  });
});
