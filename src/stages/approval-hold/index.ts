import { performance } from 'node:perf_hooks';
import type { ApprovalDesk } from '../../approvals/desk.js';
import { needsApproval, type ConditionEvaluator } from '../../approvals/rules.js';
import type { HeldRule } from '../../approvals/types.js';
import { canonicalJson } from '../../core/canonical.js';
import type { ChatRequest } from '../../core/chat-types.js';
import { GatewayError, type ApprovalRef } from '../../core/errors.js';
import { MODEL_OPERATIONS, type Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type Respond, type ResponseBody, type Stage, type StreamReport, type Verdict } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { callsInResult, completionOfStream, type ProposedCall } from './proposed-calls.js';
import type { ToolPolicy } from '../../approvals/tool-policies.js';

export { compileToolPolicies, type ToolPolicy } from '../../approvals/tool-policies.js';

export interface ApprovalHoldDeps {
  /** Tools with a schema or an approval rule (compileToolPolicies). */
  policies: ReadonlyMap<string, ToolPolicy>;
  desk: ApprovalDesk;
  evaluate: ConditionEvaluator;
}

/** A checked set of proposed calls: refused (bad arguments), held under a rule, or free to pass. */
type Checked = { refuse: Respond } | { hold: { rule: HeldRule; bound: unknown[]; summary: string } } | { pass: true };

/**
 * Holds a model's answer that proposes a tool call its rule says a person must approve (docs/agents.md).
 * Runs on the response side after authorize (which refuses tools the caller may not use at all): every
 * proposed call of a tool with a schema is validated (Ajv), and the answer is held when any call's rule
 * applies. The held answer is stored sealed, exactly as the client would have received it; the client
 * gets `approval_required` naming the approval and fetches the answer once approved
 * (GET /v1/approvals/{id}/result). A stream is passed through until the first part of a gated tool call,
 * then held back to its end and either released or ended with the same in-band error.
 */
export function createApprovalHoldStage(deps: ApprovalHoldDeps): Stage | undefined {
  if (deps.policies.size === 0) return undefined;
  return new ApprovalHoldStage(deps);
}

class ApprovalHoldStage implements Stage {
  readonly name = 'approval-hold';
  readonly enforce = true;
  readonly failOpen = false;
  readonly operations = MODEL_OPERATIONS;
  readonly #deps: ApprovalHoldDeps;

  constructor(deps: ApprovalHoldDeps) {
    this.#deps = deps;
  }

  async onResponse(exchange: Exchange, response: ResponseBody): Promise<Verdict> {
    if (response.operation !== 'chat') return CONTINUE;
    const checked = this.#check(callsInResult(response.body));
    if ('pass' in checked) return CONTINUE;
    if ('refuse' in checked) return checked.refuse;
    const ref = await this.#hold(exchange, checked.hold, JSON.stringify(response.body));
    return respond('approval_required', heldMessage(ref, checked.hold.rule), { approval: ref, policyId: `tool:${checked.hold.rule.subject}` });
  }

  transformStream(exchange: Exchange, parts: AsyncIterable<StreamPart>, report: StreamReport): AsyncIterable<StreamPart> | null {
    const declared = (exchange.request.body as ChatRequest).tools ?? [];
    if (!declared.some((t) => this.#deps.policies.has(t?.function?.name as string))) return null;
    return this.#holdBack(exchange, parts, report);
  }

  async *#holdBack(exchange: Exchange, parts: AsyncIterable<StreamPart>, report: StreamReport): AsyncGenerator<StreamPart> {
    const seen: StreamPart[] = [];
    const held: StreamPart[] = [];
    for await (const part of parts) {
      seen.push(part);
      if (held.length === 0 && !(part.type === 'tool-call-delta' && part.name !== undefined && this.#deps.policies.has(part.name))) yield part;
      else held.push(part);
    }
    if (held.length === 0) return;
    const started = performance.now();
    const model = (exchange.request.body as ChatRequest).model;
    const { result, calls } = completionOfStream(exchange.id, model, seen);
    const checked = this.#check(calls);
    if ('refuse' in checked) throw new GatewayError(checked.refuse.reason, checked.refuse.message);
    if ('hold' in checked) {
      const ref = await this.#hold(exchange, checked.hold, JSON.stringify(result));
      report.durationUs += Math.round((performance.now() - started) * 1000);
      report.note = `held ${ref.id}`;
      throw new GatewayError('approval_required', heldMessage(ref, checked.hold.rule), { approval: ref });
    }
    report.durationUs += Math.round((performance.now() - started) * 1000);
    yield* held;
  }

  /** Validates every proposed call of a known tool and finds the first whose rule holds it. */
  #check(calls: readonly ProposedCall[]): Checked {
    let rule: HeldRule | undefined;
    const bound: unknown[] = [];
    for (const call of calls) {
      const policy = this.#deps.policies.get(call.name);
      if (!policy) continue;
      const args = parseArgs(call.arguments);
      if (args === undefined || (policy.validate && !policy.validate(args))) {
        // The arguments are completion content: the message names the tool only.
        return {
          refuse: respond(
            'tool_arguments_invalid',
            `The model proposed a call of '${call.name}' whose arguments do not match its schema; the answer was withheld.`,
          ),
        };
      }
      bound.push({ name: call.name, arguments: args });
      if (!rule && policy.rule && needsApproval(policy.rule.when, policy.risk, args, this.#deps.evaluate)) rule = policy.rule.held;
    }
    return rule ? { hold: { rule, bound, summary: canonicalJson(bound) } } : { pass: true };
  }

  async #hold(exchange: Exchange, hold: { rule: HeldRule; bound: unknown[]; summary: string }, content: string): Promise<ApprovalRef> {
    const principal = exchange.principal;
    const approval = await this.#deps.desk.hold({
      kind: 'chat.answer',
      bound: hold.bound,
      summary: hold.summary,
      content,
      requester: {
        identityId: principal?.identity.id ?? 'anonymous',
        endUser: principal?.endUser ?? null,
        owner: principal?.identity.owner ?? null,
        conversationId: conversationOf(exchange.headers['x-gatehouse-conversation-id']),
      },
      exchangeId: exchange.id,
      rule: hold.rule,
    });
    return { id: approval.id, status_url: `/v1/approvals/${approval.id}` };
  }
}

/** The client's conversation id, as the record keeps it: one header value, at most 128 characters. */
function conversationOf(value: string | string[] | undefined): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return id === undefined || id === '' ? null : id.slice(0, 128);
}

function parseArgs(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function heldMessage(ref: ApprovalRef, rule: HeldRule): string {
  return `The answer proposes a call of '${rule.subject}' that needs human approval (${rule.when}). Approval ${ref.id} is pending; once approved, fetch the answer once at ${ref.status_url}/result.`;
}
