import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult, EmbeddingsResult } from './chat-types.js';
import { ClientClosedError, GatewayError } from './errors.js';
import type { Exchange } from './exchange.js';
import { Pipeline } from './pipeline.js';
import { CONTINUE, respond, type LocalTerminal, type Router, type Stage, type Verdict } from './stage.js';
import type { StreamPart } from './stream-parts.js';
import { ProviderError } from './provider-error.js';

function exchange(stream = false): Exchange {
  const body: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream };
  return {
    id: 'req-1',
    startedAt: Date.now(),
    t0: performance.now(),
    request: { operation: 'chat', body },
    headers: {},
    signal: new AbortController().signal,
    streamed: stream,
    identity: { id: 'anonymous', kind: 'anonymous' },
    principal: null,
    endUser: null,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    firstByteAt: null,
    state: new Map(),
  };
}

const RESULT: ChatResult = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};

function router(overrides: Partial<Router> = {}, calls: string[] = []): Router {
  return {
    name: 'route',
    async generate() {
      calls.push('route');
      return RESULT;
    },
    async *stream(): AsyncGenerator<StreamPart> {
      calls.push('route');
      yield { type: 'start', id: 'c', model: 'm', created: 1 };
      yield { type: 'text-delta', choice: 0, text: 'ok' };
      yield { type: 'finish', choice: 0, finishReason: 'stop' };
      yield { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    },
    async embed(): Promise<EmbeddingsResult> {
      throw new Error('unused');
    },
    ...overrides,
  };
}

function stage(name: string, onRequest: (ex: Exchange) => Verdict | Promise<Verdict>, extra: Partial<Stage> = {}): Stage {
  return { name, enforce: true, failOpen: false, onRequest, ...extra };
}

describe('Pipeline', () => {
  it('allow: runs request stages in order, then the router, and traces each step', async () => {
    const calls: string[] = [];
    const p = new Pipeline(
      [stage('a', () => (calls.push('a'), CONTINUE)), stage('b', () => (calls.push('b'), { action: 'continue', policyId: 'p1' }))],
      router({}, calls),
    );
    const ex = exchange();
    const out = await p.run(ex);
    expect(out.kind).toBe('result');
    expect(calls).toEqual(['a', 'b', 'route']);
    expect(ex.trace.map((t) => [t.stage, t.verdict, t.policyId])).toEqual([
      ['a', 'continue', undefined],
      ['b', 'continue', 'p1'],
      ['route', 'continue', undefined],
    ]);
    expect(ex.usage?.total_tokens).toBe(2);
    expect(p.describe()).toEqual(['a', 'b', 'route']);
  });

  it('deny: a respond verdict stops the pipeline with its reason, status and policy', async () => {
    const calls: string[] = [];
    const p = new Pipeline(
      [stage('deny', () => respond('model_not_found', 'no', { param: 'model', policyId: 'pol-7' })), stage('after', () => (calls.push('after'), CONTINUE))],
      router({}, calls),
    );
    const ex = exchange();
    const out = await p.run(ex);
    expect(out).toMatchObject({ kind: 'refused', reason: 'model_not_found', status: 404, param: 'model' });
    expect(calls).toEqual([]);
    expect(ex.trace).toEqual([expect.objectContaining({ stage: 'deny', verdict: 'respond', reason: 'model_not_found', policyId: 'pol-7' })]);
  });

  it('error: a throwing stage fails closed with stage_failed', async () => {
    const calls: string[] = [];
    const p = new Pipeline(
      [
        stage('boom', () => {
          throw new Error('detector crashed: secret detail');
        }),
      ],
      router({}, calls),
    );
    const ex = exchange();
    const out = await p.run(ex);
    expect(out).toMatchObject({ kind: 'refused', reason: 'stage_failed', status: 500 });
    expect(JSON.stringify(out)).not.toContain('secret detail');
    expect(calls).toEqual([]);
    expect(ex.trace[0]).toMatchObject({ stage: 'boom', verdict: 'error', reason: 'stage_failed' });
  });

  it('fail open: a stage configured to fail open is recorded and the exchange continues', async () => {
    const p = new Pipeline(
      [
        stage(
          'flaky',
          async () => {
            throw new Error('down');
          },
          { failOpen: true },
        ),
      ],
      router(),
    );
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
    const resume = new Promise<Verdict & { action: 'continue' | 'respond' }>((r) => {
      release = r;
    });
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
      name,
      enforce: true,
      failOpen: false,
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
    // The router's two entries, then one per stage, written by the runner (the stages trace nothing themselves).
    expect(ex.trace.map((t) => [t.stage, t.verdict, t.note])).toEqual([
      ['route', 'continue', 'first part'],
      ['route', 'continue', 'stream complete'],
      ['inner', 'continue', undefined],
      ['outer', 'continue', undefined],
    ]);

    const failing = new Pipeline([transform('guard', 'text-delta')], router());
    const out2 = await failing.run(exchange(true));
    if (out2.kind !== 'stream') throw new Error('expected a stream');
    await expect(
      (async () => {
        for await (const _ of out2.parts) {
          /* drain */
        }
      })(),
    ).rejects.toBeInstanceOf(GatewayError);
  });

  it('maps provider errors to refusals, and an abort to client_closed', async () => {
    const limited = new Pipeline(
      [],
      router({
        generate: async () => {
          throw new ProviderError('upstream_rate_limited', 'x', { retryAfter: '3' });
        },
      }),
    );
    expect(await limited.run(exchange())).toMatchObject({ kind: 'refused', reason: 'upstream_rate_limited', status: 429, headers: { 'retry-after': '3' } });
    const closed = new Pipeline(
      [],
      router({
        generate: async () => {
          throw new ClientClosedError();
        },
      }),
    );
    const ex = exchange();
    expect(await closed.run(ex)).toEqual({ kind: 'client_closed' });
    expect(ex.trace[0]).toMatchObject({ stage: 'route', verdict: 'error', reason: 'client_closed_request' });
    const crashed = new Pipeline(
      [],
      router({
        generate: async () => {
          throw new TypeError('internal');
        },
      }),
    );
    expect(await crashed.run(exchange())).toMatchObject({ kind: 'refused', reason: 'internal_error', status: 500 });
  });
});

/** A stream of five parts from the router, drained: the parts that reached the client and how it ended. */
async function drain(p: Pipeline, ex: Exchange): Promise<{ types: string[]; error: unknown }> {
  const out = await p.run(ex);
  if (out.kind !== 'stream') throw new Error(`expected a stream, got ${out.kind}`);
  const types: string[] = [];
  try {
    for await (const part of out.parts) types.push(part.type);
  } catch (err) {
    return { types, error: err };
  }
  return { types, error: undefined };
}

/** A stage checking each part: refuses (or throws) on the first part of `on`'s type, counts what it saw. */
function checker(name: string, on: StreamPart['type'], act: 'refuse' | 'throw' | 'note', extra: Partial<Stage> = {}): Stage & { seen: string[] } {
  const seen: string[] = [];
  return {
    name,
    enforce: true,
    failOpen: false,
    seen,
    ...extra,
    onStreamPart(_ex, part) {
      seen.push(part.type);
      if (part.type !== on) return undefined;
      if (act === 'throw') throw new TypeError('checker crashed: secret detail');
      if (act === 'note') return { action: 'continue', policyId: `${name}-policy`, note: 'looked' };
      return respond('traffic_stopped', `${name} stopped it`, { policyId: `${name}-policy` });
    },
  };
}

describe('stream runner', () => {
  it('per-part checks run in reverse stage order on every part, and each stage gets exactly one stream trace entry', async () => {
    const order: string[] = [];
    const mk = (name: string): Stage => ({ name, enforce: true, failOpen: false, onStreamPart: (_ex, part) => void order.push(`${name}:${part.type}`) });
    const ex = exchange(true);
    const { types, error } = await drain(new Pipeline([mk('first'), checker('noter', 'text-delta', 'note'), mk('last')], router()), ex);
    expect(error).toBeUndefined();
    expect(types).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(order.slice(0, 2)).toEqual(['last:start', 'first:start']);
    const stream = ex.trace.filter((t) => t.phase === 'stream' && t.stage !== 'route');
    expect(stream.map((t) => [t.stage, t.verdict, t.policyId, t.note])).toEqual([
      ['last', 'continue', undefined, undefined],
      ['noter', 'continue', 'noter-policy', 'looked'],
      ['first', 'continue', undefined, undefined],
    ]);
    expect(stream.every((t) => Number.isInteger(t.durationUs) && t.durationUs >= 0)).toBe(true);
  });

  it('deny: a per-part refusal ends the stream before that part is released, traced respond with its policy', async () => {
    const ex = exchange(true);
    const stage = checker('cutter', 'finish', 'refuse');
    const { types, error } = await drain(new Pipeline([stage], router()), ex);
    expect(types).toEqual(['start', 'text-delta']);
    expect(error).toMatchObject({ name: 'GatewayError', reason: 'traffic_stopped', status: 503 });
    expect(ex.trace.filter((t) => t.stage === 'cutter')).toEqual([
      expect.objectContaining({ phase: 'stream', verdict: 'respond', reason: 'traffic_stopped', policyId: 'cutter-policy', note: 'stream cut' }),
    ]);
  });

  it('shadow: a stage with enforce false that would cut the stream is traced as shadow and every part still flows', async () => {
    const ex = exchange(true);
    const { types, error } = await drain(new Pipeline([checker('watcher', 'text-delta', 'refuse', { enforce: false })], router()), ex);
    expect(error).toBeUndefined();
    expect(types).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(ex.trace.filter((t) => t.stage === 'watcher')).toEqual([
      expect.objectContaining({ phase: 'stream', verdict: 'shadow', reason: 'traffic_stopped', policyId: 'watcher-policy' }),
    ]);
  });

  it('error: a per-part check that throws ends the stream with stage_failed (fail closed), without its message', async () => {
    const ex = exchange(true);
    const { types, error } = await drain(new Pipeline([checker('broken', 'text-delta', 'throw')], router()), ex);
    expect(types).toEqual(['start']);
    expect(error).toMatchObject({ name: 'GatewayError', reason: 'stage_failed', status: 500 });
    expect(String((error as Error).message)).not.toContain('secret detail');
    expect(ex.trace.filter((t) => t.stage === 'broken')).toEqual([
      expect.objectContaining({ phase: 'stream', verdict: 'error', reason: 'stage_failed', note: 'TypeError' }),
    ]);
  });

  it('fail open: a throwing check configured to fail open is traced fail_open once and left out for the rest of the stream', async () => {
    const ex = exchange(true);
    const stage = checker('flaky', 'start', 'throw', { failOpen: true });
    const { types, error } = await drain(new Pipeline([stage], router()), ex);
    expect(error).toBeUndefined();
    expect(types).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(stage.seen).toEqual(['start']);
    expect(ex.trace.filter((t) => t.stage === 'flaky')).toEqual([expect.objectContaining({ phase: 'stream', verdict: 'fail_open', reason: 'stage_failed' })]);
  });

  it('a transform that throws fails closed; failing open, the rest of the upstream passes through; shadow is reported', async () => {
    const crashing = (failOpen: boolean): Stage => ({
      name: 'xform',
      enforce: true,
      failOpen,
      async *transformStream(_ex, parts) {
        for await (const part of parts) {
          if (part.type === 'text-delta') throw new RangeError('transform bug');
          yield part;
        }
      },
    });
    const closed = exchange(true);
    expect(await drain(new Pipeline([crashing(false)], router()), closed)).toMatchObject({ types: ['start'], error: { reason: 'stage_failed' } });
    expect(closed.trace.filter((t) => t.stage === 'xform')).toEqual([
      expect.objectContaining({ verdict: 'error', reason: 'stage_failed', note: 'RangeError' }),
    ]);
    const open = exchange(true);
    expect(await drain(new Pipeline([crashing(true)], router()), open)).toEqual({ types: ['start', 'finish', 'usage'], error: undefined });
    expect(open.trace.filter((t) => t.stage === 'xform')).toEqual([expect.objectContaining({ verdict: 'fail_open', reason: 'stage_failed' })]);

    const shadowed: Stage = {
      name: 'shadowed',
      enforce: false,
      failOpen: false,
      transformStream(_ex, parts, report) {
        report.shadow = { reason: 'output_blocked', policyId: 'p-out' };
        report.durationUs = 7;
        return parts;
      },
    };
    const ex = exchange(true);
    expect((await drain(new Pipeline([shadowed], router()), ex)).types).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(ex.trace.filter((t) => t.stage === 'shadowed')).toEqual([
      expect.objectContaining({ verdict: 'shadow', reason: 'output_blocked', policyId: 'p-out', durationUs: 7 }),
    ]);
  });

  it('an upstream failure passes through a transform untouched and is not blamed on it', async () => {
    const passthrough: Stage = { name: 'pass', enforce: true, failOpen: false, transformStream: (_ex, parts) => parts };
    const failing = router({
      async *stream(): AsyncGenerator<StreamPart> {
        yield { type: 'start', id: 'c', model: 'm', created: 1 };
        throw new ProviderError('stream_interrupted', 'upstream reset');
      },
    });
    const ex = exchange(true);
    const { error } = await drain(new Pipeline([passthrough, checker('check', 'usage', 'refuse')], failing), ex);
    expect(error).toBeInstanceOf(ProviderError);
    expect(ex.trace.filter((t) => t.phase === 'stream' && t.stage !== 'route').map((t) => [t.stage, t.verdict])).toEqual([
      ['check', 'continue'],
      ['pass', 'continue'],
    ]);
  });
});

describe('operations', () => {
  const scanning: LocalTerminal = { name: 'scan', answer: (ex) => ({ scanned: ex.request.operation }) };
  const scanRequest = (): Exchange => ({ ...exchange(), request: { operation: 'guard.scan', body: { text: 'hi' } } });

  it('a local operation runs the stages that apply to it, then its own terminal; the others are skipped visibly', async () => {
    const calls: string[] = [];
    const onlyModels: Stage = { ...stage('resolve', () => (calls.push('resolve'), CONTINUE)), operations: new Set(['chat', 'embeddings']) };
    const p = new Pipeline([stage('auth', () => (calls.push('auth'), CONTINUE)), onlyModels], router({}, calls), { 'guard.scan': scanning });
    const ex = scanRequest();
    expect(await p.run(ex)).toEqual({ kind: 'result', response: { operation: 'guard.scan', body: { scanned: 'guard.scan' } } });
    expect(calls).toEqual(['auth']);
    expect(ex.trace.map((t) => [t.stage, t.verdict, t.note])).toEqual([
      ['auth', 'continue', undefined],
      ['resolve', 'continue', 'skipped: not for guard.scan'],
      ['scan', 'continue', undefined],
    ]);
    expect(p.describe('guard.scan')).toEqual(['auth', 'scan']);
    expect(p.describe()).toEqual(['auth', 'resolve', 'route']);
  });

  it('a refusing stage stops a local operation before its terminal; a terminal error is a typed refusal', async () => {
    const answered: string[] = [];
    const p = new Pipeline([stage('deny', () => respond('forbidden_by_policy', 'no scanning'))], router(), {
      'guard.scan': { name: 'scan', answer: () => (answered.push('x'), {}) },
    });
    expect(await p.run(scanRequest())).toMatchObject({ kind: 'refused', reason: 'forbidden_by_policy', status: 403 });
    expect(answered).toEqual([]);
    const failing = new Pipeline([], router(), {
      'guard.scan': {
        name: 'scan',
        answer: () => {
          throw new GatewayError('model_not_found', 'nope', { param: 'model' });
        },
      },
    });
    expect(await failing.run(scanRequest())).toMatchObject({ kind: 'refused', reason: 'model_not_found', status: 404, param: 'model' });
    const crashing = new Pipeline([], router(), {
      'guard.scan': {
        name: 'scan',
        answer: () => {
          throw new TypeError('secret detail');
        },
      },
    });
    const out = await crashing.run(scanRequest());
    expect(out).toMatchObject({ kind: 'refused', reason: 'internal_error', status: 500 });
    expect(JSON.stringify(out)).not.toContain('secret detail');
  });

  it('an operation without a terminal is refused (fail closed), never answered unchecked', async () => {
    const ex: Exchange = { ...exchange(), request: { operation: 'models.list', body: {} } };
    expect(await new Pipeline([], router()).run(ex)).toMatchObject({ kind: 'refused', reason: 'internal_error' });
  });
});
