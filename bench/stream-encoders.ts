/**
 * Encoding cost of one streamed answer per client API: the bench conversation's 50-part answer encoded by
 * the Responses and Messages encoders, median µs per stream over rounds. Run: npx tsx bench/stream-encoders.ts
 */
import { API_REQUESTS } from '../bench/chat-request.mjs';
import type { StreamPart } from '../src/core/stream-parts.js';
import { MessagesEncoder } from '../src/ingress/anthropic-messages/stream.js';
import { chatFromResponses } from '../src/ingress/responses/request.js';
import { ResponsesEncoder } from '../src/ingress/responses/stream.js';
import { OPENAI_CHAT } from '../src/server/api-shapes.js';

const PARTS = Number(process.env.PARTS ?? 50);
const { echo } = chatFromResponses(JSON.parse(API_REQUESTS.responses.body('gpt-4o-mini', true)));
const parts: StreamPart[] = [
  { type: 'start', id: 'chatcmpl-1', created: 1_700_000_000, model: 'gpt-4o-mini' },
  ...Array.from({ length: PARTS }, (_, i): StreamPart => ({ type: 'text-delta', choice: 0, text: `word${i} ` })),
  { type: 'finish', choice: 0, finishReason: 'stop' },
  { type: 'usage', usage: { prompt_tokens: 120, completion_tokens: PARTS, total_tokens: 120 + PARTS } },
];

const chatRequest = JSON.parse(API_REQUESTS.chat.body('gpt-4o-mini', true));
const encoders = {
  chat: () => OPENAI_CHAT.encoder(chatRequest, 'fallback'),
  responses: () => new ResponsesEncoder('fallback', 'gpt-4o-mini', echo),
  messages: () => new MessagesEncoder('fallback', 'gpt-4o-mini'),
};

function once(make: () => { encode(p: StreamPart): string; end(): string }): number {
  const encoder = make();
  let bytes = 0;
  for (const part of parts) bytes += encoder.encode(part).length;
  return bytes + encoder.end().length;
}

for (const [name, make] of Object.entries(encoders)) {
  const samples: number[] = [];
  let bytes = 0;
  for (let round = 0; round < 30; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) bytes = once(make);
    samples.push(Number(process.hrtime.bigint() - start) / 200 / 1000);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name}: ${samples[15]?.toFixed(1)} µs per ${PARTS}-part stream, ${bytes} bytes`);
}
