import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Pool, type Dispatcher } from 'undici';
import type { HttpSinkConfig } from '../config/schema-siem.js';
import { eventTime, toPlainEvent, type ProducerInfo, type SiemEvent } from './events.js';
import { toOcsf } from './ocsf.js';
import { errorCode, type SendResult, type SiemTransport } from './transport.js';

/**
 * Splunk HTTP Event Collector (and compatible) sink: a batch is one POST of newline-separated event
 * objects `{"time": <seconds>, "host", "source", "sourcetype", "index"?, "event": {...}}`, with
 * `Authorization: Splunk <token>`. 2xx is delivered; 429, 408 and 5xx are retried, and so are 401, 403,
 * 404 and the setup errors among HEC's 400s, which say the sink is misconfigured (token, URL, index)
 * rather than that the events are bad: retrying keeps them on disk until an operator fixes it. 413 asks
 * for smaller batches; any other 4xx marks the batch as poison. The token must have indexer
 * acknowledgement off: "delivered" means HEC accepted the batch.
 */
export function createHttpTransport(config: HttpSinkConfig, token: string, producer: ProducerInfo): SiemTransport {
  const url = new URL(config.url);
  const path = `${url.pathname}${url.search}`;
  const ca = config.caFile ? [...rootCertificates, readFileSync(config.caFile, 'utf8')] : undefined;
  const pool = new Pool(url.origin, { connections: 1, keepAliveTimeout: 30_000, connect: { timeout: config.timeoutMs, ...(ca ? { ca } : {}) } });
  const headers = { authorization: `Splunk ${token}`, 'content-type': 'application/json' };
  const sourcetype = config.sourcetype ?? (config.format === 'ocsf' ? 'ocsf' : '_json');
  const toEvent = config.format === 'ocsf' ? (e: SiemEvent) => toOcsf(e, producer) : toPlainEvent;

  return {
    target: `${url.origin}${url.pathname}`,
    maxBatchBytes: config.maxBatchBytes,
    encode(event) {
      return JSON.stringify({
        time: eventTime(event) / 1000,
        host: producer.hostname,
        source: config.source,
        sourcetype,
        ...(config.index ? { index: config.index } : {}),
        event: toEvent(event),
      });
    },
    async send(lines, signal): Promise<SendResult> {
      const deadline = AbortSignal.timeout(config.timeoutMs);
      try {
        const res = await pool.request({ method: 'POST', path, headers, body: lines.join('\n'), signal: AbortSignal.any([signal, deadline]) });
        return classify(res.statusCode, await readAnswer(res.body));
      } catch (err) {
        return { kind: 'retry', error: deadline.aborted ? 'timeout' : signal.aborted ? 'aborted' : errorCode(err) };
      }
    },
    async close() {
      await pool.close();
    },
  };
}

/**
 * HEC codes of a 400 that say the token or endpoint is set up wrongly (incorrect index, data channel
 * missing or invalid, ack disabled, query-string auth disabled): every batch would fail the same way,
 * so the events stay queued until an operator fixes the sink instead of being dead-lettered.
 */
const HEC_SETUP_ERRORS: ReadonlySet<number> = new Set([7, 10, 11, 14, 16]);

function classify(status: number, answer: HecAnswer): SendResult {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const error = `HTTP ${status}${answer.summary ? ` ${answer.summary}` : ''}`;
  if (status === 413) return { kind: 'too_large', error };
  if (status >= 500 || [401, 403, 404, 408, 429].includes(status)) return { kind: 'retry', error };
  if (status === 400 && answer.code !== undefined && HEC_SETUP_ERRORS.has(answer.code)) return { kind: 'retry', error };
  return { kind: 'poison', error };
}

interface HecAnswer {
  /** Short, for logs. */
  summary: string;
  code: number | undefined;
}

/**
 * HEC's error body (`{"text":"Invalid data format","code":6,"invalid-event-number":3}`) as a short
 * string for logs; only its fixed fields are kept, and the body is read no further than 4 KiB.
 */
async function readAnswer(body: Dispatcher.ResponseData['body']): Promise<HecAnswer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > 4096) {
      // Destroying an unfinished undici body emits an error nobody else listens for.
      body.on('error', () => {});
      body.destroy();
      break;
    }
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: unknown; code?: unknown; 'invalid-event-number'?: unknown };
    const code = typeof parsed.code === 'number' ? parsed.code : undefined;
    const parts = [
      typeof parsed.text === 'string' ? parsed.text : undefined,
      code === undefined ? undefined : `code ${code}`,
      typeof parsed['invalid-event-number'] === 'number' ? `event ${parsed['invalid-event-number']}` : undefined,
    ];
    return {
      summary: parts
        .filter((p) => p !== undefined)
        .join(', ')
        .slice(0, 200),
      code,
    };
  } catch {
    return { summary: '', code: undefined };
  }
}
