/**
 * Operator controls the request path consults: kill switches, incident mode and promoted model versions.
 * The state lives in the store (so the CLI and every replica see it) and is mirrored in memory; reading
 * it on the request path is a Map lookup. See src/control/ for how it is kept fresh.
 */

/**
 * What a kill switch can stop: one identity, one logical model, one provider, one upstream MCP server, one
 * tool (by its namespaced name, `shop/refund`; see src/core/mcp-names.ts), or everything.
 */
export type StopScope = 'identity' | 'model' | 'provider' | 'mcp_server' | 'tool' | 'all';

export const STOP_SCOPES: readonly StopScope[] = ['identity', 'model', 'provider', 'mcp_server', 'tool', 'all'];

/** The target of scope `all`. */
export const ALL_TARGET = '*';

export interface StopEntry {
  scope: StopScope;
  /** The identity id, model name, provider id, MCP server name or tool name; '*' for scope all. */
  target: string;
  reason: string;
  actor: string;
  at: number;
}

/** Who turned incident mode on, when and why. */
export interface IncidentEntry {
  reason: string;
  actor: string;
  at: number;
}

/** A model's promoted version, and the change that made it active. */
export interface PromotionEntry {
  model: string;
  version: string;
  reason: string;
  actor: string;
  at: number;
}

export interface ControlView {
  /** Bumped on every change; lets stream guards notice a change cheaply. */
  readonly revision: number;
  /** The stop that applies, if any; checked for identity, model, provider and all. */
  stopped(scope: StopScope, target: string): StopEntry | undefined;
  /** True while incident mode is on: every guardrail enforces (monitor becomes block, fail-open becomes fail-closed). */
  readonly incident: boolean;
  /** The promoted version of a model; undefined: its configured default. */
  activeVersion(model: string): string | undefined;
}

/** No stops, no incident, no promotions: what tests and tools without a store use. */
export const NO_CONTROLS: ControlView = Object.freeze({
  revision: 0,
  incident: false,
  stopped: () => undefined,
  activeVersion: () => undefined,
});
