import { performance } from 'node:perf_hooks';
import { GatewayError } from './errors.js';
import type { Exchange, TraceEntry, TraceVerdict } from './exchange.js';
import { REASON_CODES, type ReasonCode } from './reason-codes.js';
import type { Stage, StreamReport } from './stage.js';
import type { StreamPart } from './stream-parts.js';

type Trace = (exchange: Exchange, entry: TraceEntry) => void;

/**
 * The stream half of the pipeline: wraps the router's parts with every stage's stream hook, in reverse
 * stage order. Runs of consecutive `onStreamPart` stages share one loop (one generator for the run, not one
 * per stage); a `transformStream` stage is wrapped on its own. Either way the runner, not the stage, turns
 * verdicts into effects and writes one trace entry per stage per stream when the stream ends, however it
 * ends (complete, refused, upstream failure, client gone):
 *
 * - a refusal ends the stream with a GatewayError, which the server sends as an in-band error event;
 * - a stage in shadow mode has its would-be refusal traced as `shadow` and the stream goes on unchanged;
 * - a stage that throws anything else fails closed (`stage_failed`), or, configured to fail open, is
 *   traced `fail_open` and left out for the rest of the stream.
 *
 * A stage that saw no part (the upstream failed before the first) leaves no stream entry.
 */
export function runStreamStages(exchange: Exchange, source: AsyncIterable<StreamPart>, stages: readonly Stage[], trace: Trace): AsyncIterable<StreamPart> {
  let parts = source;
  let checks: Stage[] = [];
  for (const stage of stages) {
    if (stage.onStreamPart) {
      checks.push(stage);
      continue;
    }
    if (checks.length > 0) parts = checkParts(exchange, parts, checks, trace);
    checks = [];
    parts = transformed(exchange, parts, stage, trace);
  }
  return checks.length > 0 ? checkParts(exchange, parts, checks, trace) : parts;
}

/** How a stage ended a stream, when not by letting every part pass. */
interface StreamVerdict {
  verdict: TraceVerdict;
  reason?: ReasonCode;
  policyId?: string | undefined;
  note?: string | undefined;
}

async function* checkParts(exchange: Exchange, parts: AsyncIterable<StreamPart>, stages: readonly Stage[], trace: Trace): AsyncGenerator<StreamPart> {
  const n = stages.length;
  const micros = new Float64Array(n);
  const verdicts: Array<StreamVerdict | undefined> = new Array<StreamVerdict | undefined>(n);
  const off = new Uint8Array(n);
  let seen = 0;
  try {
    for await (const part of parts) {
      seen++;
      let at = performance.now();
      for (let i = 0; i < n; i++) {
        if (off[i] === 1) continue;
        const stage = stages[i] as Stage;
        let verdict: ReturnType<NonNullable<Stage['onStreamPart']>>;
        try {
          verdict = (stage.onStreamPart as NonNullable<Stage['onStreamPart']>).call(stage, exchange, part);
        } catch (err) {
          const now = performance.now();
          micros[i] = (micros[i] as number) + (now - at);
          at = now;
          if (err instanceof GatewayError) {
            verdict = { action: 'respond', reason: err.reason, message: err.message, param: err.param };
          } else if (stage.failOpen) {
            verdicts[i] = { verdict: 'fail_open', reason: 'stage_failed', note: errorName(err) };
            off[i] = 1;
            continue;
          } else {
            verdicts[i] = { verdict: 'error', reason: 'stage_failed', note: errorName(err) };
            throw new GatewayError('stage_failed', REASON_CODES.stage_failed.summary);
          }
        }
        const now = performance.now();
        micros[i] = (micros[i] as number) + (now - at);
        at = now;
        if (verdict === undefined) continue;
        if (verdict.action === 'continue') {
          if (verdict.policyId !== undefined || verdict.note !== undefined)
            verdicts[i] ??= { verdict: 'continue', policyId: verdict.policyId, note: verdict.note };
          continue;
        }
        if (!stage.enforce) {
          if (verdicts[i]?.verdict !== 'shadow') verdicts[i] = { verdict: 'shadow', reason: verdict.reason, policyId: verdict.policyId };
          continue;
        }
        verdicts[i] = { verdict: 'respond', reason: verdict.reason, policyId: verdict.policyId, note: 'stream cut' };
        throw new GatewayError(verdict.reason, verdict.message, { param: verdict.param ?? null });
      }
      yield part;
    }
  } finally {
    traceStreamVerdicts(exchange, stages, verdicts, micros, seen, trace);
  }
}

/** One trace entry per stream stage, once the stream ends: its verdict and the time it spent over all parts. */
function traceStreamVerdicts(
  exchange: Exchange,
  stages: readonly Stage[],
  verdicts: ReadonlyArray<StreamVerdict | undefined>,
  micros: Float64Array,
  seen: number,
  trace: Trace,
): void {
  for (let i = 0; i < stages.length; i++) {
    const verdict = verdicts[i];
    if (seen === 0 && verdict === undefined) continue;
    trace(exchange, {
      stage: (stages[i] as Stage).name,
      phase: 'stream',
      verdict: verdict?.verdict ?? 'continue',
      reason: verdict?.reason,
      policyId: verdict?.policyId,
      durationUs: Math.round((micros[i] as number) * 1000),
      note: verdict?.note,
    });
  }
}

/** A transform stage, wrapped: errors it raises itself are told apart from errors it passes on from upstream. */
function transformed(exchange: Exchange, source: AsyncIterable<StreamPart>, stage: Stage, trace: Trace): AsyncIterable<StreamPart> {
  const report: StreamReport = { durationUs: 0 };
  const upstream = source[Symbol.asyncIterator]();
  const passedOn = new WeakSet<object>();
  const watched: AsyncIterable<StreamPart> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        upstream.next().catch((err: unknown) => {
          if (typeof err === 'object' && err !== null) passedOn.add(err);
          throw err;
        }),
      // Closing is the runner's call (see runTransform): a transform failing open leaves the upstream readable.
      return: () => Promise.resolve({ done: true as const, value: undefined }),
    }),
  };
  let parts: AsyncIterable<StreamPart> | null;
  try {
    parts = (stage.transformStream as NonNullable<Stage['transformStream']>).call(stage, exchange, watched, report);
  } catch (err) {
    if (!stage.failOpen) return failed(exchange, stage, err, trace);
    trace(exchange, { stage: stage.name, phase: 'stream', verdict: 'fail_open', reason: 'stage_failed', durationUs: 0, note: errorName(err) });
    return source;
  }
  return parts === null ? source : runTransform(exchange, stage, parts, upstream, passedOn, report, trace);
}

async function* runTransform(
  exchange: Exchange,
  stage: Stage,
  parts: AsyncIterable<StreamPart>,
  upstream: AsyncIterator<StreamPart>,
  passedOn: WeakSet<object>,
  report: StreamReport,
  trace: Trace,
): AsyncGenerator<StreamPart> {
  let ended: StreamVerdict | undefined;
  let seen = false;
  let rest: AsyncIterator<StreamPart> | undefined;
  try {
    try {
      for await (const part of parts) {
        seen = true;
        yield part;
      }
    } catch (err) {
      if (typeof err === 'object' && err !== null && passedOn.has(err)) throw err;
      if (err instanceof GatewayError) {
        ended = { verdict: 'respond', reason: err.reason, policyId: report.policyId, note: report.note };
        throw err;
      }
      if (!stage.failOpen) {
        ended = { verdict: 'error', reason: 'stage_failed', note: errorName(err) };
        throw new GatewayError('stage_failed', REASON_CODES.stage_failed.summary);
      }
      // Fail open: the rest of the stream passes unchecked; what the stage held when it threw is lost.
      ended = { verdict: 'fail_open', reason: 'stage_failed', note: errorName(err) };
      rest = upstream;
    }
    if (rest) {
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
    }
  } finally {
    await upstream.return?.();
    if (seen || ended) {
      const shadow = ended === undefined ? report.shadow : undefined;
      trace(exchange, {
        stage: stage.name,
        phase: 'stream',
        verdict: ended?.verdict ?? (shadow ? 'shadow' : 'continue'),
        reason: ended?.reason ?? shadow?.reason,
        policyId: ended?.policyId ?? shadow?.policyId ?? report.policyId,
        durationUs: Math.round(report.durationUs),
        note: ended?.note ?? report.note,
      });
    }
  }
}

// A generator that never yields: its body (the trace entry, the throw) runs at the consumer's first read.
// biome-ignore lint/correctness/useYield: see above; it only throws, at the first read
async function* failed(exchange: Exchange, stage: Stage, err: unknown, trace: Trace): AsyncGenerator<StreamPart> {
  trace(exchange, { stage: stage.name, phase: 'stream', verdict: 'error', reason: 'stage_failed', durationUs: 0, note: errorName(err) });
  throw new GatewayError('stage_failed', REASON_CODES.stage_failed.summary);
}

function errorName(err: unknown): string {
  return (err as { name?: string } | null)?.name ?? 'Error';
}
