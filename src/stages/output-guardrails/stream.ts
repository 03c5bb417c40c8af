import { performance } from 'node:perf_hooks';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { micros } from '../../core/pipeline.js';
import type { StreamReport } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { escalateUnredactable, refusalOf } from '../../guardrails/decision.js';
import { recordFindings } from '../../guardrails/findings-log.js';
import { describeFindings, evaluatePolicies, type DetectorPolicy, type PolicyDecision, type PolicyFinding, type ScanTarget } from '../../guardrails/policy.js';
import type { CompiledProfile } from '../../guardrails/profile.js';
import { redactText } from '../../guardrails/redaction.js';
import { IdentifierText, relocateFindings, toolArgumentsContext } from '../../guardrails/result-targets.js';
import { HoldBackWindow, type WindowSpan } from '../../guardrails/stream-window.js';
import { withConversation } from '../../guardrails/render/conversation.js';
import { openConstructStart } from '../../guardrails/render/open-construct.js';
import type { DetectContext, DetectorName } from '../../guardrails/types.js';
import { StreamRestorer, vaultOf, type TokenVault } from '../../guardrails/vault.js';

export interface StreamGuardOptions {
  profile: CompiledProfile;
  enforce: boolean;
  /** Parameter schemas of the request's tools, by name. */
  schemas: ReadonlyMap<string, Record<string, unknown>>;
  /** The response_format schema: checked on a choice's whole text when it finishes. */
  contentSchema: Record<string, unknown> | undefined;
  /** The request's text, when an exfiltration policy compares answer URLs with it. */
  conversation?: string | undefined;
}

interface ToolCallBuffer {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

interface ChoiceState {
  window: HoldBackWindow;
  restorer: StreamRestorer | undefined;
  calls: Map<number, ToolCallBuffer>;
  /** The model's refusal text, held until the choice finishes. */
  refusal: string;
  /** The whole text, kept only when a json_schema policy must see it complete. */
  full: string | undefined;
}

const NO_FINDINGS: PolicyDecision = Object.freeze({
  action: 'allow',
  findings: [],
  omitted: [],
  unavailable: [],
  failedOpen: [],
  overBudget: [],
}) as PolicyDecision;

/**
 * The streamed side of the output stage. Text deltas pass through a hold-back window per choice; tool-call
 * deltas are held whole and checked when their choice finishes, since arguments are only meaningful (and
 * only schema-checkable) once complete. Refusal deltas (a short sentence that replaces the answer) are held
 * whole too. Parts other than deltas pass straight through.
 */
export async function* guardStream(
  exchange: Exchange,
  parts: AsyncIterable<StreamPart>,
  options: StreamGuardOptions,
  report: StreamReport,
): AsyncGenerator<StreamPart> {
  const guard = new StreamGuard(exchange, options, report);
  for await (const part of parts) {
    if (part.type === 'text-delta') {
      const text = await guard.text(part.choice, part.text);
      if (text) yield { ...part, text };
    } else if (part.type === 'tool-call-delta') {
      guard.toolCall(part);
    } else if (part.type === 'refusal-delta') {
      guard.refusal(part.choice, part.text);
    } else if (part.type === 'finish') {
      yield* guard.finish(part.choice);
      yield part;
    } else if (part.type === 'usage') {
      yield* guard.finishAll();
      yield part;
    } else if (part.type === 'start') {
      await guard.start(part);
      yield part;
    } else {
      yield part;
    }
  }
  yield* guard.finishAll();
}

class StreamGuard {
  private readonly choices = new Map<number, ChoiceState>();
  private readonly vault: TokenVault | undefined;
  private readonly schemaPolicies: readonly DetectorPolicy[];
  /** Findings already recorded: the window re-scans held text, each finding is kept once. */
  private readonly seen = new Set<string>();
  private readonly kept: PolicyFinding[] = [];
  private readonly failedOpen = new Set<DetectorName>();
  /** A render policy transforms the answer: constructs still arriving are held whole. */
  private readonly renders: boolean;
  constructor(
    private readonly exchange: Exchange,
    private readonly options: StreamGuardOptions,
    private readonly report: StreamReport,
  ) {
    report.policyId = `guardrails/${options.profile.name}`;
    this.vault = options.profile.redaction.restore ? vaultOf(exchange) : undefined;
    this.schemaPolicies = options.contentSchema ? options.profile.output.filter((p) => p.detector.name === 'json_schema') : [];
    this.renders = options.profile.output.some((p) => p.detector.name === 'render' && p.action !== 'allow');
  }

  /** The upstream's id and model go out in every chunk: scanned like the answer, and never rewritable. */
  async start(part: Extract<StreamPart, { type: 'start' }>): Promise<void> {
    const ids = new IdentifierText();
    ids.add('id', part.id);
    ids.add('model', part.model);
    await this.identifiers(ids);
  }

  async text(choice: number, delta: string): Promise<string> {
    const state = this.state(choice);
    if (state.full !== undefined) state.full += delta;
    const released = await state.window.push(delta);
    return state.restorer ? state.restorer.push(released) : released;
  }

  toolCall(part: Extract<StreamPart, { type: 'tool-call-delta' }>): void {
    const calls = this.state(part.choice).calls;
    const call = calls.get(part.index) ?? { index: part.index, arguments: '' };
    if (part.id !== undefined) call.id = part.id;
    if (part.name !== undefined) call.name = part.name;
    call.arguments += part.arguments;
    calls.set(part.index, call);
  }

  refusal(choice: number, delta: string): void {
    this.state(choice).refusal += delta;
  }

  /** Checks and releases everything a choice still holds: its text tail, its refusal, then its tool calls. */
  async *finish(choice: number): AsyncGenerator<StreamPart> {
    const state = this.choices.get(choice);
    if (!state) return;
    this.choices.delete(choice);
    if (state.full) {
      // Structured output is only checkable whole; a violation ends the stream before the held tail leaves.
      const context = { direction: 'output' as const, role: 'assistant' as const, part: 'content', schema: this.options.contentSchema };
      await this.decide([{ path: `choices[${choice}].message.content`, text: state.full, context }], 0, this.schemaPolicies);
    }
    const tail = await state.window.flush();
    const text = state.restorer ? state.restorer.push(tail) + state.restorer.flush() : tail;
    if (text) yield { type: 'text-delta', choice, text };
    if (state.refusal) yield { type: 'refusal-delta', choice, text: await this.checkRefusal(choice, state.refusal) };
    for (const call of [...state.calls.values()].sort((a, b) => a.index - b.index)) {
      const args = await this.checkToolCall(choice, call);
      const part: StreamPart = { type: 'tool-call-delta', choice, index: call.index, arguments: this.vault ? this.vault.restoreJson(args) : args };
      if (call.id !== undefined) part.id = call.id;
      if (call.name !== undefined) part.name = call.name;
      yield part;
    }
  }

  async *finishAll(): AsyncGenerator<StreamPart> {
    for (const choice of [...this.choices.keys()]) yield* this.finish(choice);
  }

  private state(choice: number): ChoiceState {
    let state = this.choices.get(choice);
    if (!state) {
      const { profile, enforce } = this.options;
      const path = `choices[${choice}].delta.content`;
      const check = async (text: string, base: number): Promise<WindowSpan[]> => {
        const decision = await this.decide([{ path, text, context: this.context({ direction: 'output', role: 'assistant', part: 'stream_window' }) }], base);
        return enforce ? decision.findings.filter((f) => f.action === 'redact') : [];
      };
      const redact = (text: string, spans: readonly WindowSpan[]): string => redactText(text, spans, profile.redaction.mode, undefined);
      state = {
        window: new HoldBackWindow(profile.holdBackChars, check, redact, this.renders ? openConstructStart : undefined),
        restorer: this.vault ? new StreamRestorer(this.vault) : undefined,
        calls: new Map(),
        refusal: '',
        full: this.schemaPolicies.length > 0 ? '' : undefined,
      };
      this.choices.set(choice, state);
    }
    return state;
  }

  private async checkRefusal(choice: number, text: string): Promise<string> {
    const decision = await this.decide(
      [{ path: `choices[${choice}].delta.refusal`, text, context: this.context({ direction: 'output', role: 'assistant', part: 'refusal' }) }],
      0,
    );
    const spans = decision.findings.filter((f) => f.action === 'redact');
    const redacted = this.options.enforce && spans.length > 0 ? redactText(text, spans, this.options.profile.redaction.mode, undefined) : text;
    return this.vault ? this.vault.restore(redacted) : redacted;
  }

  private async checkToolCall(choice: number, call: ToolCallBuffer): Promise<string> {
    const at = `choices[${choice}].delta.tool_calls[${call.index}]`;
    const ids = new IdentifierText();
    ids.add(`${at}.id`, call.id);
    ids.add(`${at}.function.name`, call.name);
    await this.identifiers(ids);
    const context = toolArgumentsContext(call.name);
    const schema = call.name === undefined ? undefined : this.options.schemas.get(call.name);
    if (schema) context.schema = schema;
    const decision = await this.decide([{ path: `${at}.function.arguments`, text: call.arguments, context: this.context(context) }], 0);
    const spans = decision.findings.filter((f) => f.action === 'redact');
    return this.options.enforce && spans.length > 0 ? redactText(call.arguments, spans, this.options.profile.redaction.mode, undefined) : call.arguments;
  }

  /** A scan context with the conversation attached, when an exfiltration policy needs it. */
  private context<T extends DetectContext>(context: T): T {
    const conversation = this.options.conversation;
    return conversation === undefined ? context : withConversation(context, conversation);
  }

  /** Identifiers cannot be rewritten: a redact finding on one blocks. */
  private async identifiers(ids: IdentifierText): Promise<void> {
    const targets: ScanTarget[] = [];
    ids.pushTo(targets);
    if (targets.length > 0) await this.decide(targets, 0, this.options.profile.output, true);
  }

  /**
   * Runs the output policies and records new findings; a refusal is thrown (enforced) or traced (shadow).
   * `unrewritable` texts (identifiers) turn a redact finding into a block.
   */
  private async decide(
    targets: ScanTarget[],
    base: number,
    policies: readonly DetectorPolicy[] = this.options.profile.output,
    unrewritable = false,
  ): Promise<PolicyDecision> {
    const started = performance.now();
    const limits = this.options.profile.limits;
    const decision = policies.length > 0 ? await evaluatePolicies(policies, targets, this.exchange.signal, limits) : NO_FINDINGS;
    if (unrewritable && decision !== NO_FINDINGS) {
      relocateFindings(decision.findings, targets);
      escalateUnredactable(decision, targets);
    }
    // The report's time is the stream's guardrail overhead: scanning only, not waiting for parts.
    this.report.durationUs += micros(started);
    for (const name of decision.failedOpen) this.failedOpen.add(name);
    const fresh = decision.findings
      .map((f) => ({ ...f, start: f.start + base, end: f.end + base }))
      .filter((f) => {
        const key = `${f.path}|${f.detector}|${f.type}|${f.start}`;
        if (this.seen.has(key)) return false;
        this.seen.add(key);
        return true;
      });
    this.kept.push(...fresh);
    recordFindings(this.exchange, 'output', fresh, limits, decision.omitted);
    if (fresh.length > 0 || decision.failedOpen.length > 0) this.report.note = this.note();
    const refusal = refusalOf(decision, 'output', this.options.profile.name);
    if (refusal) {
      if (!this.options.enforce) {
        this.report.shadow ??= { reason: refusal.reason, policyId: refusal.policyId };
        return decision;
      }
      this.report.policyId = refusal.policyId;
      throw new GatewayError(refusal.reason, refusal.message, { param: refusal.param });
    }
    return decision;
  }

  private note(): string | undefined {
    return describeFindings({ findings: this.kept, failedOpen: [...this.failedOpen], unavailable: [] });
  }
}
