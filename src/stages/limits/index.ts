import type { LimitsConfig } from '../../config/schema-limits.js';
import type { Stage } from '../../core/stage.js';
import type { LimitBackend } from '../../limits/backend.js';
import type { Logger } from '../../log/logger.js';
import type { ModelEntry } from '../../routing/registry.js';

export interface LimitsStageDeps {
  /** Lives as long as the gateway: a reload keeps the counters. */
  backend: LimitBackend;
  models: ReadonlyMap<string, ModelEntry>;
  logger: Logger;
}

/**
 * Requests and tokens per minute, concurrency and budgets (issue 6). IN PROGRESS: not built yet, so no
 * limit is enforced; returns undefined, and the stage list then has no limits stage.
 */
export function createLimitsStage(config: LimitsConfig, deps: LimitsStageDeps): Stage | undefined {
  void config;
  void deps;
  return undefined;
}
