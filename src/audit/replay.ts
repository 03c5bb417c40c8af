import { configSchema, type GatehouseConfig } from '../config/schema.js';
import { tolerantSecretResolver, type SecretResolver } from '../config/secrets.js';
import type { ChatResult } from '../core/chat-types.js';
import type { Exchange, ExchangeRequest } from '../core/exchange.js';
import type { ResponseBody, Stage, Verdict } from '../core/stage.js';
import { guardrailFindings } from '../guardrails/findings-log.js';
import type { Store } from '../storage/store.js';
import type { ExchangeRecord, RecordedFinding } from '../core/record.js';
import type { ContentPolicy } from './content-policy.js';

/** What one side (input or output) decided. */
export interface SideDecision {
  /** `continue`, or the reason code of the refusal. */
  verdict: string;
  policyId: string | null;
  findings: Array<Pick<RecordedFinding, 'detector' | 'type' | 'score' | 'path' | 'action'>>;
}

export interface ReplayReport {
  requestId: string;
  policy: 'recorded' | 'current';
  policyVersion: string;
  recorded: { status: number; reason: string; outcome: string; findings: SideDecision['findings'] };
  input: SideDecision;
  /** Null when no answer was stored (refused before the provider, or streamed content not kept). */
  output: SideDecision | null;
  /** The replayed decision in one word: the reason code it would refuse with, else `ok`. */
  wouldBe: string;
  /** Human-readable differences from what was decided then; empty when nothing changed. */
  differences: string[];
}

export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

/**
 * The gateway's own guardrail stages, built for one configuration: replay runs the same stage code as the
 * request path. The caller builds them (see server/replay-stages.ts), so audit does not depend on the server.
 */
export interface ReplayStages {
  /** Null when the configuration has no guardrail profile: nothing to re-run. */
  readonly input: Stage | null;
  readonly output: Stage | null;
  close(): Promise<void>;
}

export type BuildReplayStages = (
  config: GatehouseConfig,
  configHash: string,
  deps: { resolveSecret: SecretResolver; baseDir: string },
) => Promise<ReplayStages>;

export interface ReplayDeps {
  store: Store;
  buildStages: BuildReplayStages;
  content: ContentPolicy | undefined;
  /** The configuration running now (for --policy current). */
  current: GatehouseConfig;
  currentHash: string;
  resolveSecret: SecretResolver;
  baseDir: string;
}

/**
 * Re-runs the guardrail policies on an exchange's stored input (and answer), under the configuration it
 * was decided with (`recorded`, as kept in config_versions) or the one running now (`current`), with the
 * same stage code the gateway runs. Needs stored content (audit.content.mode redacted or full): a digest
 * alone cannot be re-scanned. Redacted content is replayed as stored, so masked values no longer match.
 */
export async function replayExchange(requestId: string, policy: 'recorded' | 'current', deps: ReplayDeps): Promise<ReplayReport> {
  const record = await deps.store.getExchange(requestId);
  if (!record) throw new ReplayError(`no record of request ${requestId}`);
  if (record.operation !== 'chat' && record.operation !== 'embeddings')
    throw new ReplayError(`request ${requestId} is a ${record.operation} call: only chat and embeddings exchanges can be replayed`);
  const stored = await loadContent(record, deps);
  const { config, hash } = await configFor(record, policy, deps);
  // Provider keys are not needed to re-scan; one that cannot be resolved here only fails an llm_judge call.
  const resolveSecret = tolerantSecretResolver(deps.resolveSecret, 'unresolved-during-replay');
  const stages = await deps.buildStages(config, hash, { resolveSecret, baseDir: deps.baseDir });
  try {
    const exchange = replayExchangeOf(record, { operation: record.operation, body: structuredClone(stored.request) } as ExchangeRequest, config);
    const input = stages.input ? side(await stages.input.onRequest?.(exchange), exchange, 'input') : allow();
    let output: SideDecision | null = null;
    if (input.verdict === 'continue' && stored.response && stages.output && record.operation === 'chat') {
      const body = asChatResult(stored.response);
      if (body) output = side(await stages.output.onResponse?.(exchange, { operation: 'chat', body } as ResponseBody), exchange, 'output');
    }
    const wouldBe = input.verdict !== 'continue' ? input.verdict : output && output.verdict !== 'continue' ? output.verdict : 'ok';
    const recordedFindings = record.findings.map(({ detector, type, score, path, action }) => ({ detector, type, score, path, action }));
    const report: ReplayReport = {
      requestId,
      policy,
      policyVersion: hash,
      recorded: { status: record.status, reason: record.reason, outcome: record.outcome, findings: recordedFindings },
      input,
      output,
      wouldBe,
      differences: [],
    };
    report.differences = differences(report, record);
    return report;
  } finally {
    await stages.close();
  }
}

async function loadContent(record: ExchangeRecord, deps: ReplayDeps): Promise<{ request: unknown; response: unknown }> {
  if (record.contentMode !== 'full' && record.contentMode !== 'redacted') {
    throw new ReplayError(
      `request ${record.id} has no stored content (content mode ${record.contentMode ?? 'none'}): set audit.content.mode to redacted or full to make exchanges replayable`,
    );
  }
  const row = (await deps.store.content.get([record.id])).get(record.id);
  if (!row || !deps.content) throw new ReplayError(`the content of request ${record.id} is no longer stored (purged or erased)`);
  const text = await deps.content.open(row);
  if (text === undefined) throw new ReplayError(`the content of request ${record.id} was erased`);
  return JSON.parse(text) as { request: unknown; response: unknown };
}

async function configFor(record: ExchangeRecord, policy: 'recorded' | 'current', deps: ReplayDeps): Promise<{ config: GatehouseConfig; hash: string }> {
  if (policy === 'current') return { config: deps.current, hash: deps.currentHash };
  if (record.policyVersion === null) throw new ReplayError(`request ${record.id} does not name the configuration it ran under`);
  const saved = await deps.store.configVersions.get(record.policyVersion);
  if (saved === undefined)
    throw new ReplayError(
      `configuration ${record.policyVersion.slice(0, 12)}… of request ${record.id} was not kept (it ran before configuration versions were stored)`,
    );
  return { config: configSchema.parse(saved), hash: record.policyVersion };
}

/** An exchange as the stages see it: the recorded caller, the stored request. */
function replayExchangeOf(record: ExchangeRecord, request: ExchangeRequest, config: GatehouseConfig): Exchange {
  const declared = config.identities[record.identityId];
  const anonymous = record.identityId === 'anonymous';
  return {
    id: record.id,
    startedAt: record.createdAt,
    t0: 0,
    request,
    headers: {},
    signal: new AbortController().signal,
    streamed: false,
    identity: anonymous ? { id: 'anonymous', kind: 'anonymous' } : ({ id: record.identityId, kind: 'workload' } as Exchange['identity']),
    principal: anonymous
      ? null
      : ({
          identity: {
            id: record.identityId,
            environment: record.environment ?? declared?.environment ?? 'production',
            guardrailProfile: declared?.guardrailProfile ?? null,
          },
          endUser: record.endUser,
        } as unknown as Exchange['principal']),
    endUser: record.endUser,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    firstByteAt: null,
    state: new Map(),
  };
}

function side(verdict: Verdict | undefined, exchange: Exchange, direction: 'input' | 'output'): SideDecision {
  const findings = guardrailFindings(exchange)
    .filter((f) => f.direction === direction)
    .map(({ detector, type, score, path, action }) => ({ detector, type, score, path, action }));
  if (verdict && verdict.action === 'respond') return { verdict: verdict.reason, policyId: verdict.policyId ?? null, findings };
  return { verdict: 'continue', policyId: verdict && 'policyId' in verdict ? (verdict.policyId ?? null) : null, findings };
}

function allow(): SideDecision {
  return { verdict: 'continue', policyId: null, findings: [] };
}

/** A stored answer as a ChatResult: complete results as they were, streams from their assembled choices. */
function asChatResult(response: unknown): ChatResult | null {
  const r = response as { choices?: Array<Record<string, unknown>>; streamed?: boolean } | null;
  if (!r || !Array.isArray(r.choices)) return null;
  if (!r.streamed) return r as unknown as ChatResult;
  return {
    id: 'replay',
    object: 'chat.completion',
    created: 0,
    model: 'replay',
    choices: r.choices.map((c, index) => ({
      index,
      message: {
        role: 'assistant',
        content: typeof c.content === 'string' ? c.content : null,
        ...(Array.isArray(c.tool_calls)
          ? {
              tool_calls: (c.tool_calls as Array<{ name?: string; arguments: string }>).map((t, i) => ({
                id: `call_${i}`,
                type: 'function' as const,
                function: { name: t.name ?? '', arguments: t.arguments },
              })),
            }
          : {}),
      },
      finish_reason: typeof c.finish_reason === 'string' ? c.finish_reason : 'stop',
    })),
  } as ChatResult;
}

function differences(report: ReplayReport, record: ExchangeRecord): string[] {
  const out: string[] = [];
  const then = guardrailReason(record.reason) ? record.reason : 'ok';
  if (then !== report.wouldBe) out.push(`decision: was ${then}, would now be ${report.wouldBe}`);
  const key = (f: SideDecision['findings'][number]) => `${f.detector}:${f.type}@${f.path} ${f.action}`;
  const before = new Set(report.recorded.findings.map(key));
  const after = new Set([...report.input.findings, ...(report.output?.findings ?? [])].map(key));
  for (const k of after) if (!before.has(k)) out.push(`new finding: ${k}`);
  for (const k of before) if (!after.has(k)) out.push(`finding gone: ${k}`);
  return out;
}

/** Reasons a guardrail decides; others (upstream errors, auth) are outside what replay re-runs. */
function guardrailReason(reason: string): boolean {
  return reason === 'input_blocked' || reason === 'output_blocked' || reason === 'approval_required' || reason === 'guardrail_unavailable';
}
