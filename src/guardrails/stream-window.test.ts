import { describe, expect, it } from 'vitest';
import { createCanaryDetector, makeCanary } from './detectors/canary/index.js';
import { createPiiDetector } from './detectors/pii/index.js';
import { createSecretsDetector } from './detectors/secrets/index.js';
import { redactText } from './redaction.js';
import { HoldBackWindow, type WindowSpan } from './stream-window.js';
import type { DetectContext, Detector } from './types.js';
import { fakeTokens, OBFUSCATIONS } from './views/obfuscate.fixtures.js';

const CONTEXT: DetectContext = { direction: 'output', role: 'assistant', part: 'stream_window' };
const PROSE =
  'Here is the configuration you asked for, with every setting explained one by one so you can compare it with yours. ' +
  'Restart the service after you change it, and check the logs for warnings. ';

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Streams `parts` through the window; returns what left, in order, and the error that ended the stream, if any. */
async function stream(w: HoldBackWindow, parts: readonly string[]): Promise<{ out: string[]; error: unknown }> {
  const out: string[] = [];
  try {
    for (const p of parts) out.push(await w.push(p));
    out.push(await w.flush());
  } catch (error) {
    return { out, error };
  }
  return { out, error: undefined };
}

/** A window whose check finds nothing and records every scan as stream offsets [start, end). */
function recording(holdBack: number): { w: HoldBackWindow; scans: Array<{ start: number; end: number }> } {
  const scans: Array<{ start: number; end: number }> = [];
  const check = async (text: string, base: number): Promise<WindowSpan[]> => {
    scans.push({ start: base, end: base + text.length });
    return [];
  };
  return { w: new HoldBackWindow(holdBack, check, (t) => t), scans };
}

const redacting = (detector: Detector, holdBack = 64) =>
  new HoldBackWindow(
    holdBack,
    async (text) => detector.detect(text, CONTEXT),
    (t, spans) => redactText(t, spans, 'mask', undefined),
  );

/** A window that ends the stream on any finding, as a block policy does. */
const blocking = (detector: Detector, holdBack = 64) =>
  new HoldBackWindow(
    holdBack,
    async (text) => {
      if (detector.detect(text, CONTEXT).length > 0) throw new Error('blocked');
      return [];
    },
    (t) => t,
  );

describe('HoldBackWindow: scans per window of new text, not per part', () => {
  const text = 'abcdefghij'.repeat(410);

  it.each([1, 7])('%i-character parts: O(N / holdBack) scans, each character scanned at most three times', async (size) => {
    const { w, scans } = recording(64);
    const { out } = await stream(w, chunks(text, size));
    expect(out.join('')).toBe(text);
    // 4,100 characters, a 64-character window: one scan per 64 new characters, plus the flush.
    expect(scans.length).toBeLessThanOrEqual(text.length / 64 + 2);
    const times = new Array<number>(text.length).fill(0);
    for (const s of scans) for (let i = s.start; i < s.end; i++) times[i] = (times[i] as number) + 1;
    expect(Math.min(...times)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...times)).toBeLessThanOrEqual(3);
  });

  it('the scan count follows the window, not the number of parts', async () => {
    const small = recording(16);
    await stream(small.w, chunks(text, 1));
    const large = recording(256);
    await stream(large.w, chunks(text, 1));
    expect(small.scans.length).toBeGreaterThan(text.length / 16 - 2);
    expect(small.scans.length).toBeLessThanOrEqual(text.length / 16 + 2);
    expect(large.scans.length).toBeLessThanOrEqual(text.length / 256 + 2);
  });

  it('every character leaves only after a scan that saw it and the window after it; at most twice the window is held', async () => {
    for (const size of [1, 3, 50, 64, 65, 200]) {
      const { w, scans } = recording(64);
      let pushed = 0;
      let released = 0;
      for (const part of chunks(text.slice(0, 1500), size)) {
        pushed += part.length;
        const out = await w.push(part);
        expect(w.held).toBeLessThanOrEqual(128);
        if (out === '') continue;
        const last = scans.at(-1) as { start: number; end: number };
        expect(last.start).toBeLessThanOrEqual(released);
        released += out.length;
        expect(last.end).toBe(pushed);
        expect(last.end - released).toBeGreaterThanOrEqual(64);
      }
      expect(released + (await w.flush()).length).toBe(pushed);
      expect(scans.at(-1)?.end).toBe(pushed);
    }
  });

  it('the first text leaves as soon as more than the window is held, as with a scan per part', async () => {
    const { w } = recording(64);
    for (let i = 0; i < 64; i++) expect(await w.push('a')).toBe('');
    expect(await w.push('b')).toBe('a');
  });

  it('never releases half of a surrogate pair, wherever a scan falls', async () => {
    const emoji = 'ab\u{1F600}c\u{1F680}'.repeat(60);
    for (const size of [1, 2, 3, 5]) {
      for (const holdBack of [1, 4, 64]) {
        const { w } = recording(holdBack);
        const { out } = await stream(w, chunks(emoji, size));
        expect(out.join('')).toBe(emoji);
        for (const piece of out) expect(piece).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
      }
    }
  });

  it('a window of 0 scans and releases each part as it comes', async () => {
    const { w, scans } = recording(0);
    expect(await w.push('ab')).toBe('ab');
    expect(await w.push('c')).toBe('c');
    expect(scans).toEqual([
      { start: 0, end: 2 },
      { start: 1, end: 3 },
    ]);
  });
});

describe('HoldBackWindow: split values are still seen whole, with the real detectors', () => {
  const secrets = createSecretsDetector();
  const key = fakeTokens(7).openai as string;
  const github = fakeTokens(11).github as string;
  const email = 'ann.lee@example.com';

  /**
   * The value at every offset from 1 to past two windows, in parts of several sizes (so across every scan
   * boundary); a space before it, as detectors want a word boundary.
   */
  async function everywhere(value: string, run: (text: string, parts: string[], at: number) => Promise<void>): Promise<void> {
    for (let at = 1; at <= 140; at++) {
      const text = `${PROSE.slice(0, at - 1)} ${value} ${PROSE}`;
      for (const size of [1, 5, 13, 64, 65]) await run(text, chunks(text, size), at);
    }
  }

  it('redact: a key at any offset, in any part size, leaves masked exactly as in the whole text', async () => {
    await everywhere(key, async (text, parts) => {
      const whole = redactText(text, secrets.detect(text, CONTEXT), 'mask', undefined);
      const { out, error } = await stream(redacting(secrets), parts);
      expect(error).toBeUndefined();
      expect(out.join('')).toBe(whole);
    });
  });

  it('block: no character of a key leaves, at any offset and any part size', async () => {
    await everywhere(github, async (_text, parts, at) => {
      const { out, error } = await stream(blocking(secrets), parts);
      expect(error).toBeInstanceOf(Error);
      expect(out.join('').length).toBeLessThanOrEqual(at);
    });
  });

  it('block: a hex-encoded key (between one and two windows long) is caught at any offset, before all of it leaves', async () => {
    const encoded = (OBFUSCATIONS.hex as (s: string) => string)(key);
    expect(encoded.length).toBeGreaterThan(64);
    expect(encoded.length).toBeLessThan(128);
    await everywhere(encoded, async (_text, parts) => {
      const { out, error } = await stream(blocking(secrets), parts);
      expect(error).toBeInstanceOf(Error);
      expect(out.join('')).not.toContain(encoded);
    });
  });

  it('redact: an email address at any offset leaves masked exactly as in the whole text', async () => {
    const pii = createPiiDetector();
    await everywhere(email, async (text, parts) => {
      const { out } = await stream(redacting(pii), parts);
      expect(out.join('')).toBe(redactText(text, pii.detect(text, CONTEXT), 'mask', undefined));
      expect(out.join('')).not.toContain('ann.lee');
    });
  });

  it('block: a canary token split across one-character parts never leaves', async () => {
    const token = makeCanary();
    const canary = createCanaryDetector({ tokens: [token] });
    for (const at of [0, 1, 63, 64, 65, 100, 128, 129]) {
      const { out, error } = await stream(blocking(canary), chunks(`${PROSE.slice(0, at)}${token} ${PROSE}`, 1));
      expect(error).toBeInstanceOf(Error);
      expect(out.join('').length).toBeLessThanOrEqual(at);
    }
  });

  it('redact: two keys, one finding straddling each release point, are both masked whole', async () => {
    const second = fakeTokens(8).openai as string;
    const text = `${PROSE.slice(0, 49)} ${key} and ${second} ${PROSE}`;
    const whole = redactText(text, secrets.detect(text, CONTEXT), 'mask', undefined);
    expect(whole).not.toContain('sk-');
    for (const size of [1, 2, 9, 64]) {
      const { out } = await stream(redacting(secrets), chunks(text, size));
      expect(out.join('')).toBe(whole);
      // Each mask leaves in one piece: no release ends inside one.
      for (const piece of out) expect(piece).not.toMatch(/\[[A-Z_]*$/);
    }
  });

  it.each(['unicode_escapes', 'hex_escapes', 'percent', 'char_code_list', 'hex_bytes'])(
    '%s: a long encoded key in one-character parts is held whole and redacted',
    async (name) => {
      const encoded = (OBFUSCATIONS[name] as (s: string) => string)(key);
      expect(encoded.length).toBeGreaterThan(128);
      const text = `Sure. The key is ${encoded} and that is all.`;
      for (const size of [1, 3, 64]) {
        const { out, error } = await stream(redacting(secrets), chunks(text, size));
        expect(error).toBeUndefined();
        expect(out.join('')).toContain('that is all.');
        expect(out.join('')).not.toContain(encoded.slice(0, 24));
      }
    },
  );
});
