import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExchangeRecord } from '../core/record.js';
import { CappedLabel, OTHER, modelLabel, reasonLabel } from './labels.js';

export interface MetricsOptions {
  /** The configured model names, read per batch so a reload's new models get their own series. */
  models: () => Iterable<string>;
  /** Also export Node's process metrics (CPU, memory, event loop lag, GC) under their standard names. */
  defaultMetrics: boolean;
}

export interface Metrics {
  /** Pass to `recorder.onCommitted`: counts committed records; synchronous, cheap, never throws. */
  readonly listener: (records: readonly ExchangeRecord[]) => void;
  /** A registry of its own, never prom-client's global one. */
  readonly registry: Registry;
  /** `text/plain; version=0.0.4; charset=utf-8` */
  readonly contentType: string;
  /** The exposition text. */
  render(): Promise<string>;
}

/** Whole exchanges: 1 ms to 60 s. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Pipeline stages are mostly sub-millisecond; the route stage spans the upstream call. */
const STAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const OUTCOMES: ReadonlySet<string> = new Set(['ok', 'refused', 'error', 'interrupted', 'client_closed']);
const PHASES: ReadonlySet<string> = new Set(['request', 'route', 'response', 'stream']);

/**
 * Prometheus metrics built from committed exchange records, so they count exactly what the audit trail
 * holds. Every label is bounded: models from the configured names, reasons from the catalogue, the
 * rest capped per label (see CappedLabel). A stream counts once, from its final record; its durable
 * start only bumps `gatehouse_streams_started_total`.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const m = defineMetrics(registry);
  const labels = cappedLabels();
  return {
    listener: function countCommittedRecords(records) {
      let models: ReadonlySet<string>;
      try {
        models = new Set(options.models());
      } catch {
        models = new Set();
      }
      for (const record of records) {
        try {
          countRecord(m, labels, record, models);
        } catch {
          // A malformed record must not cost the others their counts, nor the recorder its listener.
          m.errors.inc();
        }
      }
    },
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}

type ExchangeMetricSet = ReturnType<typeof defineMetrics>;
type Labels = ReturnType<typeof cappedLabels>;

/** The free-form labels, each capped to a number of distinct values. */
function cappedLabels() {
  return {
    operation: new CappedLabel(16),
    provider: new CappedLabel(64),
    stage: new CappedLabel(64),
    detector: new CappedLabel(64),
    findingType: new CappedLabel(256),
    action: new CappedLabel(16),
    budget: new CappedLabel(256),
  };
}

function countRecord(m: ExchangeMetricSet, labels: Labels, record: ExchangeRecord, models: ReadonlySet<string>): void {
  const operation = labels.operation.value(record.operation);
  const model = modelLabel(record.modelRequested, models);
  const provider = labels.provider.value(record.providerId);
  if (record.outcome === 'in_progress') {
    m.streamsStarted.inc({ operation, model, provider });
    return;
  }
  const outcome = OUTCOMES.has(record.outcome) ? record.outcome : OTHER;
  const reason = reasonLabel(record.reason);
  m.requests.inc({ operation, outcome, reason, model, provider });
  if (outcome === 'refused' || outcome === 'error') m.refusals.inc({ reason });
  observeSeconds(m.duration, { operation, outcome, streamed: String(record.streamed) }, record.latencyMs / 1000);
  if (record.streamed && record.ttfbMs !== null) observeSeconds(m.ttfb, { operation, model }, record.ttfbMs / 1000);
  if (record.promptTokens) m.tokens.inc({ direction: 'input', model, provider }, record.promptTokens);
  if (record.completionTokens) m.tokens.inc({ direction: 'output', model, provider }, record.completionTokens);
  if (record.costUsd !== null && record.costUsd > 0) m.cost.inc({ model, provider }, record.costUsd);
  countTrace(m, labels, record.trace);
  for (const f of record.findings) {
    const direction = f.direction === 'input' || f.direction === 'output' ? f.direction : OTHER;
    m.findings.inc({ detector: labels.detector.value(f.detector), type: labels.findingType.value(f.type), direction, action: labels.action.value(f.action) });
  }
}

/** Stage durations from the decision trace, and the soft budgets the limits stage noted there. */
function countTrace(m: ExchangeMetricSet, labels: Labels, trace: ExchangeRecord['trace']): void {
  for (const entry of trace) {
    const phase = PHASES.has(entry.phase) ? entry.phase : OTHER;
    observeSeconds(m.stageDuration, { stage: labels.stage.value(entry.stage), phase }, entry.durationUs / 1e6);
    if (entry.stage === 'limits' && entry.note?.startsWith(SOFT_BUDGET_NOTE)) {
      for (const budget of softBudgets(entry.note)) m.softBudget.inc({ budget: labels.budget.value(budget) });
    }
  }
}

function defineMetrics(registry: Registry) {
  const registers = [registry];
  return { ...trafficMetrics(registers), ...decisionMetrics(registers) };
}

/** What was served: exchanges, streams, durations, tokens and cost. */
function trafficMetrics(registers: Registry[]) {
  return {
    requests: new Counter({
      name: 'gatehouse_requests_total',
      help: 'Finished exchanges by operation, outcome and reason code',
      labelNames: ['operation', 'outcome', 'reason', 'model', 'provider'] as const,
      registers,
    }),
    streamsStarted: new Counter({
      name: 'gatehouse_streams_started_total',
      help: 'Streams whose start was durably recorded (their final record counts in gatehouse_requests_total)',
      labelNames: ['operation', 'model', 'provider'] as const,
      registers,
    }),
    duration: new Histogram({
      name: 'gatehouse_request_duration_seconds',
      help: 'Whole exchange duration, from the first byte received to the last byte sent',
      labelNames: ['operation', 'outcome', 'streamed'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    ttfb: new Histogram({
      name: 'gatehouse_time_to_first_byte_seconds',
      help: 'Streams: time until the first byte was sent to the client',
      labelNames: ['operation', 'model'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    tokens: new Counter({
      name: 'gatehouse_tokens_total',
      help: 'Tokens reported by the provider, input (prompt) and output (completion)',
      labelNames: ['direction', 'model', 'provider'] as const,
      registers,
    }),
    cost: new Counter({
      name: 'gatehouse_cost_usd_total',
      help: 'Cost in USD of exchanges served by deployments with a configured price',
      labelNames: ['model', 'provider'] as const,
      registers,
    }),
  };
}

/** What was decided: findings, refusals, stage time, soft budgets, and the listener's own errors. */
function decisionMetrics(registers: Registry[]) {
  return {
    findings: new Counter({
      name: 'gatehouse_guardrail_findings_total',
      help: 'Guardrail findings by detector, finding type, direction and the action taken',
      labelNames: ['detector', 'type', 'direction', 'action'] as const,
      registers,
    }),
    refusals: new Counter({
      name: 'gatehouse_refusals_total',
      help: 'Exchanges refused or failed, by reason code',
      labelNames: ['reason'] as const,
      registers,
    }),
    stageDuration: new Histogram({
      name: 'gatehouse_stage_duration_seconds',
      help: 'Time spent in each pipeline stage and phase (the route stage of a stream: route until the first part, stream for the rest), from the decision trace',
      labelNames: ['stage', 'phase'] as const,
      buckets: STAGE_BUCKETS,
      registers,
    }),
    softBudget: new Counter({
      name: 'gatehouse_budget_soft_exceeded_total',
      help: 'Requests admitted while a budget was past its soft threshold (an alert: the hard threshold refuses), by limit set (identity:<id>, team:<team>, model:<name>, global)',
      labelNames: ['budget'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'gatehouse_metrics_record_errors_total',
      help: 'Committed records the metrics listener could not count (a bug: please report)',
      registers,
    }),
  };
}

/** How the limits stage notes a passed soft budget in the trace: `soft budget passed: budget:<set>/<period> ...`. */
const SOFT_BUDGET_NOTE = 'soft budget passed: ';

/** The limit sets named in such a note, without the `budget:` prefix and the period (a bounded label). */
function softBudgets(note: string): string[] {
  return note
    .slice(SOFT_BUDGET_NOTE.length)
    .split(' ')
    .filter(Boolean)
    .map((label) => label.replace(/^budget:/, '').replace(/\/[^/]*$/, ''));
}

function observeSeconds<L extends string>(histogram: Histogram<L>, labels: Partial<Record<L, string>>, seconds: number): void {
  if (Number.isFinite(seconds) && seconds >= 0) histogram.observe(labels, seconds);
}
