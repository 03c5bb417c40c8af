import { isUtf8 } from 'node:buffer';
import type { Detector, DetectContext, Finding } from '../../types.js';
import { decodeRot13Segments } from './rot13.js';

/**
 * Encoding detector: payloads hidden from keyword and classifier checks by base64, hex, URL-encoding or
 * rot13. `decodeSegments` exposes the decoded text so the policy can re-run the other detectors on it
 * (an injection in base64 is caught by the injection detector on `decoded`, not here).
 */

export type EncodingKind = 'base64' | 'hex' | 'url' | 'rot13';

export interface DecodedSegment {
  start: number;
  end: number;
  /** Outermost first: 'base64' or, for a payload encoded twice, 'base64+hex'. */
  encoding: string;
  decoded: string;
}

export interface EncodingDetectorOptions {
  /** Base64 and hex runs shorter than this are ignored. Default 20. */
  minLength?: number;
}

const HEX_ESCAPED_RUN = /(?:\\x[0-9A-Fa-f]{2}){8,}/g;
// A whitespace-delimited token with a %xx escape (at least three are required below). Matches start only
// after whitespace, so the backtracking inside a token is paid once per token: linear overall.
const URL_ENCODED_TOKEN = /(?<!\S)\S*%[0-9A-Fa-f]{2}\S*/g;
const URL_ESCAPE = /%[0-9A-Fa-f]{2}/g;
const HAS_URL_ESCAPE = /%[0-9A-Fa-f]{2}/;
const HEX_ONLY = /^[0-9A-Fa-f]+$/;
const INSTRUCTION_LIKE =
  /\b(?:ignore|disregard|forget|override|bypass|instructions?|system prompt|you are now|pretend|act as|jailbreak|reveal|execute|previous|rules)\b/gi;

const MAX_DEPTH = 2;
const MAX_SEGMENTS = 64;

/** Decoded bytes count as text only when valid UTF-8, mostly printable and mostly letters, digits or spaces. */
function asText(bytes: Buffer): string | null {
  if (bytes.length < 8) return null;
  // Control bytes reject most random data before the UTF-8 check (a throwing TextDecoder costs microseconds).
  let control = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) control++;
  if (control > bytes.length * 0.05 || !isUtf8(bytes)) return null;
  const decoded = bytes.toString('utf8');
  let printable = 0;
  let wordy = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || c >= 0xa0) printable++;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20 || c >= 0xa0) wordy++;
  }
  if (printable < decoded.length * 0.95 || wordy < decoded.length * 0.6) return null;
  return decoded;
}

function decodeBase64(run: string): string | null {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  if (/[+/]/.test(body) && /[-_]/.test(body)) return null; // mixed alphabets: not base64
  return asText(Buffer.from(body, 'base64'));
}

function decodeHex(hex: string): string | null {
  return hex.length % 2 === 0 ? asText(Buffer.from(hex, 'hex')) : null;
}

function decodeUrl(run: string): string | null {
  try {
    const decoded = decodeURIComponent(run);
    return decoded !== run ? decoded : null;
  } catch {
    return null;
  }
}

const BASE64_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') BASE64_CHAR[c.charCodeAt(0)] = 1;

/** Maximal runs of the base64 alphabets (standard and url-safe) with up to two '=' of padding. */
function base64Runs(text: string, minLength: number): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (c < 128 && BASE64_CHAR[c] === 1) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1 && i - start >= minLength) {
      let end = i;
      while (end < text.length && end - i < 2 && text.charCodeAt(end) === 0x3d) end++;
      runs.push({ start, end });
    }
    start = -1;
  }
  return runs;
}

function collect(text: string, minLength: number): DecodedSegment[] {
  const out: DecodedSegment[] = [];
  for (const { start, end } of base64Runs(text, minLength)) {
    const run = text.slice(start, end);
    const hex = HEX_ONLY.test(run);
    const decoded = hex ? decodeHex(run) : decodeBase64(run);
    if (decoded !== null) out.push({ start, end, encoding: hex ? 'hex' : 'base64', decoded });
  }
  if (text.includes('\\x')) {
    for (const m of text.matchAll(HEX_ESCAPED_RUN)) {
      const decoded = decodeHex(m[0].replace(/\\x/g, ''));
      if (decoded !== null) out.push({ start: m.index, end: m.index + m[0].length, encoding: 'hex', decoded });
    }
  }
  if (HAS_URL_ESCAPE.test(text)) {
    for (const m of text.matchAll(URL_ENCODED_TOKEN)) {
      if ((m[0].match(URL_ESCAPE)?.length ?? 0) < 3) continue;
      const decoded = decodeUrl(m[0]);
      if (decoded !== null) out.push({ start: m.index, end: m.index + m[0].length, encoding: 'url', decoded });
    }
  }
  for (const seg of decodeRot13Segments(text)) out.push({ ...seg, encoding: 'rot13' });
  return out;
}

/**
 * Every encoded segment of `text` with its decoded text. A payload encoded twice (base64 of hex, ...) is
 * also returned decoded to the inner layer, with the outer span; depth is capped at two layers.
 */
export function decodeSegments(text: string, options: EncodingDetectorOptions = {}): readonly DecodedSegment[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const minLength = options.minLength ?? 20;
  // The input revealer, the encoding detector and the secrets and canary views all decode the same texts, one
  // detector over every target after another: the last few answers are kept so each text is decoded once.
  const known = recall(text, minLength);
  if (known !== undefined) return known;
  const segments = decode(text, minLength);
  remember(text, minLength, segments);
  return segments;
}

/** Texts remembered at most: a request's targets and their revealed views, usually far fewer. */
const MEMO_ENTRIES = 16;
/** Characters remembered at most (the newest text is always kept): bounds the memory held after a request. */
const MEMO_CHARS = 1 << 21;

interface Decoded {
  text: string;
  minLength: number;
  segments: readonly DecodedSegment[];
}

/** Newest last. */
const memo: Decoded[] = [];
let memoChars = 0;

/**
 * Forgets every remembered answer. The input stage calls it per request, so the memo only saves decoding a
 * text again within one request: a later request with the same text (the peer bench sends one body over and
 * over) pays for its decoding like any other.
 */
export function forgetDecodedSegments(): void {
  memo.length = 0;
  memoChars = 0;
}

function recall(text: string, minLength: number): readonly DecodedSegment[] | undefined {
  for (let k = memo.length - 1; k >= 0; k--) {
    const entry = memo[k] as Decoded;
    if (entry.text === text && entry.minLength === minLength) return entry.segments;
  }
  return undefined;
}

function remember(text: string, minLength: number, segments: readonly DecodedSegment[]): void {
  memo.push({ text, minLength, segments });
  memoChars += text.length;
  while (memo.length > MEMO_ENTRIES || (memoChars > MEMO_CHARS && memo.length > 1)) memoChars -= (memo.shift() as Decoded).text.length;
}

function decode(text: string, minLength: number): readonly DecodedSegment[] {
  const result: DecodedSegment[] = [];
  let layer = collect(text, minLength);
  for (let depth = 1; layer.length > 0 && result.length < MAX_SEGMENTS; depth++) {
    result.push(...layer);
    if (depth >= MAX_DEPTH) break;
    const next: DecodedSegment[] = [];
    for (const seg of layer) {
      for (const inner of collect(seg.decoded, minLength)) {
        // Only inner segments covering most of the outer payload are a second layer, not a fragment.
        if (inner.end - inner.start < seg.decoded.length * 0.8) continue;
        next.push({ start: seg.start, end: seg.end, encoding: `${seg.encoding}+${inner.encoding}`, decoded: inner.decoded });
      }
    }
    layer = next;
  }
  return Object.freeze(result.slice(0, MAX_SEGMENTS));
}

const BASE_SCORE: Record<EncodingKind, number> = { base64: 0.5, hex: 0.5, url: 0.3, rot13: 0.6 };

function scoreSegment(seg: DecodedSegment): { score: number; instructionLike: boolean } {
  const hits = seg.decoded.match(INSTRUCTION_LIKE)?.length ?? 0;
  const kind = seg.encoding.split('+')[0] as EncodingKind;
  const layered = seg.encoding.includes('+') ? 0.2 : 0;
  if (hits >= 2) return { score: 0.95, instructionLike: true };
  if (hits === 1) return { score: Math.min(0.8, (BASE_SCORE[kind] ?? 0.5) + 0.2 + layered), instructionLike: true };
  return { score: Math.min(0.9, (BASE_SCORE[kind] ?? 0.5) + layered), instructionLike: false };
}

/** Creates the encoding detector: one `encoded_payload` finding per decoded segment. */
export function createEncodingDetector(options: EncodingDetectorOptions = {}): Detector {
  function detectEncoding(text: string, _context: DetectContext): Finding[] {
    try {
      return decodeSegments(text, options).map((seg) => {
        const { score, instructionLike } = scoreSegment(seg);
        return {
          detector: 'encoding' as const,
          type: 'encoded_payload',
          score,
          start: seg.start,
          end: seg.end,
          // The decoded text may itself be a secret: only its size and shape go in the evidence.
          evidence: `${seg.encoding}: ${seg.decoded.length} chars${instructionLike ? ', instruction-like' : ''}`,
        };
      });
    } catch {
      return [];
    }
  }
  return { name: 'encoding', detect: detectEncoding };
}
