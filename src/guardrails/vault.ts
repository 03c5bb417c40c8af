import { randomBytes } from 'node:crypto';
import type { Exchange } from '../core/exchange.js';

const VAULT = Symbol('guardrails.vault');

/** Longest placeholder the vault writes, `<` + type + `_` + number + `_` + nonce + `>`; bounds the streaming restore hold. */
export const MAX_PLACEHOLDER_LENGTH = 64;
const NONCE_LENGTH = 6;
/** RFC 4648 base32, lower case: no 0/1/8/9 to misread, and no character a model tends to "correct". */
const NONCE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const PLACEHOLDER = /<[A-Z][A-Z0-9_]{0,40}_\d{1,7}_[a-z2-7]{6}>/g;
const WHOLE_PLACEHOLDER = /^<[A-Z][A-Z0-9_]{0,40}_\d{1,7}_[a-z2-7]{6}>$/;

/** True for exactly one placeholder in the vault's format (`<EMAIL_ADDRESS_1_k7q2mx>`), issued or not. */
export function isPlaceholder(text: string): boolean {
  return WHOLE_PLACEHOLDER.test(text);
}
/** A tail that may still become a placeholder: `<`, `<EMAIL_AD`, `<EMAIL_ADDRESS_1_k7`. */
const PLACEHOLDER_PREFIX = /^<[A-Za-z0-9_]*$/;

/**
 * Reversible tokenization for one request: the same original always gets the same placeholder
 * (`<EMAIL_ADDRESS_1_k7q2mx>`), so the model still sees a coherent conversation; originals never leave the
 * process and die with the exchange. Every placeholder carries the request's random nonce, and only the
 * placeholders this vault issued are restored: a client (or a document it pastes) that writes
 * `<EMAIL_ADDRESS_1>`, or any guessed nonce, gets that text back literally, never a value of the request.
 */
export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** The suffix every placeholder of this request ends with, `_<nonce>>`. */
  private readonly suffix: string;

  /**
   * `avoid`: the request's own texts. A nonce that already appears in one of them is drawn again, so a
   * placeholder the client wrote can never equal one the vault issues, however it was guessed.
   */
  constructor(
    avoid: readonly string[] = [],
    readonly nonce: string = drawNonce(avoid),
  ) {
    this.suffix = `_${nonce}>`;
  }

  /** The placeholder for an original of a finding type. */
  tokenize(type: string, original: string): string {
    const label = placeholderLabel(type);
    const key = `${label}\u0000${original}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const token = `<${label}_${n}${this.suffix}`;
    this.byValue.set(key, token);
    this.byToken.set(token, original);
    return token;
  }

  get size(): number {
    return this.byToken.size;
  }

  /** Puts originals back; placeholders the vault did not issue (another nonce, none, another number) are left as they are. */
  restore(text: string): string {
    if (this.byToken.size === 0 || !text.includes(this.suffix)) return text;
    return text.replace(PLACEHOLDER, (token) => this.byToken.get(token) ?? token);
  }

  /**
   * As `restore`, for JSON text (tool-call arguments): each original goes back escaped as a JSON string's
   * content, so an original holding `"` or `\` cannot end the string or change the arguments' structure.
   */
  restoreJson(text: string): string {
    if (this.byToken.size === 0 || !text.includes(this.suffix)) return text;
    return text.replace(PLACEHOLDER, (token) => {
      const original = this.byToken.get(token);
      return original === undefined ? token : JSON.stringify(original).slice(1, -1);
    });
  }
}

/** A nonce that appears as a placeholder ending in none of `avoid`. */
export function drawNonce(avoid: readonly string[], random: (size: number) => Uint8Array = randomBytes): string {
  for (;;) {
    const bytes = random(NONCE_LENGTH);
    let nonce = '';
    for (const b of bytes) nonce += NONCE_ALPHABET[b & 31];
    const marker = `_${nonce}>`;
    if (!avoid.some((text) => text.includes(marker))) return nonce;
  }
}

/** Labels by finding type: a request with 100k findings has a handful of types. Bounded, types come from webhooks too. */
const LABELS = new Map<string, string>();

/** `EMAIL_ADDRESS`, `AWS_ACCESS_KEY` from any finding type: upper case, letters, digits and `_`. */
export function placeholderLabel(type: string): string {
  let label = LABELS.get(type);
  if (label === undefined) {
    const cleaned = type
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40);
    label = /^[A-Z]/.test(cleaned) ? cleaned : `T_${cleaned}`.slice(0, 40);
    if (LABELS.size >= 1024) LABELS.clear();
    LABELS.set(type, label);
  }
  return label;
}

/**
 * The exchange's vault; created on first use when `create` is set, its nonce drawn so that it appears in
 * none of `avoid` (the request's texts).
 */
export function vaultOf(exchange: Exchange, create: true, avoid?: readonly string[]): TokenVault;
export function vaultOf(exchange: Exchange, create?: boolean): TokenVault | undefined;
export function vaultOf(exchange: Exchange, create = false, avoid: readonly string[] = []): TokenVault | undefined {
  let vault = exchange.state.get(VAULT) as TokenVault | undefined;
  if (!vault && create) {
    vault = new TokenVault(avoid);
    exchange.state.set(VAULT, vault);
  }
  return vault;
}

/**
 * Restores placeholders in streamed text that may split a placeholder across chunks: a tail that could
 * still become a placeholder (`<EMAIL_AD`, `<EMAIL_ADDRESS_1_k7`) is held until it completes or cannot.
 */
export class StreamRestorer {
  private tail = '';

  constructor(private readonly vault: TokenVault) {}

  push(text: string): string {
    const all = this.tail + text;
    const open = all.lastIndexOf('<');
    if (open >= 0 && all.length - open < MAX_PLACEHOLDER_LENGTH && PLACEHOLDER_PREFIX.test(all.slice(open))) {
      this.tail = all.slice(open);
      return this.vault.restore(all.slice(0, open));
    }
    this.tail = '';
    return this.vault.restore(all);
  }

  flush(): string {
    const rest = this.tail;
    this.tail = '';
    return this.vault.restore(rest);
  }
}
