import { z } from 'zod';
import type { SecretResolver } from '../../../config/secrets.js';

/** Options of the webhook detector, as written under `options:` in a guardrail policy. */
export const webhookOptionsSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    // Credentials in the URL would be a secret value in the config file, and end up in logs.
    .refine((url) => !/^https?:\/\/[^/?#]*@/i.test(url), 'must not carry credentials: send them in a header from a secret reference'),
  timeoutMs: z.number().int().positive().max(30_000).default(2_000),
  headers: z.record(z.string(), z.string()).default({}),
  types: z.array(z.string().min(1)).min(1).optional(),
});

export type WebhookOptions = z.input<typeof webhookOptionsSchema>;

/** Validated options with header secret references resolved to their values. */
export interface ResolvedWebhookOptions {
  url: URL;
  timeoutMs: number;
  headers: Record<string, string>;
  types: ReadonlySet<string> | undefined;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Framing and hop-by-hop headers are the gateway's to set: a configured one could desynchronise the request. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
]);
const SECRET_REF = /^(env|file):/;

/**
 * Validates the options and resolves every header value written as a secret reference (`env:NAME`,
 * `file:PATH`). Throws a TypeError naming the option path; messages never repeat a header value.
 */
export function parseWebhookOptions(options: unknown, resolveSecret: SecretResolver): ResolvedWebhookOptions {
  const parsed = webhookOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new TypeError(parsed.error.issues.map((i) => `${['options', ...i.path].join('.')}: ${i.message}`).join('; '));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.data.headers)) {
    const where = `options.headers.${name}`;
    if (!HEADER_NAME.test(name)) throw new TypeError(`${where}: not a valid HTTP header name`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new TypeError(`${where}: set by the gateway, cannot be configured`);
    const resolved = SECRET_REF.test(value) ? resolveHeaderSecret(where, value, resolveSecret) : value;
    if (/[\r\n\0]/.test(resolved)) throw new TypeError(`${where}: the value contains a line break or NUL`);
    headers[name.toLowerCase()] = resolved;
  }
  return {
    url: new URL(parsed.data.url),
    timeoutMs: parsed.data.timeoutMs,
    headers,
    types: parsed.data.types ? new Set(parsed.data.types) : undefined,
  };
}

function resolveHeaderSecret(where: string, ref: string, resolveSecret: SecretResolver): string {
  try {
    return resolveSecret(ref);
  } catch (err) {
    // SecretError messages name the reference, never the value.
    throw new TypeError(`${where}: ${(err as Error).message}`);
  }
}
