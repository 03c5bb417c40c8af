#!/usr/bin/env node
/**
 * A fake OpenAI-compatible upstream for the benchmark, doing as little work as possible so that the
 * CPU it takes from the shared cores is small and the same for every target.
 *
 * `POST <any path>` answers a fixed chat.completion, or a fixed SSE sequence in OpenAI's chunk format
 * when the request body asks for `"stream": true` (found by a regex, not by parsing JSON: parsing is
 * work the proxy under test should pay for, not the upstream). Any other method gets 404.
 * Prints one JSON line `{"ready":true,"port":N}` on stdout once listening (BENCH_PORT, default 0).
 * BENCH_CHUNK_DELAY_MS (default 0) spaces the streamed chunks.
 */
import http from 'node:http';

const MODEL = 'gpt-4o-mini';
const CREATED = 1_730_000_000;
const ID = 'chatcmpl-bench0000000000000000000000';
const USAGE = { prompt_tokens: 262, completion_tokens: 24, total_tokens: 286 };
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'];
const chunkDelayMs = Number(process.env.BENCH_CHUNK_DELAY_MS ?? 0);

const completionBody = Buffer.from(
  JSON.stringify({
    id: ID,
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join(''), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: USAGE,
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  }),
);

function sseChunk(choices, usage = null) {
  const chunk = {
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: MODEL,
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
    choices,
    usage,
  };
  return Buffer.from(`data: ${JSON.stringify(chunk)}\n\n`);
}

/** Role chunk, one chunk per word, finish chunk, usage chunk, [DONE]: 14 events, as OpenAI sends with include_usage. */
const streamEvents = [
  sseChunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]),
  ...WORDS.map((w) => sseChunk([{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }])),
  sseChunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
  sseChunk([], USAGE),
  Buffer.from('data: [DONE]\n\n'),
];

const STREAM_FLAG = /"stream"\s*:\s*true/;

function answerJson(res) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': completionBody.length, 'x-request-id': 'req_bench' });
  res.end(completionBody);
}

function answerStream(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_bench' });
  if (chunkDelayMs <= 0) {
    for (const event of streamEvents) res.write(event);
    res.end();
    return;
  }
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    res.write(streamEvents[i++]);
    if (i < streamEvents.length) setTimeout(next, chunkDelayMs);
    else res.end();
  };
  next();
}

const server = http.createServer({ keepAliveTimeout: 120_000 }, function handleUpstreamRequest(req, res) {
  if (req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  const parts = [];
  req.on('data', (part) => parts.push(part));
  req.on('end', () => {
    const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (STREAM_FLAG.test(body.latin1Slice(0, body.length))) answerStream(res);
    else answerJson(res);
  });
});
server.headersTimeout = 0;
server.requestTimeout = 0;

server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
});

// The harness holds an IPC channel: when it goes away (even killed), so do we.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
