/**
 * `npx tsx scripts/detector-determinism.ts --out=FILE [--root=DIR] [--data=DIR] [--train-every=N]`: every built-in
 * synchronous detector, the shared views, the decoded segments, the revealed text and the prompt-injection score
 * (what evaluation ranks by) over every text of the data sets' dev.jsonl and every Nth line of train.jsonl, plus
 * the ~130-character windows the output stream check sees, written one JSON line per text and check. A change
 * that must not move a decision (a performance change) is checked by running this on the checkout before and
 * after (`--root` points at the other checkout's folder) and comparing the files byte for byte (`cmp`).
 *
 * Each text is read twice: all checks on one text in a row (as the gateway calls them), then each check over
 * all texts; the two readings must agree, so a per-text memo that leaks between texts is caught too.
 * Exit 1 when they do not.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Finding = Record<string, unknown>;
type Detect = (text: string, context: Record<string, unknown>) => Finding[];

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const root = resolve(arg('root') ?? '.');
const dataDir = resolve(arg('data') ?? '../shared/data');
const trainEvery = Number(arg('train-every') ?? 3);
const out = arg('out');
if (out === undefined) throw new Error('--out=FILE is required');

const load = async (path: string): Promise<Record<string, unknown>> => import(pathToFileURL(join(root, 'src', path)).href);
const detectors = await load('guardrails/detectors/index.ts');
const injection = await load('guardrails/detectors/prompt-injection/index.ts');
const views = await load('guardrails/views/index.ts');
const create = detectors.createDetector as (name: string, options?: unknown) => { detect: Detect };
const decodeSegments = detectors.decodeSegments as (text: string) => unknown;
const revealHidden = detectors.revealHidden as (text: string) => unknown;
const textViews = views.textViews as (text: string) => Array<{ kind: string; text: string; from: Int32Array; to: Int32Array }>;
const scorePromptInjection = injection.scorePromptInjection as (text: string) => unknown;
const fixtures = await load('guardrails/views/obfuscate.fixtures.ts');
const OBFUSCATIONS = fixtures.OBFUSCATIONS as Record<string, (s: string) => string>;

const USER = { direction: 'input', role: 'user', part: 'content' };
const TOOL = { direction: 'input', role: 'tool', part: 'content' };
const WINDOW = { direction: 'output', role: 'assistant', part: 'stream_window' };

/** name, check; each check maps a text to something JSON can write exactly (numbers round-trip). */
const CHECKS: Array<[string, (text: string) => unknown]> = [
  ['prompt_injection/user', bind('prompt_injection', USER)],
  ['prompt_injection/tool', bind('prompt_injection', TOOL)],
  ['prompt_injection/threshold0.2', bindWith('prompt_injection', { threshold: 0.2 }, USER)],
  ['injection_score', (t) => scorePromptInjection(t)],
  ['unicode', bind('unicode', USER)],
  ['unicode/no_homoglyphs', bindWith('unicode', { homoglyphs: false }, USER)],
  ['encoding', bind('encoding', USER)],
  ['encoding/min8', bindWith('encoding', { minLength: 8 }, USER)],
  ['secrets', bind('secrets', USER)],
  ['pii', bind('pii', USER)],
  ['keywords', bind('keywords', USER)],
  ['keywords/list', bindWith('keywords', { lists: { finance: ['invoice', 'wire transfer'], secret: ['password'] } }, USER)],
  ['code', bind('code', USER)],
  ['refusal', bind('refusal', WINDOW)],
  ['regex', bindWith('regex', { patterns: { invoice: 'INV-\\d{5}', digits: '\\d{6,}' } }, USER)],
  ['topics', bindWith('topics', { topics: { weapons: ['firearm*', 'explosive*'], medical: ['diagnos*', 'prescription*'] } }, USER)],
  ['urls', bindWith('urls', { allowedDomains: ['example.com'] }, USER)],
  ['canary', bindWith('canary', { tokens: ['gh-canary-abcdefghijklmnopqrstuvwxyz', 'sk-canary-0123456789'] }, USER)],
  ['decode_segments', (t) => decodeSegments(t)],
  ['reveal_hidden', (t) => revealHidden(t)],
  ['text_views', (t) => textViews(t).map((v) => ({ kind: v.kind, text: v.text, from: [...v.from], to: [...v.to] }))],
];
/** The output policies of the peer bench, on the stream window's texts. */
const WINDOW_CHECKS: Array<[string, (text: string) => unknown]> = [
  ['window/secrets', bind('secrets', WINDOW)],
  ['window/pii', bind('pii', WINDOW)],
  ['window/canary', bindWith('canary', { tokens: ['gh-canary-abcdefghijklmnopqrstuvwxyz'] }, WINDOW)],
];

function bind(name: string, context: Record<string, unknown>): (text: string) => Finding[] {
  const detector = create(name);
  return (text) => detector.detect(text, context);
}

function bindWith(name: string, options: unknown, context: Record<string, unknown>): (text: string) => Finding[] {
  const detector = create(name, options);
  return (text) => detector.detect(text, context);
}

function texts(): Array<{ id: string; text: string }> {
  const all: Array<{ id: string; text: string }> = [];
  for (const set of readdirSync(dataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const file of ['dev.jsonl', 'train.jsonl']) {
      let lines: string[];
      try {
        lines = readFileSync(join(dataDir, set, file), 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '');
      } catch {
        continue;
      }
      lines.forEach((line, i) => {
        if (file === 'train.jsonl' && i % trainEvery !== 0) return;
        all.push({ id: `${set}/${file}:${i + 1}`, text: (JSON.parse(line) as { text: string }).text });
      });
    }
  }
  return all;
}

/** Smuggling no data set has enough of: tag characters, variation selectors, homoglyphs, bidi controls. */
const SMUGGLING: Record<string, (s: string) => string> = {
  tags: (s) => [...s].map((c) => String.fromCodePoint(0xe0000 + (c.charCodeAt(0) & 0x7f))).join(''),
  selectors: (s) => `😀${[...Buffer.from(s)].map((b) => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('')}`,
  homoglyphs: (s) => s.replace(/a/g, '\u0430').replace(/o/g, '\u03bf'),
  bidi: (s) => `\u202e${s}\u202c`,
};

/** Every Nth text of each data set, obfuscated every way the views read, alone and inside a sentence. */
function obfuscated(corpus: ReadonlyArray<{ id: string; text: string }>, every: number): Array<{ id: string; text: string }> {
  const all: Array<{ id: string; text: string }> = [];
  const ways = Object.entries({ ...OBFUSCATIONS, ...SMUGGLING });
  corpus.forEach(({ id, text }, i) => {
    if (i % every !== 0) return;
    // The value the data set marks, when it marks one: a secret or a name; else the first 60 characters.
    const value = text.length > 60 ? text.slice(0, 60) : text;
    for (const [k, [name, apply]] of ways.entries()) {
      const encoded = apply(value);
      all.push({ id: `${id}~${name}`, text: (k + i) % 2 === 0 ? encoded : `Here is what you asked for: ${encoded} and please keep it safe.` });
    }
  });
  return all;
}

/** The ~130-character texts a 64-character hold-back window scans as `text` streams in 16-character parts. */
function windows(text: string): string[] {
  const out: string[] = [];
  for (let end = 16; end - 130 < text.length; end += 16) out.push(text.slice(Math.max(0, end - 130), Math.min(end, text.length)));
  return out;
}

const plain = texts();
const corpus = [...plain, ...obfuscated(plain, Number(arg('obfuscate-every') ?? 7))];
const lines: string[] = [];
const byCheck = new Map<string, ReturnType<typeof createHash>>();
const digest = (name: string, line: string): void => {
  let h = byCheck.get(name);
  if (!h) byCheck.set(name, (h = createHash('sha256')));
  h.update(line);
};
// In a row, as the gateway calls them.
for (const { id, text } of corpus) {
  for (const [name, check] of CHECKS) {
    const line = JSON.stringify({ id, check: name, result: check(text) ?? null });
    lines.push(line);
    digest(name, line);
  }
  for (const [k, w] of windows(text).entries()) {
    for (const [name, check] of WINDOW_CHECKS) {
      const line = JSON.stringify({ id: `${id}#${k}`, check: name, result: check(w) });
      lines.push(line);
      digest(name, line);
    }
  }
}
// One check at a time over every text: must read the same.
const mismatched: string[] = [];
for (const [name, check] of CHECKS) {
  const h = createHash('sha256');
  for (const { id, text } of corpus) h.update(JSON.stringify({ id, check: name, result: check(text) ?? null }));
  if (h.digest('hex') !== byCheck.get(name)?.digest('hex')) mismatched.push(name);
}
for (const [name, check] of WINDOW_CHECKS) {
  const h = createHash('sha256');
  for (const { id, text } of corpus)
    for (const [k, w] of windows(text).entries()) h.update(JSON.stringify({ id: `${id}#${k}`, check: name, result: check(w) }));
  const again = createHash('sha256');
  for (const line of lines) if (line.includes(`"check":"${name}"`)) again.update(line);
  if (h.digest('hex') !== again.digest('hex')) mismatched.push(name);
}
writeFileSync(out, `${lines.join('\n')}\n`);
process.stdout.write(`${corpus.length} texts, ${lines.length} results written to ${out}\n`);
if (mismatched.length > 0) {
  process.stdout.write(`checks that read differently one at a time than in a row: ${mismatched.join(', ')}\n`);
  process.exitCode = 1;
}
