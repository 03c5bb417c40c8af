import type { z } from 'zod';
import { GatewayError } from '../core/errors.js';

/**
 * Parses a request body against an API's schema, or throws the typed 400 (`invalid_request`) that names
 * the offending parameter in the API's own path notation (`messages[0].content[1].type`), never its value.
 * `unsupported` lists parameters of the API the gateway refuses by name, so the client learns the
 * parameter is known and deliberately not carried rather than misspelled. Such a parameter sent empty
 * (null, or an empty list, as SDKs such as OpenAI's Agents SDK send `include: []`) asks for nothing, and is
 * accepted.
 */
export function parseRequest<T>(schema: z.ZodType<T>, body: unknown, unsupported: readonly string[] = []): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayError('invalid_request', 'The request body must be a JSON object.');
  const result = schema.safeParse(withoutEmpty(body as Record<string, unknown>, unsupported));
  if (result.success) return result.data;
  const { issue, path } = deepest(result.error.issues[0] as z.core.$ZodIssue, []);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] as string;
    path.push(key);
    const param = paramOf(path);
    const why = path.length === 1 && unsupported.includes(key) ? 'is not supported by this gateway' : 'is not a parameter this gateway accepts';
    throw new GatewayError('invalid_request', `'${param}' ${why}.`, { param });
  }
  const param = paramOf(path);
  throw new GatewayError('invalid_request', param ? `Invalid '${param}': ${issue.message}` : issue.message, { param: param || null });
}

/**
 * The most specific issue: a union (content as a string or as blocks, say) reports that no branch matched;
 * the branch issue that got furthest into the value names what is actually wrong.
 */
function deepest(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): { issue: z.core.$ZodIssue; path: PropertyKey[] } {
  const here = [...prefix, ...issue.path];
  let best = { issue, path: here };
  if (issue.code !== 'invalid_union') return best;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = deepest(inner, here);
      if (candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best;
}

/** The body without the unsupported parameters it sends empty; the body itself when it sends none (the usual case). */
function withoutEmpty(body: Record<string, unknown>, unsupported: readonly string[]): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of unsupported) {
    const value = body[key];
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      copy ??= { ...body };
      delete copy[key];
    }
  }
  return copy ?? body;
}

/** ['messages', 0, 'content'] -> 'messages[0].content' */
export function paramOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** A typed 400 for a request that is well-formed but asks for something the gateway does not do. */
export function unsupported(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}
