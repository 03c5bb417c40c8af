import type { Exchange } from '../core/exchange.js';

const VAULT = Symbol('guardrails.vault');

/** Longest placeholder the vault writes, `<` + type + `_` + number + `>`; bounds the streaming restore hold. */
export const MAX_PLACEHOLDER_LENGTH = 64;
const PLACEHOLDER = /<([A-Z][A-Z0-9_]{0,40}_\d{1,6})>/g;

/**
 * Reversible tokenization for one request: the same original always gets the same placeholder
 * (`<EMAIL_ADDRESS_1>`), so the model still sees a coherent conversation; originals never leave the process
 * and die with the exchange.
 */
export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** The placeholder for an original of a finding type. */
  tokenize(type: string, original: string): string {
    const label = placeholderLabel(type);
    const key = `${label}\u0000${original}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const token = `<${label}_${n}>`;
    this.byValue.set(key, token);
    this.byToken.set(token, original);
    return token;
  }

  get size(): number {
    return this.byToken.size;
  }

  /** Puts originals back; placeholders the vault did not issue are left as they are. */
  restore(text: string): string {
    if (this.byToken.size === 0 || !text.includes('<')) return text;
    return text.replace(PLACEHOLDER, (token) => this.byToken.get(token) ?? token);
  }
}

/** `EMAIL_ADDRESS`, `AWS_ACCESS_KEY` from any finding type: upper case, letters, digits and `_`. */
export function placeholderLabel(type: string): string {
  const label = type.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return /^[A-Z]/.test(label) ? label : `T_${label}`.slice(0, 40);
}

/** The exchange's vault; created on first use when `create` is set. */
export function vaultOf(exchange: Exchange, create: true): TokenVault;
export function vaultOf(exchange: Exchange, create?: boolean): TokenVault | undefined;
export function vaultOf(exchange: Exchange, create = false): TokenVault | undefined {
  let vault = exchange.state.get(VAULT) as TokenVault | undefined;
  if (!vault && create) {
    vault = new TokenVault();
    exchange.state.set(VAULT, vault);
  }
  return vault;
}

/**
 * Restores placeholders in streamed text that may split a placeholder across chunks: a tail that could
 * still become a placeholder (`<EMAIL_AD`) is held until it completes or cannot.
 */
export class StreamRestorer {
  private tail = '';

  constructor(private readonly vault: TokenVault) {}

  push(text: string): string {
    const all = this.tail + text;
    const open = all.lastIndexOf('<');
    if (open >= 0 && all.length - open < MAX_PLACEHOLDER_LENGTH && /^<[A-Z0-9_]*$/.test(all.slice(open))) {
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
