/**
 * Fields an operator lets through beyond the ones the gateway knows (`providers.<id>.passthroughFields`),
 * by level of a non-streamed chat completion. The output guardrails scan every string inside them.
 */
export interface PassthroughFields {
  readonly top?: readonly string[] | undefined;
  readonly choice?: readonly string[] | undefined;
  readonly message?: readonly string[] | undefined;
}

export const NO_PASSTHROUGH: PassthroughFields = Object.freeze({});

/**
 * Copies the listed fields that are present. The config schema keeps the names to plain identifiers
 * other than the known fields (so nothing known is overwritten unchecked) and `__proto__`.
 */
export function copyPassthrough(source: Record<string, unknown>, target: object, fields: readonly string[]): void {
  const out = target as Record<string, unknown>;
  for (const field of fields) {
    if (Object.hasOwn(source, field) && source[field] !== undefined) out[field] = source[field];
  }
}
