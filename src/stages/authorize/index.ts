import type { Authorizer } from '../../authz/types.js';
import type { Exchange } from '../../core/exchange.js';
import type { Principal } from '../../identity/types.js';
import { CONTINUE, respond, type Continue, type Respond, type ResponseBody, type Stage, type StreamReport, type Verdict } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { hiddenModelRefusal, type ModelGate } from '../../routing/model-not-found.js';
import { checkUse, refusalMessage, type ResourceCatalog, type ResourceKind } from './checks.js';
import { authorizeFallbacks, droppedNote } from './plan.js';
import { datasetsInHeaders, toolCallsInResult, toolsInRequest, toolsInResult } from '../../authz/requested-resources.js';
import { checkProposedCalls, type ProposedToolCall } from './tool-calls.js';
import { holdToolCalls } from './stream-calls.js';
import { authorizeGatewayUse } from './gateway-use.js';
import { authorizeMcpUse } from './mcp-use.js';
import type { McpResourceMap } from '../../core/mcp-names.js';

export { datasetGate, toolGate } from './mcp-use.js';

export type { ResourceCatalog } from './checks.js';
export { DATASETS_HEADER } from '../../authz/requested-resources.js';

export interface AuthorizeStageOptions {
  /** false: shadow mode, refusals are recorded and the exchange continues. Never fails open. */
  enforce?: boolean;
  /** MCP resource URI patterns per server, for resources/read (read_dataset on the matching dataset). */
  mcpResources?: McpResourceMap;
}

/** What the stage leaves on `exchange.state` for the record: the policy version and any evaluation errors. */
export const AUTHORIZATION = Symbol('authorize');
export interface AuthorizationNote {
  policyVersion: string;
  /** Cedar's evaluation errors of a refused check; never sent to the client. */
  errors: string[];
}

const OUTPUT_REFUSAL = 'The model called a tool this identity may not use; the response was withheld.';
const STREAM_REFUSAL = 'The model called a tool this identity may not use; the stream was ended.';

/**
 * Authorizes every request with Cedar, after resolve-model: the model (invoke_model) and every fallback
 * model of its route plan (a fallback the caller may not invoke is dropped from the plan, see ./plan.ts;
 * a model it may not invoke is refused as model_not_found, like an unknown one), every tool the request
 * declares or replays and every dataset of the `x-gatehouse-datasets` header, then every tool
 * call in the model's answer (complete or streamed) before the client sees it. Tools and datasets the
 * configuration does not declare are unreachable. Authorization never fails open.
 */
export function createAuthorizeStage(authorizer: Authorizer, catalog: ResourceCatalog, options: AuthorizeStageOptions = {}): Stage {
  return new AuthorizeStage(authorizer, catalog, options.enforce ?? true, options.mcpResources ?? new Map());
}

/** A tool or dataset the request names, checked after the models. */
interface RequestedUse {
  kind: ResourceKind;
  name: string | null;
  param: string | null;
}

/** Built once per configuration version, around the authorizer and the declared resources. */
class AuthorizeStage implements Stage {
  readonly name = 'authorize';
  readonly enforce: boolean;
  readonly failOpen = false;
  readonly #authorizer: Authorizer;
  readonly #catalog: ResourceCatalog;
  readonly #mcpResources: McpResourceMap;

  /** One of the two stream hooks, chosen once: the stream runner treats a stage with onStreamPart as a check only. */
  readonly onStreamPart: Stage['onStreamPart'];
  readonly transformStream: Stage['transformStream'];

  constructor(authorizer: Authorizer, catalog: ResourceCatalog, enforce: boolean, mcpResources: McpResourceMap) {
    this.enforce = enforce;
    this.#authorizer = authorizer;
    this.#catalog = catalog;
    this.#mcpResources = mcpResources;
    this.onStreamPart = authorizer.readsToolArgs ? undefined : (exchange, part) => this.#checkStreamedName(exchange, part);
    this.transformStream = authorizer.readsToolArgs ? (exchange, parts, report) => this.#holdCalls(exchange, parts, report) : undefined;
  }

  #holdCalls(exchange: Exchange, parts: AsyncIterable<StreamPart>, report: StreamReport): AsyncIterable<StreamPart> | null {
    const principal = exchange.principal;
    if (!principal) return null;
    const check = (calls: readonly ProposedToolCall[]) => checkProposedCalls(this.#authorizer, this.#catalog, principal, calls, STREAM_REFUSAL);
    return holdToolCalls(parts, check, report, this.enforce);
  }

  onRequest(exchange: Exchange): Verdict {
    const principal = exchange.principal;
    if (!principal) return { action: 'continue', note: 'auth off' };
    this.#note(exchange, []);
    const gatewayUse = authorizeGatewayUse(this.#authorizer, principal, exchange.request.operation);
    if (gatewayUse) return gatewayUse;
    const mcpUse = authorizeMcpUse(this.#authorizer, this.#catalog, principal, exchange, this.#mcpResources);
    if (mcpUse) {
      if (mcpUse.errors.length > 0) this.#note(exchange, mcpUse.errors);
      return mcpUse.verdict;
    }
    if (!exchange.target) return respond('authorization_error', 'The request has no resolved model to authorize.');
    const model = exchange.plan?.groups[0]?.model ?? exchange.target.name;
    const permitting = new Set<string>();
    const refused = this.#checkModel(exchange, principal, model, permitting);
    if (refused) return refused;
    const plan = authorizeFallbacks(exchange, (fallback) => checkUse(this.#authorizer, this.#catalog, principal, 'model', fallback), this.enforce);
    for (const id of plan.policyIds) permitting.add(id);
    if (!plan.servable) {
      const first = plan.dropped[0] as (typeof plan.dropped)[number];
      return hiddenModelRefusal(
        exchange,
        'authorize',
        { reason: first.reason, policyId: first.policyId, note: `no deployment of '${model}' is approved; ${droppedNote(plan.dropped, this.enforce)}` },
        this.enforce,
      );
    }
    const uses = requestedUses(exchange);
    const refusedUse = this.#checkUses(exchange, principal, uses, permitting);
    if (refusedUse) return refusedUse;
    const checked = summary(uses, plan.checked);
    return {
      action: 'continue',
      policyId: [...permitting].join(','),
      note: plan.dropped.length > 0 ? `${checked}; ${droppedNote(plan.dropped, this.enforce)}` : checked,
    };
  }

  onResponse(exchange: Exchange, response: ResponseBody): Verdict {
    const principal = exchange.principal;
    if (!principal) return { action: 'continue', note: 'auth off' };
    if (response.operation !== 'chat') return CONTINUE;
    if (this.#authorizer.readsToolArgs) {
      const calls = toolCallsInResult(response.body);
      if (calls.length === 0) return CONTINUE;
      const outcome = checkProposedCalls(this.#authorizer, this.#catalog, principal, calls, OUTPUT_REFUSAL);
      if (outcome.allowed) return { action: 'continue', policyId: outcome.policyIds.join(','), note: 'output tool calls with arguments' };
      this.#note(exchange, outcome.errors);
      return respond(outcome.reason, outcome.message, { policyId: outcome.policyId });
    }
    const permitting = new Set<string>();
    for (const tool of toolsInResult(response.body)) {
      const outcome = checkUse(this.#authorizer, this.#catalog, principal, 'tool', tool.name, 'output');
      // The model's tool name is completion content: the message never repeats it.
      if (!outcome.allowed) {
        this.#note(exchange, outcome.errors);
        return respond(outcome.reason, OUTPUT_REFUSAL, { policyId: outcome.policyId });
      }
      for (const id of outcome.policyIds) permitting.add(id);
    }
    return permitting.size > 0 ? { action: 'continue', policyId: [...permitting].join(','), note: 'output tool calls' } : CONTINUE;
  }

  // A streamed tool call is checked on the part that names it, before that part is released: a forbidden
  // name ends the stream and the client never receives the call. Each name is checked once per stream.
  // When a policy reads a call's arguments, transformStream holds the calls back instead (stream-calls.ts).
  #checkStreamedName(exchange: Exchange, part: StreamPart): Continue | Respond | undefined {
    if (part.type !== 'tool-call-delta' || part.name === undefined) return undefined;
    const principal = exchange.principal;
    if (!principal) return undefined;
    let checked = exchange.state.get(CHECKED_TOOLS) as Set<string> | undefined;
    if (checked?.has(part.name)) return undefined;
    if (!checked) exchange.state.set(CHECKED_TOOLS, (checked = new Set()));
    checked.add(part.name);
    const outcome = checkUse(this.#authorizer, this.#catalog, principal, 'tool', part.name, 'output');
    if (outcome.allowed) return { action: 'continue', policyId: outcome.policyIds.join(','), note: 'output tool call' };
    this.#note(exchange, outcome.errors);
    return respond(outcome.reason, STREAM_REFUSAL, { policyId: outcome.policyId });
  }

  /**
   * invoke_model on the plan's first model. A model the caller may not invoke answers as one that does not
   * exist; the trace keeps the real cause. An evaluation error is the gateway's fault, not a verdict on the
   * caller: it keeps its own code.
   */
  #checkModel(exchange: Exchange, principal: Principal, model: string, permitting: Set<string>): Verdict | undefined {
    const invoke = checkUse(this.#authorizer, this.#catalog, principal, 'model', model);
    if (!invoke.allowed) {
      this.#note(exchange, invoke.errors);
      if (invoke.reason === 'authorization_error')
        return respond(invoke.reason, refusalMessage('model', model, invoke.reason, principal), { param: 'model', policyId: invoke.policyId });
      return hiddenModelRefusal(
        exchange,
        'authorize',
        { reason: invoke.reason, policyId: invoke.policyId, note: `invoke_model '${model}' refused` },
        this.enforce,
      );
    }
    for (const id of invoke.policyIds) permitting.add(id);
    return undefined;
  }

  /** Every tool and dataset the request names, in order; the first refused one refuses the request. */
  #checkUses(exchange: Exchange, principal: Principal, uses: readonly RequestedUse[], permitting: Set<string>): Verdict | undefined {
    for (const use of uses) {
      const outcome = checkUse(this.#authorizer, this.#catalog, principal, use.kind, use.name, use.kind === 'tool' ? 'input' : undefined);
      if (!outcome.allowed) {
        this.#note(exchange, outcome.errors);
        return respond(outcome.reason, refusalMessage(use.kind, use.name, outcome.reason, principal), { param: use.param, policyId: outcome.policyId });
      }
      for (const id of outcome.policyIds) permitting.add(id);
    }
    return undefined;
  }

  #note(exchange: Exchange, errors: string[]): void {
    exchange.state.set(AUTHORIZATION, { policyVersion: this.#authorizer.policyVersion, errors } satisfies AuthorizationNote);
  }
}

/** The tools a chat request declares or replays, then the datasets of its x-gatehouse-datasets header. */
function requestedUses(exchange: Exchange): RequestedUse[] {
  const uses: RequestedUse[] = [];
  if (exchange.request.operation === 'chat') for (const t of toolsInRequest(exchange.request.body)) uses.push({ kind: 'tool', ...t });
  for (const d of datasetsInHeaders(exchange.headers)) uses.push({ kind: 'dataset', ...d });
  return uses;
}

/** The invoke_model check alone, for stages that must not reveal a model to a caller that may not invoke it. */
export function modelGate(authorizer: Authorizer, catalog: ResourceCatalog): ModelGate {
  return function mayInvokeModel(principal, model) {
    const outcome = checkUse(authorizer, catalog, principal, 'model', model);
    return outcome.allowed ? { allowed: true } : { allowed: false, reason: outcome.reason, policyId: outcome.policyId };
  };
}

/** Tool names already authorized in this exchange's stream. */
const CHECKED_TOOLS = Symbol('authorize.streamed-tools');

/** `model`, `model, 1 fallback, 2 tools, 1 dataset`: what was checked, for the trace. */
function summary(uses: ReadonlyArray<{ kind: ResourceKind }>, fallbacks: number): string {
  const count = (kind: ResourceKind): number => uses.filter((u) => u.kind === kind).length;
  const plural = (n: number, word: string): string => (n === 0 ? '' : `, ${n} ${word}${n === 1 ? '' : 's'}`);
  return `model${plural(fallbacks, 'fallback')}${plural(count('tool'), 'tool')}${plural(count('dataset'), 'dataset')}`;
}
