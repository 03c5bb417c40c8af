import { Pool, type Dispatcher } from 'undici';
import type { SecretResolver } from '../../../config/secrets.js';
import type { AsyncDetector, DetectContext, Finding } from '../../types.js';
import { parseWebhookAnswer } from './answer.js';
import { WebhookDetectorError } from './error.js';
import { parseWebhookOptions } from './options.js';

export { WebhookDetectorError } from './error.js';
export type { WebhookOptions } from './options.js';

/** A webhook detector owns a connection pool: close it with the runtime that built it. */
export interface WebhookDetector extends AsyncDetector {
  close(): Promise<void>;
}

export interface WebhookDetectorDeps {
  /** Resolves header values written as `env:NAME` / `file:PATH`, once, when the detector is built. */
  resolveSecret: SecretResolver;
}

/** An answer larger than this is not a findings list; reading it all would only cost memory. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * A detector that asks an external HTTP service. Each text is POSTed as
 * `{"text", "context": {direction, role, part}, "detector": "webhook"}`; the service answers
 * `{"findings": [{type, score, start?, end?, evidence?}]}`. A non-2xx status, a timeout, a connection error
 * or a malformed answer throws, so the policy's failMode decides. Options are validated and header secrets
 * resolved here, at configuration time.
 */
export function createWebhookDetector(options: unknown, deps: WebhookDetectorDeps): WebhookDetector {
  const config = parseWebhookOptions(options, deps.resolveSecret);
  const path = `${config.url.pathname}${config.url.search}`;
  const headers = { ...config.headers, 'content-type': 'application/json', accept: 'application/json' };
  // The per-call deadline bounds connect, headers and body together; the pool only needs the connect bound.
  const pool = new Pool(config.url.origin, { connections: 64, keepAliveTimeout: 30_000, connect: { timeout: config.timeoutMs } });
  let closed: Promise<void> | undefined;

  return {
    name: 'webhook',
    detect: async function webhookDetect(text: string, context: DetectContext, signal: AbortSignal): Promise<Finding[]> {
      const body = JSON.stringify({ text, context: { direction: context.direction, role: context.role, part: context.part }, detector: 'webhook' });
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
      try {
        const res = await pool.request({ method: 'POST', path, headers, body, signal: AbortSignal.any([signal, deadline.signal]) });
        const answer = await readCapped(res.body);
        if (res.statusCode < 200 || res.statusCode > 299) throw new WebhookDetectorError(`the webhook answered HTTP ${res.statusCode}`);
        return parseWebhookAnswer(answer, text.length, config.types);
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (err instanceof WebhookDetectorError) throw err;
        if (deadline.signal.aborted) throw new WebhookDetectorError(`the webhook did not answer within ${config.timeoutMs} ms`, { cause: err });
        const code = (err as { code?: unknown } | null)?.code;
        throw new WebhookDetectorError(`the webhook is unreachable (${typeof code === 'string' ? code : ((err as Error)?.name ?? 'error')})`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => (closed ??= pool.close()),
  };
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_ANSWER_BYTES) {
      // Destroying an unfinished undici body emits an error nobody else listens for.
      body.on('error', () => {});
      body.destroy();
      throw new WebhookDetectorError(`the webhook answered more than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
