import { createHash } from 'node:crypto';
import type { EmbeddingsRequest, EmbeddingsResult } from '../../core/chat-types.js';

/** Deterministic unit vectors derived from a hash of each input: same text, same vector. */
export function mockEmbeddings(request: EmbeddingsRequest, defaultDimensions: number): EmbeddingsResult {
  const inputs = normaliseInputs(request.input);
  const dimensions = request.dimensions ?? defaultDimensions;
  let tokens = 0;
  const data = inputs.map((input, index) => {
    tokens += Math.max(1, Math.ceil(input.length / 4));
    const vector = vectorOf(input, dimensions);
    const embedding = request.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding' as const, index, embedding };
  });
  return { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function normaliseInputs(input: EmbeddingsRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.length > 0 && typeof input[0] === 'number') return [JSON.stringify(input)];
  return (input as Array<string | number[]>).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

function vectorOf(text: string, dimensions: number): number[] {
  const out: number[] = [];
  let block = createHash('sha256').update(text).digest();
  let counter = 0;
  while (out.length < dimensions) {
    for (let i = 0; i + 1 < block.length && out.length < dimensions; i += 2) out.push((block.readUInt16BE(i) / 65535) * 2 - 1);
    block = createHash('sha256').update(text).update(String(++counter)).digest();
  }
  const norm = Math.sqrt(out.reduce((sum, v) => sum + v * v, 0)) || 1;
  return out.map((v) => Math.round((v / norm) * 1e6) / 1e6);
}
