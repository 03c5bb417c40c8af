import type { AuditConfig, ContentMode } from '../config/schema-audit.js';
import type { ChatResult } from '../core/chat-types.js';
import type { Exchange } from '../core/exchange.js';
import type { StreamPart } from '../core/stream-parts.js';
import { redactText } from '../guardrails/redaction.js';
import type { Detector } from '../guardrails/types.js';
import type { ContentRow } from '../storage/content-repository.js';
import type { Store } from '../storage/store.js';
import { canonicalContentJson } from '../core/canonical.js';
import type { ContentCipher } from './content-cipher.js';

/**
 * The detectors `redacted` masks with, imported only when some environment keeps redacted content: the PII
 * name lists and the secrets rules stay out of a gateway that does not (a failure to load fails its start).
 */
export async function contentMasks(): Promise<Detector[]> {
  const [{ createPiiDetector }, { createSecretsDetector }] = await Promise.all([
    import('../guardrails/detectors/pii/index.js'),
    import('../guardrails/detectors/secrets/index.js'),
  ]);
  return [createPiiDetector(), createSecretsDetector()];
}

/** What the record says about content, and the encrypted row to store with it (modes redacted and full). */
export interface CapturedContent {
  mode: ContentMode;
  digest: string | null;
  row: ContentRow | undefined;
}

/** What an exchange answered, as content: a result body, a stream's assembled parts, or nothing. */
export type ContentResponse = ChatResult | Record<string, unknown> | null;

const ORIGINAL = Symbol('audit.content.original');
const STREAMED = Symbol('audit.content.streamed');

/** A subject key is re-read after this long, so an erasure elsewhere takes effect here too. */
const KEY_TTL_MS = 5_000;

/**
 * Keeps prompts and answers as the data policy says: `none` keeps nothing; `hashed` keeps an HMAC digest
 * in the record (sealed into the chain); `redacted` and `full` also store the content, encrypted under
 * the subject's key, `redacted` after masking what the PII and secrets detectors find. The subject is the
 * end user, else the calling identity, so one person's content can be erased.
 */
export class ContentPolicy {
  readonly #config: AuditConfig['content'];
  readonly #cipher: ContentCipher;
  readonly #store: Store;
  readonly #keys = new Map<string, { key: Buffer; at: number }>();
  /** The PII and secrets detectors `redacted` masks with; undefined for a reader (openContentReader), which never captures. */
  readonly #masks: readonly Detector[] | undefined;
  /** True when some environment keeps full content: the original request must be copied before stages rewrite it. */
  readonly keepsOriginal: boolean;
  readonly enabled: boolean;

  constructor(config: AuditConfig['content'], cipher: ContentCipher, store: Store, masks?: readonly Detector[]) {
    this.#config = config;
    this.#cipher = cipher;
    this.#store = store;
    const modes = [config.mode, ...Object.values(config.environments)];
    this.keepsOriginal = modes.includes('full');
    this.enabled = modes.some((m) => m !== 'none');
    this.#masks = masks;
  }

  modeFor(environment: string | null): ContentMode {
    const byEnv = environment === null ? undefined : this.#config.environments[environment as keyof AuditConfig['content']['environments']];
    return byEnv ?? this.#config.mode;
  }

  /** Called when the exchange starts: keeps a copy of the request as the client sent it, if needed. */
  begin(exchange: Exchange): void {
    if (this.keepsOriginal) exchange.state.set(ORIGINAL, structuredClone(exchange.request.body));
  }

  /** Called for every part a stream sends to the client, so the answer can be stored as it was seen. */
  streamPart(exchange: Exchange, part: StreamPart): void {
    if (!this.enabled) return;
    let parts = exchange.state.get(STREAMED) as StreamPart[] | undefined;
    if (!parts) exchange.state.set(STREAMED, (parts = []));
    if (part.type === 'text-delta' || part.type === 'tool-call-delta' || part.type === 'refusal-delta' || part.type === 'finish') parts.push(part);
  }

  async capture(exchange: Exchange, response: ContentResponse): Promise<CapturedContent | null> {
    const mode = this.modeFor(exchange.principal?.identity.environment ?? null);
    if (mode === 'none') return null;
    const request = mode === 'full' ? (exchange.state.get(ORIGINAL) ?? exchange.request.body) : exchange.request.body;
    const answer = response ?? assembleStream(exchange.state.get(STREAMED) as StreamPart[] | undefined);
    let text = canonicalContentJson({ request, response: answer });
    if (mode === 'redacted') text = this.#mask(text);
    const digest = this.#cipher.digest(text);
    if (mode === 'hashed') return { mode, digest, row: undefined };
    const subject = exchange.endUser !== null ? `user:${exchange.endUser}` : `identity:${exchange.identity.id}`;
    const key = await this.#subjectKey(subject);
    return { mode, digest, row: { id: exchange.id, subject, createdAt: exchange.startedAt, mode, sealed: this.#cipher.encrypt(key, exchange.id, text) } };
  }

  /** Decrypts one stored row; undefined when its subject was erased. */
  async open(row: ContentRow): Promise<string | undefined> {
    const stored = await this.#store.content.subjectKey(row.subject);
    if (!stored?.wrapped) return undefined;
    return this.#cipher.decrypt(this.#cipher.unwrapSubjectKey(row.subject, stored.wrapped), row.id, row.sealed);
  }

  /** Masks every PII and secret span in the JSON text's string values (the text stays valid JSON). */
  #mask(json: string): string {
    const masks = this.#masks;
    // Never store `redacted` content unmasked: a policy built without its masks refuses to capture.
    if (!masks) throw new Error('content policy has no masks: build it with loadContentPolicy for mode redacted');
    return json.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
      const value = JSON.parse(whole) as string;
      const findings = masks.flatMap((d) => d.detect(value, { direction: 'input', part: 'content' })).filter((f) => f.score >= 0.5);
      return findings.length === 0 ? `"${inner}"` : JSON.stringify(redactText(value, findings, 'mask', undefined));
    });
  }

  async #subjectKey(subject: string): Promise<Buffer> {
    const cached = this.#keys.get(subject);
    const now = Date.now();
    if (cached && now - cached.at < KEY_TTL_MS) return cached.key;
    let stored = await this.#store.content.subjectKey(subject);
    if (!stored?.wrapped) {
      const fresh = this.#cipher.newSubjectKey(subject);
      stored = await this.#store.content.createSubjectKey(subject, fresh.wrapped, now);
    }
    const key = this.#cipher.unwrapSubjectKey(subject, stored.wrapped as string);
    if (this.#keys.size > 10_000) this.#keys.clear();
    this.#keys.set(subject, { key, at: now });
    return key;
  }
}

/** A stream's parts as one answer: text and refusal per choice, tool calls with their arguments joined. */
function assembleStream(parts: readonly StreamPart[] | undefined): Record<string, unknown> | null {
  if (!parts || parts.length === 0) return null;
  const choices = new Map<number, { text: string; refusal: string; toolCalls: Map<number, { name?: string; arguments: string }>; finishReason?: string }>();
  const choice = (i: number) => {
    let c = choices.get(i);
    if (!c) choices.set(i, (c = { text: '', refusal: '', toolCalls: new Map() }));
    return c;
  };
  for (const part of parts) {
    if (part.type === 'text-delta') choice(part.choice).text += part.text;
    else if (part.type === 'refusal-delta') choice(part.choice).refusal += part.text;
    else if (part.type === 'tool-call-delta') {
      const calls = choice(part.choice).toolCalls;
      const call = calls.get(part.index) ?? { arguments: '' };
      if (part.name !== undefined) call.name = part.name;
      call.arguments += part.arguments;
      calls.set(part.index, call);
    } else if (part.type === 'finish') choice(part.choice).finishReason = part.finishReason;
  }
  return {
    streamed: true,
    choices: [...choices.entries()].map(([index, c]) => ({
      index,
      content: c.text,
      ...(c.refusal ? { refusal: c.refusal } : {}),
      ...(c.toolCalls.size > 0 ? { tool_calls: [...c.toolCalls.values()] } : {}),
      ...(c.finishReason ? { finish_reason: c.finishReason } : {}),
    })),
  };
}
