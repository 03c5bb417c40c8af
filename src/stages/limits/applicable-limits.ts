import type { LimitSetConfig, LimitsConfig } from '../../config/schema-limits.js';
import type { Exchange } from '../../core/exchange.js';
import { mcpToolId } from '../../core/mcp-names.js';

/** Whose counters a limit set keeps: one identity (or all anonymous callers), a team, a model, or everyone. */
export type LimitScope = 'identity' | 'team' | 'model' | 'tool' | 'global';

/** A limit set that applies to an exchange, with the key its counters live under. */
export interface AppliedLimits {
  scope: LimitScope;
  /**
   * `identity:<id>`, `anonymous`, `team:<team>`, `model:<logical name>`, `tool:<tool>|<identity key>` or
   * `global`; the backend keys add the kind.
   */
  key: string;
  limits: LimitSetConfig;
}

/**
 * The limit sets an exchange must pass, every one of them: its identity's profile (the identity's own
 * `limitsProfile`, else its environment's default; anonymous callers the `anonymous` default), its team's
 * (or `teams['*']`), its model's (or `models['*']`) and the global set. Each identity has its own counters
 * even when identities share a profile; anonymous callers share one set.
 */
export function applicableLimits(config: LimitsConfig, exchange: Exchange): AppliedLimits[] {
  const applied: AppliedLimits[] = [];
  const identity = exchange.principal?.identity ?? null;
  if (identity) {
    const profile = profileOf(config, identity.limitsProfile, config.defaults[identity.environment]);
    if (profile) applied.push({ scope: 'identity', key: `identity:${identity.id}`, limits: profile });
    const team = identity.team === null ? undefined : (config.teams[identity.team] ?? config.teams['*']);
    if (team && identity.team !== null) applied.push({ scope: 'team', key: `team:${identity.team}`, limits: team });
  } else {
    const profile = profileOf(config, null, config.defaults.anonymous);
    if (profile) applied.push({ scope: 'identity', key: 'anonymous', limits: profile });
  }
  const model = exchange.target?.name;
  if (model !== undefined) {
    const limits = config.models[model] ?? config.models['*'];
    if (limits) applied.push({ scope: 'model', key: `model:${model}`, limits });
  }
  const tool = toolLimits(config, exchange, identity === null ? 'anonymous' : `identity:${identity.id}`);
  if (tool) applied.push(tool);
  if (config.global) applied.push({ scope: 'global', key: 'global', limits: config.global });
  return (exchange.releasedBy === undefined ? applied : applied.map(withoutHeldSlot)).filter((a) => hasAnyLimit(a.limits));
}

/**
 * A released request (src/stages/approval-result/release.ts) runs inside the result exchange, which already
 * holds the identity's, team's and global concurrency slot: taking a second one would refuse it at
 * `concurrentRequests: 1`, with its approval spent. Rates, tokens and budgets still count it; the model's
 * slot, which the result exchange does not hold, too.
 */
function withoutHeldSlot(applied: AppliedLimits): AppliedLimits {
  if (applied.scope === 'model' || applied.limits.concurrentRequests === undefined) return applied;
  const { concurrentRequests: _held, ...limits } = applied.limits;
  return { ...applied, limits };
}

/** An MCP tool call's own limits (`limits.tools`), with counters per tool per identity. */
function toolLimits(config: LimitsConfig, exchange: Exchange, caller: string): AppliedLimits | undefined {
  if (exchange.request.operation !== 'mcp.tools/call') return undefined;
  const body = exchange.request.body;
  const id = mcpToolId(body.server, body.tool ?? '');
  const limits = config.tools[id] ?? config.tools['*'];
  // The caller's key comes last and holds no '|' (identity ids cannot), so two keys never collide.
  return limits ? { scope: 'tool', key: `tool:${id}|${caller}`, limits } : undefined;
}

/**
 * An identity's own profile wins over its environment's default. A profile name the configuration does not
 * define (an identity created through the API with a typo) falls back to the default rather than to no
 * limit at all: an unknown name must not lift limits.
 */
function profileOf(config: LimitsConfig, own: string | null, fallback: string | undefined): LimitSetConfig | undefined {
  if (own !== null && config.profiles[own]) return config.profiles[own];
  return fallback === undefined ? undefined : config.profiles[fallback];
}

function hasAnyLimit(limits: LimitSetConfig): boolean {
  return (
    limits.requestsPerMinute !== undefined ||
    limits.tokensPerMinute !== undefined ||
    limits.concurrentRequests !== undefined ||
    limits.budget?.daily !== undefined ||
    limits.budget?.monthly !== undefined
  );
}

function everySet(config: LimitsConfig): LimitSetConfig[] {
  return [
    ...Object.values(config.profiles),
    ...Object.values(config.teams),
    ...Object.values(config.models),
    ...Object.values(config.tools),
    ...(config.global ? [config.global] : []),
  ];
}

/** Whether any limit set anywhere in the configuration limits anything: without one there is no stage. */
export function limitsConfigured(config: LimitsConfig): boolean {
  return everySet(config).some(hasAnyLimit);
}

/** Whether some request may need its tokens counted (then the tokenizer is loaded up front). */
export function countsTokens(config: LimitsConfig): boolean {
  return everySet(config).some((s) => s.tokensPerMinute !== undefined || s.budget !== undefined);
}

/** Whether tokens must be counted for these sets: only a tokens-per-minute limit or a budget needs them. */
export function needsTokens(applied: readonly AppliedLimits[]): boolean {
  return applied.some((a) => a.limits.tokensPerMinute !== undefined || a.limits.budget !== undefined);
}
