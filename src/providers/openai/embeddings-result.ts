import type { EmbeddingsResult } from '../../core/chat-types.js';
import { isIndex, isRecord, malformed, tokenCount } from './wire-checks.js';

/**
 * Rebuilds a parsed upstream answer as an embeddings list (vectors as number arrays, or base64 strings
 * when the client asked for `encoding_format: base64`) from the known fields only, filling the optional
 * ones; whatever else a server adds is dropped, as for chat completions.
 * Throws ProviderError('upstream_bad_response') when the shape is wrong.
 */
export function parseEmbeddingsResult(body: unknown, providerId: string, requestedModel: string): EmbeddingsResult {
  if (!isRecord(body) || !Array.isArray(body.data)) throw malformed(providerId, 'an embeddings answer without a data array');
  const source: unknown[] = body.data;
  const data: EmbeddingsResult['data'] = new Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const item = source[i];
    if (!isRecord(item) || !(isVector(item.embedding) || isBase64(item.embedding))) {
      throw malformed(providerId, 'an embedding that is neither a vector nor base64');
    }
    data[i] = { object: 'embedding', index: isIndex(item.index) ? item.index : i, embedding: item.embedding };
  }
  const usage = isRecord(body.usage) ? body.usage : {};
  const promptTokens = tokenCount(usage.prompt_tokens);
  const total = usage.total_tokens;
  return {
    object: 'list',
    data,
    model: typeof body.model === 'string' ? body.model : requestedModel,
    usage: { prompt_tokens: promptTokens, total_tokens: typeof total === 'number' && Number.isFinite(total) && total >= 0 ? Math.floor(total) : promptTokens },
  };
}

/** Numbers only: a vector is the one thing of an embedding no text detector reads, so it carries nothing else. */
function isVector(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') return false;
  return true;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isBase64(value: unknown): value is string {
  return typeof value === 'string' && BASE64.test(value);
}
