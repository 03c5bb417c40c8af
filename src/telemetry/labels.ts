import { REASON_CODES } from '../core/reason-codes.js';

/** Label value for anything outside an allow-set or past a label's cardinality cap. */
export const OTHER = 'other';
/** Label value for a field the record does not have (no model on an admin call, no provider before routing). */
export const NONE = 'none';

const MAX_VALUE_CHARS = 64;

/** The reason label: a code from the catalogue, never free text. */
export function reasonLabel(reason: string): string {
  return Object.hasOwn(REASON_CODES, reason) ? reason : OTHER;
}

/** The model label: one of the configured model names, `other` for anything a client made up. */
export function modelLabel(model: string | null, configured: ReadonlySet<string>): string {
  if (model === null) return NONE;
  return configured.has(model) ? model : OTHER;
}

/**
 * A label whose values come from the server (stage names, provider ids, detector names) rather than from
 * an allow-set. They are bounded anyway: a webhook detector chooses its own finding types, and a metric
 * must not grow a series per value it invents. The first `maxValues` distinct values are kept; later
 * ones, and values longer than 64 characters, become `other`.
 */
export class CappedLabel {
  readonly #seen = new Set<string>();
  readonly #maxValues: number;

  constructor(maxValues: number) {
    this.#maxValues = maxValues;
  }

  value(raw: string | null | undefined): string {
    if (raw === null || raw === undefined || raw === '') return NONE;
    if (this.#seen.has(raw)) return raw;
    if (raw.length > MAX_VALUE_CHARS || this.#seen.size >= this.#maxValues) return OTHER;
    this.#seen.add(raw);
    return raw;
  }
}
