import type { z } from 'zod';
import type { ChatRequest } from '../core/chat-types.js';
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

declare const validatedChat: unique symbol;

/**
 * A chat request an ingress translator built from a body its API's schema accepted (`translateRequest`).
 * The brand exists only for the compiler; at run time the mark is membership of the very object handed out
 * in this module's WeakSet, so neither a field in a body nor a copy of a translated request carries it.
 */
export type ValidatedChatRequest = ChatRequest & { readonly [validatedChat]: true };

/**
 * The chat requests `translateRequest` minted: the very objects, weakly held. A field in a body cannot join
 * it, and no spread, structuredClone or JSON copy of a minted request is in it.
 */
const minted = new WeakSet<object>();

/**
 * Parses a body against an API's schema (as `parseRequest`, with its typed 400s) and translates what the
 * schema accepted with `translate`, whose chat request comes back marked as validated: validate-request
 * then passes it without parsing it a second time. Each translation must satisfy the chat schema for every
 * body its API schema accepts (the translators' fuzz tests hold them to it).
 */
export function translateRequest<T, R extends { chat: ChatRequest }>(
  schema: z.ZodType<T>,
  body: unknown,
  unsupported: readonly string[],
  translate: (request: T) => R,
): R & { chat: ValidatedChatRequest } {
  const translated = translate(parseRequest(schema, body, unsupported));
  minted.add(translated.chat);
  return translated as R & { chat: ValidatedChatRequest };
}

/** Whether `body` is a chat request `translateRequest` minted (the same object, not a copy or a lookalike). */
export function isValidatedChat(body: unknown): body is ValidatedChatRequest {
  return typeof body === 'object' && body !== null && minted.has(body);
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
