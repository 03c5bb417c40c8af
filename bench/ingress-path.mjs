#!/usr/bin/env node
/**
 * What each client API adds to a request's own work, in process, without the network or the pipeline's
 * shared stages: the body parsed, translated (Messages, Responses), checked by validate-request, and the
 * answer put in the API's shape and serialised. The same conversation as bench/run.mjs's rate-* scenarios.
 *
 *   node bench/ingress-path.mjs [dist ...]    (default: dist; build first with npm run build)
 *
 * Several builds (a copy of an older dist/, say) are measured in turns, batch by batch, so a busy machine
 * disturbs them alike. CPU time per request (process.cpuUsage), min and median over the batches. A server
 * adds its own cache misses: in a CPU profile of the gateway at 500 req/s these steps read several times
 * their figure here, in the same proportions.
 */
import path from 'node:path';
import { API_REQUESTS } from './chat-request.mjs';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const PER_BATCH = 2000;
const WARMUP_BATCHES = 5;

const RESULT_TEXT = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy dog. '.repeat(3) }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
});

/**
 * The request path of each API in one build: the route's work before the first stage, validate-request, the answer.
 * `translatedFrom` is for builds before the translators minted validated chat requests (which ignore it), so an
 * older dist/ is measured doing its one validation too.
 */
async function pathsOf(dist) {
  const root = path.resolve(dist);
  const responses = await import(path.join(root, 'ingress/responses/index.js'));
  const messages = await import(path.join(root, 'ingress/anthropic-messages/index.js'));
  const validate = (await import(path.join(root, 'stages/validate-request/index.js'))).createValidateRequestStage();
  const text = Object.fromEntries(Object.entries(API_REQUESTS).map(([api, r]) => [api, r.body('bench-model', false)]));
  return {
    chat() {
      validate.onRequest({ request: { operation: 'chat', body: JSON.parse(text.chat) } });
      return JSON.stringify(JSON.parse(RESULT_TEXT));
    },
    messages() {
      const body = messages.chatFromMessages(JSON.parse(text.messages));
      validate.onRequest({ request: { operation: 'chat', body, translatedFrom: messages.ANTHROPIC_MESSAGES.name } });
      return JSON.stringify(messages.ANTHROPIC_MESSAGES.answer(JSON.parse(RESULT_TEXT)));
    },
    responses() {
      const { chat, echo } = responses.chatFromResponses(JSON.parse(text.responses));
      const api = responses.responsesApi(echo);
      validate.onRequest({ request: { operation: 'chat', body: chat, translatedFrom: api.name } });
      return JSON.stringify(api.answer(JSON.parse(RESULT_TEXT)));
    },
  };
}

const dists = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['dist'];
const builds = await Promise.all(dists.map(async (dist) => ({ dist, paths: await pathsOf(dist) })));
const samples = new Map();
for (let batch = 0; batch < BATCHES + WARMUP_BATCHES; batch++) {
  for (const api of ['chat', 'messages', 'responses']) {
    for (const { dist, paths } of builds) {
      const run = paths[api];
      const before = process.cpuUsage();
      for (let i = 0; i < PER_BATCH; i++) run();
      const used = process.cpuUsage(before);
      const key = `${dist} ${api}`;
      if (batch >= WARMUP_BATCHES) samples.set(key, [...(samples.get(key) ?? []), (used.user + used.system) / PER_BATCH]);
    }
  }
}
console.log('request path per API, CPU µs per request (min / median of %d batches of %d)', BATCHES, PER_BATCH);
for (const [key, values] of samples) {
  const sorted = values.sort((a, b) => a - b);
  console.log(`${key.padEnd(28)} ${sorted[0].toFixed(2).padStart(7)} / ${sorted[Math.floor(sorted.length / 2)].toFixed(2).padStart(7)}`);
}
