import type { ExchangeRequest } from '../core/exchange.js';
import type { ScanTarget } from './policy.js';
import { scanRequest } from './request-targets.js';

/**
 * Every string of a request, each with its path, its context and (where it can be) a way to rewrite it.
 * Injection arrives through any of them (a poisoned tool result, a tool schema, a file, an earlier assistant
 * turn), so none is skipped; see request-targets.ts and request-fields.ts for how each field is read.
 * The answer's targets are in result-targets.ts.
 */
export function requestTargets(request: ExchangeRequest): ScanTarget[] {
  return scanRequest(request).targets;
}
