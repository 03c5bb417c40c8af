import { randomBytes } from 'node:crypto';
import type { Detector, DetectContext, Finding } from '../../types.js';
import { originalSpan, rot13, textViews } from '../../views/index.js';

/**
 * Canary detector: the gateway plants an unguessable token in system prompts; the token in a response
 * means the model disclosed its system prompt. Also caught: the token's random part alone, any letter
 * case, the token split by spaces, dashes, soft hyphens or zero-width characters (a model asked to "spell
 * out" its instructions), reversed, rot13'd, and inside the shared decoded views (base64, hex, URL and
 * `\u` escapes, character codes, full-width forms), each reported on the span of the original text.
 */

export interface CanaryDetectorOptions {
  /** Tokens to look for. Default: one fresh token per configuration version, which the gateway plants. */
  tokens?: string[];
  /** Plant the first token in every system and developer message of a request. Default true. */
  plant?: boolean;
}

/** The canary detector also says which token the input stage should plant in system prompts. */
export interface CanaryDetector extends Detector {
  readonly name: 'canary';
  /** Undefined when `plant: false`. */
  readonly plantToken: string | undefined;
}

const PREFIX = 'gh-canary-';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
// Separators a model (or an attacker coaching it) inserts to break an exact match.
const SEPARATOR_CLASS = '[\\s\\-_.,·\\u00ad\\u200b-\\u200d\\u2060\\ufeff]';
const SEPARATORS = new RegExp(SEPARATOR_CLASS, 'g');

/** A fresh canary token: `gh-canary-` and 26 base32 characters (128 random bits). */
export function makeCanary(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return PREFIX + out;
}

function mask(token: string): string {
  return `${token.slice(0, PREFIX.length + 2)}…`;
}

/** Creates the canary detector; throws on tokens too short to be unguessable. */
export function createCanaryDetector(options: CanaryDetectorOptions = {}): CanaryDetector {
  if (options.tokens !== undefined && !Array.isArray(options.tokens)) throw new TypeError('canary: tokens must be a list of strings');
  if (options.plant !== undefined && typeof options.plant !== 'boolean') throw new TypeError('canary: plant must be true or false');
  const configured = (options.tokens ?? []).map((t) => String(t).trim()).filter((t) => t !== '');
  const tokens = options.tokens === undefined ? [makeCanary()] : configured;
  for (const t of tokens) if (t.length < 12) throw new TypeError('canary: tokens must be at least 12 characters');
  const needles = tokens.map(needleOf);

  function detectCanary(text: string, _context: DetectContext): Finding[] {
    if (needles.length === 0 || typeof text !== 'string') return [];
    const findings = findIn(needles, text);
    if (findings.length > 0) return findings;
    for (const view of textViews(text)) {
      for (const f of findIn(needles, view.text)) {
        const span = originalSpan(view, f.start, f.end);
        if (span.end > span.start)
          findings.push({ ...f, ...span, type: 'canary_leak_obfuscated', score: 0.95, evidence: `${f.evidence ?? ''} via ${view.kind}` });
      }
      if (findings.length > 0) break;
    }
    return findings;
  }

  return { name: 'canary', detect: detectCanary, plantToken: options.plant === false ? undefined : tokens[0] };
}

/** The forms one token is searched in. */
interface Needle {
  token: string;
  lower: string;
  /** The random part (the token without its prefix), lower case. */
  core: string;
  spread: RegExp;
  spreadReversed: RegExp;
  transformed: string[];
}

function needleOf(token: string): Needle {
  const lower = token.toLowerCase();
  const core = lower.startsWith(PREFIX) ? lower.slice(PREFIX.length) : lower;
  const chars = [...core.replace(SEPARATORS, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Separators and token characters are disjoint classes, so this bounded pattern matches in linear time.
  const spread = new RegExp(chars.join(`${SEPARATOR_CLASS}{0,3}`), 'i');
  const spreadReversed = new RegExp([...chars].reverse().join(`${SEPARATOR_CLASS}{0,3}`), 'i');
  // The random core as a model would write it reversed or rot13'd; the prefix is optional in a leak.
  const transformed = [[...core].reverse().join(''), rot13(core)];
  return { token, lower, core, spread, spreadReversed, transformed };
}

function findIn(needles: readonly Needle[], text: string): Finding[] {
  const lower = text.toLowerCase();
  const findings: Finding[] = [];
  for (const n of needles) {
    if (findExact(n, lower, findings)) continue;
    if (findTransformed(n, lower, findings)) continue;
    const m = n.spread.exec(text) ?? n.spreadReversed.exec(text);
    if (m !== null) {
      findings.push({ detector: 'canary', type: 'canary_leak_obfuscated', score: 0.95, start: m.index, end: m.index + m[0].length, evidence: mask(n.token) });
    }
  }
  return findings;
}

/** Every occurrence of the token, or of its random part alone; whether there was one. */
function findExact(n: Needle, lower: string, findings: Finding[]): boolean {
  let found = false;
  for (const needle of [n.lower, n.core]) {
    for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, i + needle.length)) {
      if (needle === n.core && i >= PREFIX.length && lower.startsWith(PREFIX, i - PREFIX.length)) continue;
      findings.push({ detector: 'canary', type: 'canary_leak', score: 1, start: i, end: i + needle.length, evidence: mask(n.token) });
      found = true;
    }
  }
  return found;
}

/** The first reversed or rot13'd random part; whether there was one. */
function findTransformed(n: Needle, lower: string, findings: Finding[]): boolean {
  for (const needle of n.transformed) {
    const i = lower.indexOf(needle);
    if (i !== -1) {
      findings.push({ detector: 'canary', type: 'canary_leak_obfuscated', score: 0.95, start: i, end: i + needle.length, evidence: mask(n.token) });
      return true;
    }
  }
  return false;
}
