import type { EmbeddingsRequest } from '../core/chat-types.js';
import type { ScanTarget } from './policy.js';
import type { DetectContext } from './types.js';

type Decode = (tokens: readonly number[]) => string;

/**
 * OpenAI's embedding models read cl100k_base ids; its newer models o200k_base. Which one a caller meant is
 * not said, so an array is read under each encoding that can decode it, and refused only when none can.
 */
const ENCODINGS = ['cl100k_base', 'o200k_base'] as const;
let decoders: Promise<Decode[]> | undefined;

function loadDecoders(): Promise<Decode[]> {
  decoders ??= Promise.all([import('gpt-tokenizer/encoding/cl100k_base'), import('gpt-tokenizer/encoding/o200k_base')]).then((mods) =>
    mods.map((m) => m.decode as Decode),
  );
  return decoders;
}

/** Token arrays of an embeddings request decoded to text, or the path of the first array no encoding can decode. */
export type TokenTargets = { ok: true; targets: ScanTarget[] } | { ok: false; path: string };

/**
 * Embeddings sent as token ids (number[] or number[][]) as read-only targets: the decoded text cannot be
 * written back as the same ids, so a redact finding blocks.
 */
export async function tokenArrayTargets(body: EmbeddingsRequest): Promise<TokenTargets> {
  const input = body.input as unknown;
  if (!Array.isArray(input) || input.length === 0 || typeof input[0] === 'string') return { ok: true, targets: [] };
  const arrays: Array<[string, readonly number[]]> =
    typeof input[0] === 'number' ? [['input', input as number[]]] : (input as number[][]).map((ids, i) => [`input[${i}]`, ids]);
  const decode = await loadDecoders();
  const context: DetectContext = { direction: 'input', part: 'embedding_input' };
  const targets: ScanTarget[] = [];
  for (const [path, ids] of arrays) {
    let decoded = 0;
    for (let e = 0; e < ENCODINGS.length; e++) {
      const text = decodeOrNull(decode[e] as Decode, ids);
      if (text === null) continue;
      decoded++;
      if (text.length > 0) targets.push({ path, text, context });
    }
    if (decoded === 0) return { ok: false, path };
  }
  return { ok: true, targets };
}

function decodeOrNull(decode: Decode, ids: readonly number[]): string | null {
  try {
    return decode(ids);
  } catch {
    return null;
  }
}
