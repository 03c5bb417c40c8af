import type { EmbeddingsResult } from '../../core/chat-types.js';
import { isIndex, isRecord, malformed } from './wire-checks.js';

/**
 * Checks that a parsed upstream answer is an embeddings list (vectors as number arrays, or base64
 * strings when the client asked for `encoding_format: base64`) and fills the optional fields in place.
 * Throws ProviderError('upstream_bad_response') when the shape is wrong.
 */
export function parseEmbeddingsResult(body: unknown, providerId: string, requestedModel: string): EmbeddingsResult {
  if (!isRecord(body) || !Array.isArray(body.data)) throw malformed(providerId, 'an embeddings answer without a data array');
  const data: unknown[] = body.data;
  for (let i = 0; i < data.length; i++) {
    const item = data[i];
    if (!isRecord(item) || !(Array.isArray(item.embedding) || typeof item.embedding === 'string')) {
      throw malformed(providerId, 'an embedding that is neither a vector nor base64');
    }
    item.object = 'embedding';
    if (!isIndex(item.index)) item.index = i;
  }
  body.object = 'list';
  if (typeof body.model !== 'string') body.model = requestedModel;
  const usage = isRecord(body.usage) ? body.usage : (body.usage = {});
  if (typeof usage.prompt_tokens !== 'number') usage.prompt_tokens = 0;
  if (typeof usage.total_tokens !== 'number') usage.total_tokens = usage.prompt_tokens;
  return body as unknown as EmbeddingsResult;
}
