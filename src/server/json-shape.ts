/** ES2024 string methods, present in Node 20; the compiler's lib stops at ES2023. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * Deepest nesting a request body may have. Real bodies (tool schemas included) stay far below it; the
 * audit record's canonical JSON wraps a body two levels deeper and refuses past 256, and every later
 * walk over the body (validation, scan targets, tokenizer) recurses, so the bound is kept well under both.
 */
export const MAX_JSON_DEPTH = 64;

/** Why a parsed body is refused, and where: `param` is the path in the OpenAI style (`messages[0].content`). */
export interface ShapeProblem {
  param: string;
  kind: 'too_deep' | 'lone_surrogate' | 'not_finite';
}

/**
 * A lone UTF-16 surrogate can only enter a parsed string through a `\uD800`-`\uDFFF` escape: the raw bytes
 * were already decoded as strict UTF-8. Most bodies have none, so the string walk is skipped for them.
 */
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/;

/**
 * Checks what JSON.parse accepts but the gateway cannot keep: nesting deeper than MAX_JSON_DEPTH, strings
 * or keys with a lone surrogate (text no UTF-8 store, upstream or audit record can carry losslessly), and
 * numbers too large for a double (`1e999` parses to Infinity, which JSON cannot carry: forwarded, it would
 * silently become null). Returns the first problem, or undefined.
 */
export function checkJsonShape(value: unknown, text: string): ShapeProblem | undefined {
  const strings = SURROGATE_ESCAPE.test(text);
  const path: Array<string | number> = [];
  const kind = walk(value, 0, strings, path);
  return kind === undefined ? undefined : { param: paramOf(path), kind };
}

function walk(value: unknown, depth: number, strings: boolean, path: Array<string | number>): ShapeProblem['kind'] | undefined {
  if (typeof value === 'string') return strings && !(value as Es2024String).isWellFormed() ? 'lone_surrogate' : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'not_finite';
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_JSON_DEPTH) return 'too_deep';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      if (item === null || typeof item === 'boolean' || (typeof item === 'string' && !strings) || (typeof item === 'number' && Number.isFinite(item))) continue;
      path.push(i);
      const kind = walk(item, depth + 1, strings, path);
      if (kind) return kind;
      path.pop();
    }
    return undefined;
  }
  for (const key in value) {
    path.push(key);
    if (strings && !(key as Es2024String).isWellFormed()) return 'lone_surrogate';
    const kind = walk((value as Record<string, unknown>)[key], depth + 1, strings, path);
    if (kind) return kind;
    path.pop();
  }
  return undefined;
}

/** The path as OpenAI names params, at most 256 characters, always well-formed text. */
function paramOf(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const key of path) {
    if (out.length > 256) break;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  }
  return (out.slice(0, 256) as Es2024String).toWellFormed();
}
