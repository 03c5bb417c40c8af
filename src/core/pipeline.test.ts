import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult, EmbeddingsResult } from './chat-types.js';
import { ClientClosedError, GatewayError } from './errors.js';
import type { Exchange } from './exchange.js';
import { Pipeline } from './pipeline.js';
import { CONTINUE, respond, type Router, type Stage, type Verdict } from './stage.js';
import type { StreamPart } from './stream-parts.js';
import { ProviderError } from '../providers/errors.js';

function exchange(stream = false): Exchange {
  const body: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream };
  return {
    id: 'req-1', startedAt: Date.now(), t0: performance.now(), request: { operation: 'chat', body }, headers: {},
    signal: new AbortController().signal, streamed: stream, identity: { id: 'anonymous', kind: 'anonymous' }, principal: null, endUser: null,
    target: null, plan: null, responseHeaders: null, costMicroUsd: null, completer: null, trace: [], usage: null, firstByteAt: null, state: new Map(),
  };
}

const RESULT: ChatResult = { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };

function router(overrides: Partial<Router> = {}, calls: string[] = []): Router {
  return {
    name: 'route',
    async generate() { calls.push('route'); return RESULT; },
    async *stream(): AsyncGenerator<StreamPart> {
      calls.push('route');
      yield { type: 'start', id: 'c', model: 'm', created: 1 };
      yield { type: 'text-delta', choice: 0, text: 'ok' };
      yield { type: 'finish', choice: 0, finishReason: 'stop' };
      yield { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    },
    async embed(): Promise<EmbeddingsResult> { throw new Error('unused'); },
    ...overrides,
  };
}

function stage(name: string, onRequest: (ex: Exchange) => Verdict | Promise<Verdict>, extra: Partial<Stage> = {}): Stage {
  return { name, enforce: true, failOpen: false, onRequest, ...extra };
}

describe('Pipeline', () => {
  it('allow: runs request stages in order, then the router, and traces each step', async () => {
    const calls: string[] = [];
    const p = new Pipeline([stage('a', () => (calls.push('a'), CONTINUE)), stage('b', () => (calls.push('b'), { action: 'continue', policyId: 'p1' }))], router({}, calls));
    const ex = exchange();
    const out = await p.run(ex);
    expect(out.kind).toBe('result');
    expect(calls).toEqual(['a', 'b', 'route']);
    expect(ex.trace.map((t) => [t.stage, t.verdict, t.policyId])).toEqual([['a', 'continue', undefined], ['b', 'continue', 'p1'], ['route', 'continue', undefined]]);
    expect(ex.usage?.total_tokens).toBe(2);
    expect(p.describe()).toEqual(['a', 'b', 'route']);
  });

  it('deny: a respond verdict stops the pipeline with its reason, status and policy', async () => {
    const calls: string[] = [];
    const p = new Pipeline([stage('deny', () => respond('model_not_found', 'no', { param: 'model', policyId: 'pol-7' })), stage('after', () => (calls.push('after'), CONTINUE))], router({}, calls));
    const ex = exchange();
    const out = await p.run(ex);
    expect(out).toMatchObject({ kind: 'refused', reason: 'model_not_found', status: 404, param: 'model' });
    expect(calls).toEqual([]);
    expect(ex.trace).toEqual([expect.objectContaining({ stage: 'deny', verdict: 'respond', reason: 'model_not_found', policyId: 'pol-7' })]);
  });

  it('error: a throwing stage fails closed with stage_failed', async () => {
    const calls: string[] = [];
    const p = new Pipeline([stage('boom', () => { throw new Error('detector crashed: secret detail'); })], router({}, calls));
    const ex = exchange();
    const out = await p.run(ex);
    expect(out).toMatchObject({ kind: 'refused', reason: 'stage_failed', status: 500 });
    expect(JSON.stringify(out)).not.toContain('secret detail');
    expect(calls).toEqual([]);
    expect(ex.trace[0]).toMatchObject({ stage: 'boom', verdict: 'error', reason: 'stage_failed' });
  });

  it('fail open: a stage configured to fail open is recorded and the exchange continues', async () => {
    const p = new Pipeline([stage('flaky', async () => { throw new Error('down'); }, { failOpen: true })], router());
    const ex = exchange();
    expect((await p.run(ex)).kind).toBe('result');
    expect(ex.trace[0]).toMatchObject({ stage: 'flaky', verdict: 'fail_open', reason: 'stage_failed' });
  });

  it('shadow: enforce false records the would-be refusal and continues', async () => {
    const p = new Pipeline([stage('shadowed', () => respond('invalid_request', 'would block', { policyId: 'p-shadow' }), { enforce: false })], router());
    const ex = exchange();
    expect((await p.run(ex)).kind).toBe('result');
    expect(ex.trace[0]).toMatchObject({ stage: 'shadowed', verdict: 'shadow', reason: 'invalid_request', policyId: 'p-shadow' });
  });

  it('hold: waits for the resumed verdict and applies it', async () => {
    let release!: (v: Verdict & { action: 'continue' | 'respond' }) => void;
    const resume = new Promise<Verdict & { action: 'continue' | 'respond' }>((r) => { release = r; });
    const p = new Pipeline([stage('approval', () => ({ action: 'hold', reason: 'stage_failed', resume }))], router());
    const ex = exchange();
    const running = p.run(ex);
    release(respond('invalid_request', 'denied by approver'));
    expect(await running).toMatchObject({ kind: 'refused', reason: 'invalid_request' });
    expect(ex.trace.map((t) => t.verdict)).toEqual(['hold', 'respond']);
  });

  it('response stages run in reverse order and may refuse', async () => {
    const order: string[] = [];
    const mk = (name: string, verdict: Verdict = CONTINUE): Stage => ({ name, enforce: true, failOpen: false, onResponse: () => (order.push(name), verdict) });
    const ok = new Pipeline([mk('first'), mk('second')], router());
    await ok.run(exchange());
    expect(order).toEqual(['second', 'first']);
    const refusing = new Pipeline([mk('outer'), mk('inner', respond('invalid_request', 'bad output'))], router());
    expect(await refusing.run(exchange())).toMatchObject({ kind: 'refused', reason: 'invalid_request' });
  });

  it('stream transforms wrap in reverse order; a GatewayError mid-stream propagates', async () => {
    const order: string[] = [];
    const transform = (name: string, failOn?: string): Stage => ({
      name, enforce: true, failOpen: false,
      async *transformStream(_ex, parts) {
        for await (const part of parts) {
          order.push(`${name}:${part.type}`);
          if (part.type === failOn) throw new GatewayError('invalid_request', 'blocked mid-stream');
          yield part;
        }
      },
    });
    const p = new Pipeline([transform('outer'), transform('inner')], router());
    const ex = exchange(true);
    const out = await p.run(ex);
    if (out.kind !== 'stream') throw new Error('expected a stream');
    const types: string[] = [];
    for await (const part of out.parts) types.push(part.type);
    expect(types).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(order.slice(0, 2)).toEqual(['inner:start', 'outer:start']);
    expect(ex.usage?.total_tokens).toBe(2);
    expect(ex.trace.map((t) => t.note)).toEqual(['first part', 'stream complete']);

    const failing = new Pipeline([transform('guard', 'text-delta')], router());
    const out2 = await failing.run(exchange(true));
    if (out2.kind !== 'stream') throw new Error('expected a stream');
    await expect((async () => { for await (const _ of out2.parts) { /* drain */ } })()).rejects.toBeInstanceOf(GatewayError);
  });

  it('maps provider errors to refusals, and an abort to client_closed', async () => {
    const limited = new Pipeline([], router({ generate: async () => { throw new ProviderError('upstream_rate_limited', 'x', { retryAfter: '3' }); } }));
    expect(await limited.run(exchange())).toMatchObject({ kind: 'refused', reason: 'upstream_rate_limited', status: 429, headers: { 'retry-after': '3' } });
    const closed = new Pipeline([], router({ generate: async () => { throw new ClientClosedError(); } }));
    const ex = exchange();
    expect(await closed.run(ex)).toEqual({ kind: 'client_closed' });
    expect(ex.trace[0]).toMatchObject({ stage: 'route', verdict: 'error', reason: 'client_closed_request' });
    const crashed = new Pipeline([], router({ generate: async () => { throw new TypeError('internal'); } }));
    expect(await crashed.run(exchange())).toMatchObject({ kind: 'refused', reason: 'internal_error', status: 500 });
  });
});
