import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult, ToolDefinition } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { Pipeline, type PipelineOutcome } from '../../core/pipeline.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { chat, guardrails, issued, NONCE, nonceAsMarker, recordingRouter, resultOf, textStream } from '../../guardrails/guardrails.fixtures.js';
import { createInputGuardrailsStage } from '../input-guardrails/index.js';
import { createOutputGuardrailsStage } from './index.js';

const KEY = 'sk-abcdefghijklmnopqrstuvwx';
const EMAIL_ADDR = 'ann.lee@example.com';
const SEND: ToolDefinition = {
  type: 'function',
  function: { name: 'send', parameters: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'], additionalProperties: false } },
};

type Section = { input?: Record<string, unknown>; output?: Record<string, unknown>; redaction?: Record<string, unknown>; streaming?: Record<string, unknown> };
const profiles = (p: Section) => guardrails({ profiles: { p }, defaults: { anonymous: 'p' } });

function pipeline(p: Section, answer: { result?: ChatResult; parts?: StreamPart[] }, enforce = true) {
  const resolve = profiles(p);
  return new Pipeline([createInputGuardrailsStage(resolve), createOutputGuardrailsStage(resolve, { enforce })], recordingRouter(answer));
}

const ask = (content: string, extra: Partial<ChatRequest> = {}, stream = false): Exchange =>
  chat({ messages: [{ role: 'user', content }], ...extra }, { stream });

function contentOf(outcome: PipelineOutcome): string | null | undefined {
  if (outcome.kind !== 'result' || outcome.response.operation !== 'chat') throw new Error(`expected a result, got ${outcome.kind}`);
  return outcome.response.body.choices[0]?.message.content;
}

/** Every part the client would get before the stream ended, and how it ended. */
async function drain(outcome: PipelineOutcome): Promise<{ parts: StreamPart[]; texts: string[]; error: unknown }> {
  if (outcome.kind !== 'stream') throw new Error(`expected a stream, got ${outcome.kind}`);
  const parts: StreamPart[] = [];
  let error: unknown;
  try {
    for await (const part of outcome.parts) parts.push(part);
  } catch (err) {
    error = err;
  }
  return { parts, texts: parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : [])), error };
}

describe('output guardrails, complete results', () => {
  it('allow: the answer is unchanged', async () => {
    expect(contentOf(await pipeline({ output: { secrets: { action: 'block' } } }, { result: resultOf('all good') }).run(ask('hi')))).toBe('all good');
  });

  it('block: a leaked secret refuses with output_blocked (403) naming the path, not the value', async () => {
    const ex = ask('hi');
    const outcome = await pipeline({ output: { secrets: { action: 'block' } } }, { result: resultOf(`the key is ${KEY}`) }).run(ex);
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'output_blocked', status: 403, param: 'choices[0].message.content' });
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(ex.trace.at(-1)).toMatchObject({
      stage: 'output-guardrails',
      phase: 'response',
      verdict: 'respond',
      policyId: 'guardrails/p/secrets:openai_api_key',
    });
  });

  it('redact (mask) rewrites the answer; monitor only records', async () => {
    expect(contentOf(await pipeline({ output: { pii: { action: 'redact' } } }, { result: resultOf(`write ${EMAIL_ADDR}`) }).run(ask('hi')))).toBe(
      'write [EMAIL_ADDRESS]',
    );
    const ex = ask('hi');
    expect(contentOf(await pipeline({ output: { pii: { action: 'monitor' } } }, { result: resultOf(`write ${EMAIL_ADDR}`) }).run(ex))).toBe(
      `write ${EMAIL_ADDR}`,
    );
    expect(ex.trace.at(-1)?.note).toBe('pii:EMAIL_ADDRESS@choices[0].message.content[6,25]=0.95 monitor');
  });

  it('redact (tokenize) + restore: the provider sees a placeholder, the caller gets the original back', async () => {
    const p: Section = { input: { pii: { action: 'redact' } }, output: { pii: { action: 'block' } }, redaction: { mode: 'tokenize', restore: true } };
    const router = recordingRouter({ result: resultOf(`I will write to ${issued('EMAIL_ADDRESS_1')} now.`) });
    const resolve = profiles(p);
    const outcome = await new Pipeline([createInputGuardrailsStage(resolve), createOutputGuardrailsStage(resolve)], router).run(
      ask(`email ${EMAIL_ADDR} please`),
    );
    expect((router.seen[0] as ChatRequest).messages[0]?.content).toBe(`email ${issued('EMAIL_ADDRESS_1')} please`);
    expect(contentOf(outcome)).toBe(`I will write to ${EMAIL_ADDR} now.`);
    const ex = ask(`email ${EMAIL_ADDR}`);
    const kept = await pipeline({ ...p, redaction: { mode: 'tokenize', restore: false } }, { result: resultOf(`to ${issued('EMAIL_ADDRESS_1')}`) }).run(ex);
    expect(nonceAsMarker(contentOf(kept) as string, ex)).toBe(`to ${issued('EMAIL_ADDRESS_1')}`);
  });

  it('the refusal text of an answer is scanned like its content', async () => {
    const result = resultOf(null);
    (result.choices[0] as ChatResult['choices'][number]).message.refusal = `I will not reveal ${KEY}`;
    expect(await pipeline({ output: { secrets: { action: 'block' } } }, { result }).run(ask('hi'))).toMatchObject({
      kind: 'refused',
      reason: 'output_blocked',
      param: 'choices[0].message.refusal',
    });
  });

  it('error: a throwing detector fails closed with guardrail_unavailable; fail open continues', async () => {
    expect(await pipeline({ output: { webhook: { action: 'block', options: { fail: true } } } }, {}).run(ask('hi'))).toMatchObject({
      reason: 'guardrail_unavailable',
      status: 503,
    });
    expect((await pipeline({ output: { webhook: { action: 'block', failMode: 'open', options: { fail: true } } } }, {}).run(ask('hi'))).kind).toBe('result');
  });

  it('shadow: a would-be block is recorded and the answer passes', async () => {
    const ex = ask('hi');
    expect(contentOf(await pipeline({ output: { secrets: { action: 'block' } } }, { result: resultOf(KEY) }, false).run(ex))).toBe(KEY);
    expect(ex.trace.at(-1)).toMatchObject({ verdict: 'shadow', reason: 'output_blocked' });
  });

  it('refuses tool-call arguments that violate the tool schema; PII in them is redacted', async () => {
    const p: Section = { output: { json_schema: { action: 'block' }, pii: { action: 'redact' } } };
    const bad = await pipeline(p, { result: resultOf(null, [{ name: 'send', arguments: '{"to": 42}' }]) }).run(ask('go', { tools: [SEND] }));
    expect(bad).toMatchObject({ kind: 'refused', reason: 'output_blocked', param: 'choices[0].message.tool_calls[0].function.arguments' });
    const good = await pipeline(p, { result: resultOf(null, [{ name: 'send', arguments: JSON.stringify({ to: EMAIL_ADDR }) }]) }).run(
      ask('go', { tools: [SEND] }),
    );
    if (good.kind !== 'result' || good.response.operation !== 'chat') throw new Error('expected a result');
    expect(good.response.body.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe('{"to":"[EMAIL_ADDRESS]"}');
  });
});

describe('output guardrails, streamed', () => {
  const prose = 'Here is the configuration you asked for, with every setting. ';

  it('a secret split across chunks is cut before any of it leaves; the stream ends with output_blocked', async () => {
    const ex = ask('hi', {}, true);
    const parts = textStream([prose, 'key: sk-abcdefghij', 'klmnopqrstuvwx and the rest']);
    const {
      texts,
      error,
      parts: out,
    } = await drain(await pipeline({ output: { secrets: { action: 'block' } }, streaming: { holdBackChars: 32 } }, { parts }).run(ex));
    expect(texts).toEqual(['Here is the configuration you']);
    expect(texts.join('')).not.toContain('sk-');
    expect(out.some((p) => p.type === 'finish')).toBe(false);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ reason: 'output_blocked', param: 'choices[0].delta.content' });
    expect(ex.trace.find((t) => t.stage === 'output-guardrails')).toMatchObject({ phase: 'stream', verdict: 'respond', reason: 'output_blocked' });
  });

  it('redact: a secret split across chunks is masked in the released text', async () => {
    const parts = textStream([prose, 'key: sk-abcdefghij', 'klmnopqrstuvwx and the rest']);
    const {
      texts,
      error,
      parts: out,
    } = await drain(await pipeline({ output: { secrets: { action: 'redact' } }, streaming: { holdBackChars: 32 } }, { parts }).run(ask('hi', {}, true)));
    expect(error).toBeUndefined();
    expect(texts).toEqual(['Here is the configuration you', ' asked for, with every setting. key: ', '[OPENAI_API_KEY] and the rest']);
    expect(out.at(-1)).toEqual({ type: 'finish', choice: 0, finishReason: 'stop' });
  });

  it('time to first token grows by no more than the window; after it, text leaves a window at a time', async () => {
    const parts = textStream(['abcd', 'efgh', 'ijkl', 'mnop']);
    const { parts: out } = await drain(
      await pipeline({ output: { secrets: { action: 'block' } }, streaming: { holdBackChars: 6 } }, { parts }).run(ask('hi', {}, true)),
    );
    expect(out.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual(['start', 'ab', 'cdefghij', 'klmnop', 'finish']);
  });

  it('a tokenized email is restored in the streamed answer even when its placeholder is split across chunks', async () => {
    const parts = textStream(['Sure, I will write to <EMAIL_', 'ADDRESS_1', `_${NONCE}> and copy ${issued('EMAIL_ADDRESS_1')}.`]);
    const p: Section = {
      input: { pii: { action: 'redact' } },
      output: { pii: { action: 'block' } },
      redaction: { mode: 'tokenize', restore: true },
      streaming: { holdBackChars: 8 },
    };
    const { texts, error } = await drain(await pipeline(p, { parts }).run(ask(`email ${EMAIL_ADDR}`, {}, true)));
    expect(error).toBeUndefined();
    expect(texts.join('')).toBe(`Sure, I will write to ${EMAIL_ADDR} and copy ${EMAIL_ADDR}.`);
    expect(texts.some((t) => t.includes('<') || t.includes('>'))).toBe(false);
  });

  it('refusal deltas are held whole and checked: redacted, or the stream ends before any of it leaves', async () => {
    const parts: StreamPart[] = [
      { type: 'start', id: 'c', model: 'm', created: 1 },
      { type: 'refusal-delta', choice: 0, text: 'I cannot write to ann.lee@' },
      { type: 'refusal-delta', choice: 0, text: 'example.com, sorry.' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ];
    const redacted = await drain(await pipeline({ output: { pii: { action: 'redact' } } }, { parts }).run(ask('hi', {}, true)));
    expect(redacted.error).toBeUndefined();
    expect(redacted.parts.filter((p) => p.type === 'refusal-delta')).toEqual([
      { type: 'refusal-delta', choice: 0, text: 'I cannot write to [EMAIL_ADDRESS], sorry.' },
    ]);
    const blocked = await drain(await pipeline({ output: { pii: { action: 'block' } } }, { parts }).run(ask('hi', {}, true)));
    expect(blocked.error).toMatchObject({ reason: 'output_blocked', param: 'choices[0].delta.refusal' });
    expect(blocked.parts.some((p) => p.type === 'refusal-delta')).toBe(false);
  });

  it('holds tool-call deltas until the call is complete and refuses a schema violation before release', async () => {
    const call = (args: string): StreamPart[] => [
      { type: 'start', id: 'c', model: 'm', created: 1 },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_1', name: 'send', arguments: args.slice(0, 4) },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: args.slice(4) },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ];
    const p: Section = { output: { json_schema: { action: 'block' }, pii: { action: 'redact' } } };
    const bad = await drain(await pipeline(p, { parts: call('{"to": 42}') }).run(ask('go', { tools: [SEND] }, true)));
    expect(bad.parts.map((x) => x.type)).toEqual(['start']);
    expect(bad.error).toMatchObject({ reason: 'output_blocked', param: 'choices[0].delta.tool_calls[0].function.arguments' });
    const good = await drain(await pipeline(p, { parts: call(JSON.stringify({ to: EMAIL_ADDR })) }).run(ask('go', { tools: [SEND] }, true)));
    expect(good.error).toBeUndefined();
    expect(good.parts.slice(1)).toEqual([
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_1', name: 'send', arguments: '{"to":"[EMAIL_ADDRESS]"}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
  });

  it('error: a throwing detector ends the stream with guardrail_unavailable', async () => {
    const { texts, error } = await drain(
      await pipeline({ output: { webhook: { action: 'block', options: { fail: true } } } }, { parts: textStream(['x'.repeat(100)]) }).run(ask('hi', {}, true)),
    );
    expect(texts).toEqual([]);
    expect(error).toMatchObject({ reason: 'guardrail_unavailable' });
  });

  it('shadow: a would-be block mid-stream is recorded and the stream completes', async () => {
    const ex = ask('hi', {}, true);
    const { texts, error } = await drain(await pipeline({ output: { secrets: { action: 'block' } } }, { parts: textStream([prose, KEY]) }, false).run(ex));
    expect(error).toBeUndefined();
    expect(texts.join('')).toBe(prose + KEY);
    expect(ex.trace.find((t) => t.stage === 'output-guardrails')).toMatchObject({ verdict: 'shadow', reason: 'output_blocked' });
  });

  it('a profile with nothing to check or restore on output adds no hold-back', async () => {
    const { parts: out } = await drain(
      await pipeline({ input: { secrets: { action: 'block' } } }, { parts: textStream(['ab', 'cd']) }).run(ask('hi', {}, true)),
    );
    expect(out.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual(['start', 'ab', 'cd', 'finish']);
  });

  it('fail open mid-stream is recorded and the stream completes', async () => {
    const ex = ask('hi', {}, true);
    const { texts, error } = await drain(
      await pipeline({ output: { webhook: { action: 'block', failMode: 'open', options: { fail: true } } } }, { parts: textStream(['hello']) }).run(ex),
    );
    expect(error).toBeUndefined();
    expect(texts.join('')).toBe('hello');
    expect(ex.trace.find((t) => t.stage === 'output-guardrails')).toMatchObject({ verdict: 'continue', note: 'webhook:fail_open' });
  });
});
