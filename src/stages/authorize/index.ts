import type { Authorizer } from '../../authz/types.js';
import type { Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type Continue, type Respond, type ResponseBody, type Stage, type Verdict } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { checkUse, refusalMessage, type ResourceCatalog, type ResourceKind } from './checks.js';
import { datasetsInHeaders, toolsInRequest, toolsInResult } from './requested-resources.js';
import { authorizeGatewayUse } from './gateway-use.js';

export type { ResourceCatalog } from './checks.js';
export { DATASETS_HEADER } from './requested-resources.js';

export interface AuthorizeStageOptions {
  /** false: shadow mode, refusals are recorded and the exchange continues. Never fails open. */
  enforce?: boolean;
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
 * Authorizes every request with Cedar, after resolve-model: the model (invoke_model), every tool the
 * request declares or replays and every dataset of the `x-gatehouse-datasets` header, then every tool
 * call in the model's answer (complete or streamed) before the client sees it. Tools and datasets the
 * configuration does not declare are unreachable. Authorization never fails open.
 */
export function createAuthorizeStage(authorizer: Authorizer, catalog: ResourceCatalog, options: AuthorizeStageOptions = {}): Stage {
  const enforce = options.enforce ?? true;
  const note = (exchange: Exchange, errors: string[]): void => {
    exchange.state.set(AUTHORIZATION, { policyVersion: authorizer.policyVersion, errors } satisfies AuthorizationNote);
  };

  return {
    name: 'authorize',
    enforce,
    failOpen: false,

    onRequest: function authorizeRequest(exchange: Exchange): Verdict {
      const principal = exchange.principal;
      if (!principal) return { action: 'continue', note: 'auth off' };
      note(exchange, []);
      const gatewayUse = authorizeGatewayUse(authorizer, principal, exchange.request.operation);
      if (gatewayUse) return gatewayUse;
      if (!exchange.target) return respond('authorization_error', 'The request has no resolved model to authorize.');
      const uses: Array<{ kind: ResourceKind; name: string | null; param: string | null }> = [{ kind: 'model', name: exchange.target.name, param: 'model' }];
      if (exchange.request.operation === 'chat') for (const t of toolsInRequest(exchange.request.body)) uses.push({ kind: 'tool', ...t });
      for (const d of datasetsInHeaders(exchange.headers)) uses.push({ kind: 'dataset', ...d });

      const permitting = new Set<string>();
      for (const use of uses) {
        const outcome = checkUse(authorizer, catalog, principal, use.kind, use.name, use.kind === 'tool' ? 'input' : undefined);
        if (!outcome.allowed) {
          note(exchange, outcome.errors);
          return respond(outcome.reason, refusalMessage(use.kind, use.name, outcome.reason, principal), { param: use.param, policyId: outcome.policyId });
        }
        for (const id of outcome.policyIds) permitting.add(id);
      }
      return { action: 'continue', policyId: [...permitting].join(','), note: summary(uses) };
    },

    onResponse: function authorizeResponse(exchange: Exchange, response: ResponseBody): Verdict {
      const principal = exchange.principal;
      if (!principal) return { action: 'continue', note: 'auth off' };
      if (response.operation !== 'chat') return CONTINUE;
      const permitting = new Set<string>();
      for (const tool of toolsInResult(response.body)) {
        const outcome = checkUse(authorizer, catalog, principal, 'tool', tool.name, 'output');
        // The model's tool name is completion content: the message never repeats it.
        if (!outcome.allowed) {
          note(exchange, outcome.errors);
          return respond(outcome.reason, OUTPUT_REFUSAL, { policyId: outcome.policyId });
        }
        for (const id of outcome.policyIds) permitting.add(id);
      }
      return permitting.size > 0 ? { action: 'continue', policyId: [...permitting].join(','), note: 'output tool calls' } : CONTINUE;
    },

    // A streamed tool call is checked on the part that names it, before that part is released: a forbidden
    // name ends the stream and the client never receives the call. Each name is checked once per stream.
    onStreamPart: function authorizeStreamedToolCall(exchange: Exchange, part: StreamPart): Continue | Respond | undefined {
      if (part.type !== 'tool-call-delta' || part.name === undefined) return undefined;
      const principal = exchange.principal;
      if (!principal) return undefined;
      let checked = exchange.state.get(CHECKED_TOOLS) as Set<string> | undefined;
      if (checked?.has(part.name)) return undefined;
      if (!checked) exchange.state.set(CHECKED_TOOLS, (checked = new Set()));
      checked.add(part.name);
      const outcome = checkUse(authorizer, catalog, principal, 'tool', part.name, 'output');
      if (outcome.allowed) return { action: 'continue', policyId: outcome.policyIds.join(','), note: 'output tool call' };
      note(exchange, outcome.errors);
      return respond(outcome.reason, STREAM_REFUSAL, { policyId: outcome.policyId });
    },
  };
}

/** Tool names already authorized in this exchange's stream. */
const CHECKED_TOOLS = Symbol('authorize.streamed-tools');

/** `model`, `model, 2 tools, 1 dataset`: what was checked, for the trace. */
function summary(uses: ReadonlyArray<{ kind: ResourceKind }>): string {
  const count = (kind: ResourceKind): number => uses.filter((u) => u.kind === kind).length;
  const plural = (n: number, word: string): string => (n === 0 ? '' : `, ${n} ${word}${n === 1 ? '' : 's'}`);
  return `model${plural(count('tool'), 'tool')}${plural(count('dataset'), 'dataset')}`;
}
