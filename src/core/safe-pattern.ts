import safeRegex from 'safe-regex2';

/** Longest `pattern` (or `patternProperties` key) a schema may carry. */
export const MAX_PATTERN_LENGTH = 1024;

/** A schema's pattern that could backtrack catastrophically: the schema is refused, never compiled. */
export class UnsafePatternError extends Error {
  override readonly name = 'UnsafePatternError';
}

/**
 * Ajv's regular-expression engine for every schema the gateway compiles. Schemas come from callers (a
 * response_format), from upstream MCP servers (a tool's inputSchema) and from the configuration, and Ajv
 * runs their `pattern`s on texts a caller or a model controls: a nested quantifier such as `^(\w+\s?)*$`
 * takes seconds on a few dozen characters and stalls the event loop for everyone. A pattern whose star
 * height is above 1 or that repeats more than 25 times (safe-regex2's heuristic), or that is longer than
 * MAX_PATTERN_LENGTH, throws here, so the schema fails to compile and the check fails closed.
 * safe-regex2 does not see overlapping alternatives (`(a|aa)+`); those still compile.
 */
export const safePatternEngine = Object.assign(
  function safePattern(pattern: string, flags: string): RegExp {
    if (pattern.length > MAX_PATTERN_LENGTH) throw new UnsafePatternError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
    if (!safeRegex(pattern)) throw new UnsafePatternError('pattern may backtrack catastrophically (nested or repeated quantifiers)');
    return new RegExp(pattern, flags);
  },
  // Ajv's standalone code generation names the engine with this; the gateway never generates code.
  { code: 'new RegExp' },
);
