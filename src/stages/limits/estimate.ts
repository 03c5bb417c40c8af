import type { ChatRequest, EmbeddingsRequest } from '../../core/chat-types.js';
import type { Exchange } from '../../core/exchange.js';
import { countChatTokens, countEmbeddingTokens, encodingFor, loadTokenCounter, type EncodingName } from '../../limits/tokens.js';
import { worstCasePrice } from '../../routing/plan.js';
import { costMicroUsd, type Deployment } from '../../routing/model-registry.js';

/** The tokens a request is admitted on: input counted now, output reserved until the actual usage is known. */
export interface TokenEstimate {
  input: number;
  /** Output tokens reserved: max_completion_tokens ?? max_tokens ?? the configured default, times n choices. */
  output: number;
  /** Micro-USD of input + reserved output at the plan's worst-case price (see worstCasePrice). */
  costMicroUsd: number;
}

/** The estimate, or why the request cannot fit the deployment's context window at all. */
export type EstimateOutcome = { ok: true; estimate: TokenEstimate } | { ok: false; input: number; output: number; contextWindow: number };

/**
 * Counts the input and reserves output tokens as the most expensive deployment of the route plan would
 * bill them: any deployment of the plan may serve (a priced fallback behind an unpriced primary, say), so
 * the count uses the tokenizer that counts highest among the plan's providers, and the price each of the
 * highest input and output prices in the plan. Settlement then charges what the serving deployment billed. A default
 * reservation shrinks to what the context window leaves; a `max_tokens` the client chose does not, and a
 * prompt that with it cannot fit is refused before any upstream is called (the upstream would refuse too).
 */
export async function estimateTokens(exchange: Exchange, deployment: Deployment | undefined, defaultReservation: number): Promise<EstimateOutcome> {
  const target = exchange.target;
  const counter = await loadTokenCounter(planEncoding(exchange, target?.providerType ?? 'openai'));
  let input: number;
  let output = 0;
  if (exchange.request.operation === 'chat') {
    const body = exchange.request.body as ChatRequest;
    input = countChatTokens(counter, body);
    const asked = positive(body.max_completion_tokens) ?? positive(body.max_tokens);
    const choices = positive(body.n) ?? 1;
    const window = deployment?.contextWindow ?? null;
    // The default reservation shrinks to what the widest window of the plan leaves: a fallback with more room
    // may write more. Whether the prompt fits is still judged by the first deployment's window.
    const widest = exchange.plan ? widestWindow(exchange.plan) : window;
    const perChoice = asked ?? (widest === null ? defaultReservation : Math.min(defaultReservation, Math.max(widest - input, 1)));
    const needed = asked ?? (window === null ? perChoice : Math.min(perChoice, Math.max(window - input, 1)));
    if (window !== null && input + needed > window) return { ok: false, input, output: needed, contextWindow: window };
    output = perChoice * choices;
  } else {
    // An embedding model's context window bounds each input on its own, which the upstream checks.
    input = countEmbeddingTokens(counter, exchange.request.body as EmbeddingsRequest);
  }
  const pricing = exchange.plan ? worstCasePrice(exchange.plan) : (target?.pricing ?? null);
  return { ok: true, estimate: { input, output, costMicroUsd: costMicroUsd({ pricing }, input, output) } };
}

/** The largest context window of the plan's deployments; null when any states none (no bound). */
function widestWindow(plan: NonNullable<Exchange['plan']>): number | null {
  let widest = 0;
  for (const group of plan.groups) {
    for (const d of group.deployments) {
      if (d.contextWindow === null) return null;
      if (d.contextWindow > widest) widest = d.contextWindow;
    }
  }
  return widest === 0 ? null : widest;
}

/** cl100k splits text into more tokens than o200k: a plan that may reach a provider counted with it is counted with it. */
function planEncoding(exchange: Exchange, targetType: string): EncodingName {
  const own = encodingFor(targetType);
  if (own === 'cl100k_base' || !exchange.plan) return own;
  for (const group of exchange.plan.groups) for (const d of group.deployments) if (encodingFor(d.providerType) === 'cl100k_base') return 'cl100k_base';
  return own;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The deployment an exchange's target names (its context window), if the registry still has it. */
export function deploymentOf(
  models: ReadonlyMap<string, { deployments: readonly Deployment[] }>,
  exchange: Pick<Exchange, 'target' | 'plan'>,
): Deployment | undefined {
  const target = exchange.target;
  if (!target) return undefined;
  // The first deployment may be a fallback model's (the requested model has none for this caller).
  for (const group of exchange.plan?.groups ?? []) for (const d of group.deployments) if (d.id === target.deploymentId) return d;
  return models.get(target.name)?.deployments.find((d) => d.id === target.deploymentId);
}
