/**
 * `npx tsx bench/detector-calls.ts [--from=DIR[,DIR...]] [--rounds=N]`: the fixed per-call cost of the detectors the
 * full-stack peer bench runs (../shared/peer-bench/gatehouse-full.yaml), on its traffic:
 *
 * - input: the peer bench's ~1 KB chat request (system + user message) through the real input path
 *   (scanRequest, the default revealers, evaluatePolicies, scanJoined) with prompt_injection, unicode, encoding,
 *   secrets and pii; µs per request per detector, all of its calls on that request together;
 * - output: the texts the stream hold-back window (64 characters) hands to the output policies
 *   (secrets, pii) for the peer bench's 50-part answer; µs per window.
 *
 * `--from` names one or more tsc builds (`npx tsc -p tsconfig.build.json --outDir DIR`, what the gateway runs;
 * tsx's own transform adds name-keeping wrappers to closures made per call); default: the sources. With several,
 * rounds alternate between them, so a busy machine slows each about alike: compare a build before and after a
 * change in one run. Figures are medians over rounds (a round descheduled mid-way does not move them), indicative
 * only on a shared machine: run it a few times. Prints a table; writes nothing.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ExchangeRequest } from '../src/core/exchange.js';
import type { DetectorPolicy } from '../src/guardrails/policy.js';
import type { DetectContext, Detector, Finding } from '../src/guardrails/types.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(arg('rounds') ?? 2000);
const WARM_UP = 300;

// ../shared/peer-bench/make-body.mjs
const BODY = {
  model: 'gpt-4o-mini',
  messages: [
    {
      role: 'system',
      content:
        'You are a careful technical assistant for an internal engineering team. Answer precisely, ' +
        'cite the relevant configuration keys when you mention them, prefer short paragraphs over long ' +
        'bullet lists, and say plainly when you are unsure instead of guessing. Never reveal secrets, ' +
        'credentials or personal data, even if they appear in the conversation.',
    },
    {
      role: 'user',
      content:
        'We are putting an API gateway in front of several LLM providers. Can you summarise, step by ' +
        'step, what a gateway usually does with each chat completion request between receiving it from ' +
        'our services and returning the answer? Please cover authentication, rate limiting, request ' +
        'validation, prompt inspection for leaked secrets or personal data, forwarding to the provider, ' +
        'streaming the response back, checks on the generated output, and what gets logged for audit ' +
        'and cost tracking. Keep it to one or two paragraphs; this is for a design review next week.',
    },
  ],
  temperature: 0.2,
  max_tokens: 400,
  user: 'team-platform-bench',
};

// ../shared/peer-bench/mock-upstream.mjs: the answer, streamed in 50 parts split on word boundaries.
const ANSWER =
  'Here is a concise overview of how an API gateway for language models typically handles a request. ' +
  'First, the gateway authenticates the caller, usually by checking an API key or a signed token, and ' +
  'applies per-tenant rate limits so that one noisy client cannot starve the others. Next, it validates ' +
  'the request body against the provider schema, rejecting malformed messages early and cheaply. Many ' +
  'deployments then run input policies: they scan prompts for leaked credentials, personal data, or known ' +
  'injection patterns, and either redact, block, or log what they find. The request is forwarded to the ' +
  'selected provider over a pooled keep-alive connection, with timeouts and retries tuned to the model. ' +
  'Responses, including streamed server-sent events, are relayed back while output checks run on the ' +
  'generated text. Finally, the gateway records usage, latency and cost for auditing, and a well-built ' +
  'one adds well under a millisecond to each of these steps. (ref mockupstream7f3a)';

/**
 * 64 variants of the request, each message ending in its own two-letter reference (" Ref ab.": letters, no
 * digits or brackets, so no check gated on those wakes up that the peer bench's text would not): per-text memos
 * (decodeSegments keeps the last few answers) must not carry work from one request to the next, as they could
 * not for most real traffic. The answer varies the same way, so its windows do too (they stay the
 * concatenations the hold-back window makes).
 */
const BODIES = Array.from({ length: 64 }, (_, i) => {
  const body = JSON.parse(JSON.stringify(BODY)) as typeof BODY;
  const ref = String.fromCharCode(97 + (i >> 3), 97 + (i & 7));
  for (const message of body.messages) (message as { content: string }).content += ` Ref ${ref}.`;
  // Read back from JSON, as a request body arrives: flat strings, not the concatenations made here.
  return JSON.parse(JSON.stringify(body)) as typeof BODY;
});

const INPUT = [
  ['prompt_injection', 'block'],
  ['unicode', 'block'],
  ['encoding', 'monitor'],
  ['secrets', 'block'],
  ['pii', 'redact'],
] as const;
const OUTPUT = ['secrets', 'pii'] as const;
const WINDOW_CONTEXT: DetectContext = { direction: 'output', role: 'assistant', part: 'stream_window' };

/** One build's modules, its detectors, and the time each took in each measured round. */
interface Variant {
  label: string;
  inputRound(round: number): Promise<void>;
  output: Record<(typeof OUTPUT)[number], Detector>;
  /** µs per round: input detectors by name, 'input path', and 'output <name>' per window. */
  samples: Map<string, number[]>;
  /** µs spent in each input detector in the round being run. */
  spent: Map<string, number>;
}

async function loadVariant(dir: string | undefined): Promise<Variant> {
  const from = resolve(dir ?? new URL('../src', import.meta.url).pathname);
  const load = <T>(path: string): Promise<T> => import(pathToFileURL(`${from}/${path}`).href) as Promise<T>;
  const { createDetector } = await load<typeof import('../src/guardrails/detectors/index.js')>('guardrails/detectors/index.js');
  const { scanJoined } = await load<typeof import('../src/guardrails/joined-views.js')>('guardrails/joined-views.js');
  const { evaluatePolicies } = await load<typeof import('../src/guardrails/policy.js')>('guardrails/policy.js');
  const { DEFAULT_REVEALERS, revealedTargets } = await load<typeof import('../src/guardrails/reveal.js')>('guardrails/reveal.js');
  const { scanRequest } = await load<typeof import('../src/guardrails/request-targets.js')>('guardrails/request-targets.js');
  const spent = new Map<string, number>();
  const policies: DetectorPolicy[] = INPUT.map(([name, action]) => ({
    detector: timed(createDetector(name), spent),
    action,
    threshold: 0.5,
    failMode: 'closed',
  }));
  const signal = new AbortController().signal;
  return {
    label: dir ?? 'src',
    async inputRound(round: number): Promise<void> {
      const request = { operation: 'chat', body: BODIES[round % BODIES.length] } as unknown as ExchangeRequest;
      const scan = scanRequest(request);
      const scanned = [...scan.targets, ...revealedTargets(scan.targets, DEFAULT_REVEALERS)];
      const decision = await evaluatePolicies(policies, scanned, signal);
      await scanJoined(policies, scan.groups, scan.targets, scanned, decision, signal);
    },
    output: { secrets: createDetector('secrets'), pii: createDetector('pii') },
    samples: new Map(),
    spent,
  };
}

/** A detector that adds the time of each call to `spent[name]`. */
function timed(detector: Detector, spent: Map<string, number>): Detector {
  return {
    name: detector.name,
    detect(text: string, context: DetectContext): Finding[] {
      const t0 = performance.now();
      const out = detector.detect(text, context);
      spent.set(detector.name, (spent.get(detector.name) ?? 0) + (performance.now() - t0) * 1000);
      return out;
    },
  };
}

/** The texts the hold-back window (64 characters) hands to its check for the 50-part answer, read from the sources. */
async function windowTexts(answer: string): Promise<string[]> {
  const { HoldBackWindow } = await import('../src/guardrails/stream-window.js');
  const words = answer.split(/(?<= )/);
  const texts: string[] = [];
  const window = new HoldBackWindow(
    64,
    async (text) => {
      texts.push(text);
      return [];
    },
    (text) => text,
  );
  for (let i = 0; i < 50; i++) await window.push(words.slice(Math.floor((i * words.length) / 50), Math.floor(((i + 1) * words.length) / 50)).join(''));
  await window.flush();
  return texts;
}

function record(v: Variant, key: string, us: number): void {
  let list = v.samples.get(key);
  if (!list) v.samples.set(key, (list = []));
  list.push(us);
}

async function round(v: Variant, r: number, measured: boolean): Promise<void> {
  const windows = WINDOWS[r % WINDOWS.length] as string[];
  v.spent.clear();
  const t0 = performance.now();
  await v.inputRound(r);
  const whole = (performance.now() - t0) * 1000;
  if (measured) {
    for (const [name] of INPUT) record(v, `input ${name}, per request`, v.spent.get(name) ?? 0);
    record(v, 'input path, whole (targets, reveal, policies, joined)', whole);
  }
  for (const name of OUTPUT) {
    const detector = v.output[name];
    const t1 = performance.now();
    for (const text of windows) detector.detect(text, WINDOW_CONTEXT);
    if (measured) record(v, `output ${name}, per window`, ((performance.now() - t1) * 1000) / windows.length);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const variants: Variant[] = [];
for (const dir of arg('from')?.split(',') ?? [undefined]) variants.push(await loadVariant(dir));
const WINDOWS: string[][] = [];
for (let i = 0; i < 64; i++) WINDOWS.push(await windowTexts(`${ANSWER} Ref ${String.fromCharCode(97 + (i >> 3), 97 + (i & 7))}.`));
for (let r = 0; r < WARM_UP + rounds; r++) for (const v of variants) await round(v, r, r >= WARM_UP);

const keys = [...(variants[0] as Variant).samples.keys()];
const windows = WINDOWS[0] as string[];
const meanLength = windows.reduce((n, t) => n + t.length, 0) / windows.length;
const lines = [
  `Median µs over ${rounds} rounds after ${WARM_UP} warm-up, builds alternating; ${windows.length} stream windows, mean ${meanLength.toFixed(0)} characters; Node ${process.versions.node}`,
  '',
  `| | ${variants.map((v) => v.label).join(' | ')} |`,
  `|---|${variants.map(() => '---:').join('|')}|`,
  ...keys.map((k) => `| ${k} | ${variants.map((v) => median(v.samples.get(k) ?? []).toFixed(1)).join(' | ')} |`),
  `| output secrets + pii, per window | ${variants.map((v) => (median(v.samples.get('output secrets, per window') ?? []) + median(v.samples.get('output pii, per window') ?? [])).toFixed(1)).join(' | ')} |`,
];
process.stdout.write(`${lines.join('\n')}\n`);
