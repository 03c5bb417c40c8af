import type { ChatRequest, ChatResult, EmbeddingsRequest, EmbeddingsResult } from '../core/chat-types.js';
import type { Exchange, ExchangeRequest } from '../core/exchange.js';
import type { Router } from '../core/stage.js';
import type { StreamPart } from '../core/stream-parts.js';
import type { Environment, Identity } from '../identity/types.js';
import { guardrailsSchema } from '../config/schema-guardrails.js';
import { buildGuardrails, type DetectorFactory, type ProfileResolver } from './profile.js';
import { vaultOf } from './vault.js';
import { createJsonSchemaDetector, type JsonSchemaDetectorOptions } from './detectors/json-schema/index.js';
import { createKeywordsDetector } from './detectors/keywords/index.js';
import { createPiiDetector } from './detectors/pii/index.js';
import { createSecretsDetector } from './detectors/secrets/index.js';
import type { AsyncDetector, Detector, DetectorName, Finding } from './types.js';

/** A real Detector over one regular expression: the shape the built-in detectors have. */
export function patternDetector(name: DetectorName, type: string, pattern: RegExp, score = 0.9): Detector {
  return {
    name,
    detect(text: string): Finding[] {
      const out: Finding[] = [];
      for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)))
        out.push({ detector: name, type, score, start: m.index, end: m.index + m[0].length });
      return out;
    },
  };
}

export const EMAIL = /[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
export const API_KEY = /sk-[A-Za-z0-9]{20,}/;

/** An async detector that fails, like a webhook detector whose endpoint is down. */
export function failingDetector(name: DetectorName = 'webhook'): AsyncDetector {
  return {
    name,
    async detect(): Promise<Finding[]> {
      throw new Error('webhook timed out');
    },
  };
}

/** Detectors by name for compiled profiles; `options.fail` makes any of them throw. */
export const testDetectors: DetectorFactory = (name, options) => {
  if (options.fail) return failingDetector(name);
  if (name === 'pii') return patternDetector('pii', 'EMAIL_ADDRESS', EMAIL, 0.95);
  if (name === 'secrets') return patternDetector('secrets', 'openai_api_key', API_KEY, 0.99);
  if (name === 'keywords') return patternDetector('keywords', 'confidential', /CONFIDENTIAL/, typeof options.score === 'number' ? options.score : 0.9);
  if (name === 'prompt_injection') return patternDetector('prompt_injection', 'instruction_override', /ignore (all )?previous instructions/i, 0.97);
  throw new Error(`no test detector "${name}"`);
};

/**
 * The real built-in detectors where they are stable, imported one by one (the registry also loads the
 * injection model); the test ones for the rest.
 */
export const realDetectors: DetectorFactory = (name, options) => {
  if (name === 'pii') return createPiiDetector(options);
  if (name === 'secrets') return createSecretsDetector();
  if (name === 'keywords') return createKeywordsDetector(options);
  if (name === 'json_schema') return createJsonSchemaDetector(options as unknown as JsonSchemaDetectorOptions);
  return testDetectors(name, options);
};

/** Parses a guardrails section and builds its resolver (test detectors unless told otherwise). */
export function guardrails(
  section: unknown,
  identities: Record<string, { guardrailProfile?: string }> = {},
  factory: DetectorFactory = testDetectors,
): ProfileResolver {
  return buildGuardrails(guardrailsSchema.parse(section), factory, identities);
}

export function identity(environment: Environment, guardrailProfile: string | null = null): Identity {
  return {
    id: `svc-${environment}`,
    displayName: 'svc',
    owner: 'team',
    team: null,
    environment,
    state: 'active',
    purpose: null,
    allowedModels: ['*'],
    allowedTools: [],
    allowedDatasets: [],
    roles: [],
    allowedScopes: [],
    mayAssertEndUsers: false,
    limitsProfile: null,
    guardrailProfile,
    source: 'config',
    createdAt: 0,
    lastRotatedAt: null,
    lastUsedAt: null,
  };
}

export function exchangeOf(request: ExchangeRequest, options: { stream?: boolean; who?: Identity } = {}): Exchange {
  return {
    id: 'req-1',
    startedAt: Date.now(),
    t0: performance.now(),
    request,
    headers: {},
    signal: new AbortController().signal,
    streamed: options.stream ?? false,
    identity: { id: 'anonymous', kind: 'anonymous' },
    principal: options.who ? { identity: options.who, credential: 'access_token', tokenId: 'j', scopes: [], endUser: null, actor: null } : null,
    endUser: null,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    firstByteAt: null,
    state: new Map(),
  };
}

export function chat(body: Partial<ChatRequest>, options: { stream?: boolean; who?: Identity } = {}): Exchange {
  return exchangeOf({ operation: 'chat', body: { model: 'm', messages: [], ...body } }, options);
}

export function embeddings(input: EmbeddingsRequest['input'], who?: Identity): Exchange {
  return exchangeOf({ operation: 'embeddings', body: { model: 'e', input } }, who ? { who } : {});
}

export function resultOf(content: string | null, toolCalls?: Array<{ name: string; arguments: string }>): ChatResult {
  const message: ChatResult['choices'][number]['message'] = { role: 'assistant', content };
  if (toolCalls) message.tool_calls = toolCalls.map((c, i) => ({ id: `call_${i}`, type: 'function', function: c }));
  return { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: toolCalls ? 'tool_calls' : 'stop' }] };
}

/** Stands for the request's vault nonce in a scripted answer: the model repeats the placeholders it was given. */
export const NONCE = '§';

/** A placeholder as the vault of the exchange issued it: `issued('EMAIL_ADDRESS_1')` is `<EMAIL_ADDRESS_1_§>`. */
export function issued(label: string): string {
  return `<${label}_${NONCE}>`;
}

/** The answer with NONCE replaced by the exchange's vault nonce (left as is when there is no vault). */
function withNonce<T>(value: T, exchange: Exchange): T {
  const nonce = vaultOf(exchange)?.nonce;
  return nonce === undefined ? structuredClone(value) : (JSON.parse(JSON.stringify(value).replaceAll(NONCE, nonce)) as T);
}

/** The text with the exchange's vault nonce written as NONCE, to compare with `issued(...)`. */
export function nonceAsMarker(text: string, exchange: Exchange): string {
  const nonce = vaultOf(exchange)?.nonce;
  return nonce === undefined ? text : text.replaceAll(`_${nonce}>`, `_${NONCE}>`);
}

/**
 * A Router that records what the provider would receive (the vault nonce written as NONCE) and answers
 * with a fixed result or stream, NONCE replaced by the exchange's nonce.
 */
export function recordingRouter(answer: { result?: ChatResult; parts?: StreamPart[] } = {}): Router & { seen: Array<ChatRequest | EmbeddingsRequest> } {
  const seen: Array<ChatRequest | EmbeddingsRequest> = [];
  const record = (exchange: Exchange): void => void seen.push(JSON.parse(nonceAsMarker(JSON.stringify(exchange.request.body), exchange)) as ChatRequest);
  return {
    name: 'route',
    seen,
    async generate(exchange) {
      record(exchange);
      return withNonce(answer.result ?? resultOf('ok'), exchange);
    },
    async *stream(exchange) {
      record(exchange);
      for (const p of answer.parts ?? []) yield withNonce(p, exchange);
    },
    async embed(exchange): Promise<EmbeddingsResult> {
      seen.push(structuredClone(exchange.request.body) as ChatRequest | EmbeddingsRequest);
      return { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0] }], model: 'e', usage: { prompt_tokens: 1, total_tokens: 1 } };
    },
  };
}

/** Stream parts of one choice: a start, the text chunks, a finish. */
export function textStream(chunks: string[]): StreamPart[] {
  return [
    { type: 'start', id: 'c', model: 'm', created: 1 },
    ...chunks.map((text): StreamPart => ({ type: 'text-delta', choice: 0, text })),
    { type: 'finish', choice: 0, finishReason: 'stop' },
  ];
}
