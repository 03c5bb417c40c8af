import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../authz/authorizer.js';
import { configSchema } from '../../config/schema.js';
import type { ChatRequest, ChatResult, EmbeddingsResult, ToolCall } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { Pipeline, type PipelineOutcome } from '../../core/pipeline.js';
import type { Router } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Identity, Principal } from '../../identity/types.js';
import { createResolveModelStage } from '../resolve-model/index.js';
import { buildModelRegistry, type ModelEntry } from '../../routing/model-registry.js';
import { AUTHORIZATION, createAuthorizeStage, type AuthorizationNote, type ResourceCatalog } from './index.js';
import { useTempDirs } from '../../core/temp-dirs.fixtures.js';

// Every temp folder of this file, removed after its last test.
const temp = useTempDirs('gh-authorize-');

const configInput = {
  providers: { mock: { type: 'mock' } },
  models: { 'gpt-4o-mini': { provider: 'mock' }, 'gpt-4o': { provider: 'mock', environments: ['production'] } },
  tools: { search: {}, shell: {}, deploy: { environments: ['production'] } },
  datasets: { docs: {}, invoices: { environments: ['production'] } },
};

function authorizerWith(files: Record<string, string> = {}) {
  const baseDir = temp.make();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(baseDir, name), text);
  const config = configSchema.parse({ ...configInput, policies: { files: Object.keys(files) } });
  return { authorizer: createAuthorizer({ config, baseDir }), config };
}

function catalogOf(config: ReturnType<typeof configSchema.parse>): ResourceCatalog {
  const section = (s: Record<string, { environments?: string[] }>) => new Map(Object.entries(s).map(([k, v]) => [k, { environments: v.environments }]));
  return { models: section(config.models), tools: section(config.tools), datasets: section(config.datasets) };
}

const models: ReadonlyMap<string, ModelEntry> = buildModelRegistry(configSchema.parse(configInput));

function principal(overrides: Partial<Identity> = {}): Principal {
  const identity: Identity = {
    id: 'support-bot',
    displayName: 'Support bot',
    owner: 'support@example.com',
    team: null,
    environment: 'production',
    state: 'active',
    purpose: null,
    allowedModels: ['gpt-4o-mini', 'gpt-4o'],
    allowedTools: ['search'],
    allowedDatasets: ['docs'],
    roles: [],
    allowedScopes: [],
    mayAssertEndUsers: false,
    limitsProfile: null,
    guardrailProfile: null,
    source: 'config',
    createdAt: 0,
    lastRotatedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
  return { identity, credential: 'access_token', tokenId: 'jti-1', scopes: [], endUser: null, actor: null };
}

function exchange(body: Partial<ChatRequest>, options: { principal?: Principal | null; headers?: Record<string, string> } = {}): Exchange {
  const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'SECRET PROMPT' }], ...body };
  return {
    id: 'req-1',
    startedAt: Date.now(),
    t0: performance.now(),
    request: { operation: 'chat', body: request },
    headers: options.headers ?? {},
    signal: new AbortController().signal,
    streamed: request.stream === true,
    identity: { id: 'support-bot', kind: 'workload' },
    principal: options.principal === undefined ? principal() : options.principal,
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

const toolCall = (name: string): ToolCall => ({ id: `call-${name}`, type: 'function', function: { name, arguments: '{"q":"x"}' } });
const tool = (name: string) => ({ type: 'function' as const, function: { name } });

/** A router that answers with the given tool calls (none: plain text), complete or streamed. */
function router(toolCalls: string[] = [], calls: string[] = []): Router {
  return {
    name: 'route',
    async generate(): Promise<ChatResult> {
      calls.push('generate');
      const message =
        toolCalls.length > 0
          ? { role: 'assistant' as const, content: null, tool_calls: toolCalls.map(toolCall) }
          : { role: 'assistant' as const, content: 'ok' };
      return {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
      };
    },
    async *stream(): AsyncGenerator<StreamPart> {
      calls.push('stream');
      yield { type: 'start', id: 'c', model: 'm', created: 1 };
      for (const [index, name] of toolCalls.entries()) {
        yield { type: 'tool-call-delta', choice: 0, index, id: `call-${index}`, name, arguments: '' };
        yield { type: 'tool-call-delta', choice: 0, index, arguments: '{"cmd":"rm -rf /"}' };
      }
      yield { type: 'finish', choice: 0, finishReason: 'tool_calls' };
    },
    async embed(): Promise<EmbeddingsResult> {
      throw new Error('unused');
    },
  };
}

function pipeline(options: { files?: Record<string, string>; toolCalls?: string[]; calls?: string[]; enforce?: boolean } = {}): Pipeline {
  const { authorizer, config } = authorizerWith(options.files);
  const stage = createAuthorizeStage(authorizer, catalogOf(config), { enforce: options.enforce });
  return new Pipeline([createResolveModelStage(models), stage], router(options.toolCalls, options.calls));
}

async function drain(outcome: PipelineOutcome): Promise<{ parts: StreamPart[]; error: unknown }> {
  if (outcome.kind !== 'stream') throw new Error(`expected a stream, got ${outcome.kind}`);
  const parts: StreamPart[] = [];
  try {
    for await (const part of outcome.parts) parts.push(part);
  } catch (error) {
    return { parts, error };
  }
  return { parts, error: undefined };
}

const authorizeEntries = (ex: Exchange) => ex.trace.filter((t) => t.stage === 'authorize');

describe('authorize stage: request', () => {
  it('allow: model, declared and replayed tools and datasets checked; the trace names the permitting policies', async () => {
    const calls: string[] = [];
    const ex = exchange(
      {
        tools: [tool('search')],
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: null, tool_calls: [toolCall('search')] },
          { role: 'tool', content: 'r', tool_call_id: 'call-search' },
        ],
      },
      { headers: { 'x-gatehouse-datasets': 'docs' } },
    );
    const out = await pipeline({ calls }).run(ex);
    expect(out.kind).toBe('result');
    expect(calls).toEqual(['generate']);
    expect(authorizeEntries(ex)[0]).toMatchObject({
      phase: 'request',
      verdict: 'continue',
      policyId: 'gatehouse:grant:invoke_model,gatehouse:grant:use_tool,gatehouse:grant:read_dataset',
      note: 'model, 1 tool, 1 dataset',
    });
    expect((ex.state.get(AUTHORIZATION) as AuthorizationNote).policyVersion).toMatch(/^[0-9a-f]{64}$/);
  });

  it('deny model: answered as model_not_found (404, param model) like an unknown model; the trace keeps forbidden_by_policy; the router never runs', async () => {
    const calls: string[] = [];
    const ex = exchange({}, { principal: principal({ allowedModels: ['gpt-4o'] }) });
    const out = await pipeline({ calls }).run(ex);
    const unknown = await pipeline().run(exchange({ model: 'gpt-4o-mini-nope' }));
    expect(out).toMatchObject({
      kind: 'refused',
      reason: 'model_not_found',
      status: 404,
      param: 'model',
      message: "The model 'gpt-4o-mini' does not exist or you do not have access to it.",
    });
    expect(unknown).toMatchObject({
      kind: 'refused',
      reason: 'model_not_found',
      status: 404,
      param: 'model',
      message: "The model 'gpt-4o-mini-nope' does not exist or you do not have access to it.",
    });
    expect(calls).toEqual([]);
    expect(JSON.stringify(out)).not.toContain('SECRET PROMPT');
    expect(authorizeEntries(ex)).toEqual([
      expect.objectContaining({ verdict: 'respond', reason: 'forbidden_by_policy', note: "invoke_model 'gpt-4o-mini' refused" }),
      expect.objectContaining({ verdict: 'respond', reason: 'model_not_found' }),
    ]);
  });

  it('environment isolation: a sandbox identity with a grant is refused a production-only model', async () => {
    const ex = exchange({ model: 'gpt-4o' }, { principal: principal({ environment: 'sandbox', allowedModels: ['*'] }) });
    expect(await pipeline().run(ex)).toMatchObject({ kind: 'refused', reason: 'model_not_found', status: 404 });
    expect(authorizeEntries(ex)[0]).toMatchObject({ verdict: 'respond', reason: 'environment_isolation', policyId: 'gatehouse:environment-isolation' });
    expect(authorizeEntries(ex)[1]).toMatchObject({ verdict: 'respond', reason: 'model_not_found', policyId: 'gatehouse:environment-isolation' });
  });

  it('deny input tool: declared, replayed in history, legacy functions, or not declared on the gateway', async () => {
    const cases: Array<[Partial<ChatRequest>, string | null, string]> = [
      [{ tools: [tool('search'), tool('shell')] }, 'tools[1].function.name', ''],
      [
        {
          messages: [
            { role: 'user', content: 'x' },
            { role: 'assistant', content: null, tool_calls: [toolCall('shell')] },
          ],
        },
        'messages[1].tool_calls[0].function.name',
        '',
      ],
      [{ functions: [{ name: 'shell' }] }, 'functions[0].name', ''],
      [{ tools: [tool('no_such_tool')] }, 'tools[0].function.name', 'gatehouse:undeclared-tool'],
    ];
    for (const [body, param, policyId] of cases) {
      const ex = exchange(body, { principal: principal({ allowedTools: ['search'] }) });
      expect(await pipeline().run(ex)).toMatchObject({ kind: 'refused', reason: 'forbidden_by_policy', param });
      if (policyId) expect(authorizeEntries(ex)[0]?.policyId).toBe(policyId);
    }
    const star = exchange({ tools: [tool('no_such_tool')] }, { principal: principal({ allowedTools: ['*'] }) });
    expect(await pipeline().run(star)).toMatchObject({ kind: 'refused', reason: 'forbidden_by_policy' });
  });

  it('deny dataset named in x-gatehouse-datasets (not granted, or production-only from sandbox)', async () => {
    const ex = exchange({}, { headers: { 'x-gatehouse-datasets': 'docs, invoices' } });
    expect(await pipeline().run(ex)).toMatchObject({ kind: 'refused', reason: 'forbidden_by_policy', message: expect.stringContaining("'invoices'") });
    const sandbox = exchange({}, { principal: principal({ environment: 'sandbox', allowedDatasets: ['*'] }), headers: { 'x-gatehouse-datasets': 'invoices' } });
    expect(await pipeline().run(sandbox)).toMatchObject({ kind: 'refused', reason: 'environment_isolation' });
  });

  it('a suspended identity is refused (defence in depth behind authentication)', async () => {
    const ex = exchange({}, { principal: principal({ state: 'suspended' }) });
    expect(await pipeline().run(ex)).toMatchObject({ kind: 'refused', reason: 'model_not_found' });
    expect(authorizeEntries(ex)[0]?.reason).toBe('forbidden_by_policy');
    expect(authorizeEntries(ex)[0]?.policyId).toBe('gatehouse:identity-not-active');
  });

  it('error: an evaluation error refuses with authorization_error and never shows the error to the client', async () => {
    const files = {
      'boom.cedar': '@id("boom") forbid (principal, action == Gatehouse::Action::"invoke_model", resource) when { 9223372036854775807 + 1 > 0 };',
    };
    const ex = exchange({});
    const out = await pipeline({ files }).run(ex);
    expect(out).toMatchObject({ kind: 'refused', reason: 'authorization_error', status: 403 });
    expect(JSON.stringify(out)).not.toMatch(/overflow/);
    expect(authorizeEntries(ex)[0]).toMatchObject({ verdict: 'respond', reason: 'authorization_error', policyId: 'boom' });
    expect((ex.state.get(AUTHORIZATION) as AuthorizationNote).errors[0]).toMatch(/overflow/);
  });

  it('auth off: no principal, nothing checked, the note says so', async () => {
    const ex = exchange({ tools: [tool('shell')] }, { principal: null });
    const out = await pipeline({ toolCalls: ['shell'] }).run(ex);
    expect(out.kind).toBe('result');
    expect(authorizeEntries(ex).map((t) => [t.phase, t.verdict, t.note])).toEqual([
      ['request', 'continue', 'auth off'],
      ['response', 'continue', 'auth off'],
    ]);
    const streamed = exchange({ stream: true }, { principal: null });
    const { parts, error } = await drain(await pipeline({ toolCalls: ['shell'] }).run(streamed));
    expect(error).toBeUndefined();
    expect(parts.some((p) => p.type === 'tool-call-delta' && p.name === 'shell')).toBe(true);
  });

  it('shadow: enforce false records the refusal and continues', async () => {
    const ex = exchange({ model: 'gpt-4o' }, { principal: principal({ environment: 'sandbox' }) });
    const out = await pipeline({ enforce: false }).run(ex);
    expect(out.kind).toBe('result');
    expect(authorizeEntries(ex)[0]).toMatchObject({ verdict: 'shadow', reason: 'environment_isolation', policyId: 'gatehouse:environment-isolation' });
  });
});

describe('authorize stage: the model output', () => {
  it('allow: a granted tool call passes and the trace names the permit', async () => {
    const ex = exchange({ tools: [tool('search')] });
    expect((await pipeline({ toolCalls: ['search'] }).run(ex)).kind).toBe('result');
    expect(authorizeEntries(ex).map((t) => [t.phase, t.verdict, t.policyId])).toEqual([
      ['request', 'continue', 'gatehouse:grant:invoke_model,gatehouse:grant:use_tool'],
      ['response', 'continue', 'gatehouse:grant:use_tool'],
    ]);
  });

  it('deny output tool call (complete answer): the whole response is refused, the name not echoed', async () => {
    const ex = exchange({ tools: [tool('search')] });
    const out = await pipeline({ toolCalls: ['search', 'shell'] }).run(ex);
    expect(out).toMatchObject({ kind: 'refused', reason: 'forbidden_by_policy', status: 403 });
    expect(JSON.stringify(out)).not.toContain('shell');
    expect(authorizeEntries(ex).at(-1)).toMatchObject({ phase: 'response', verdict: 'respond', reason: 'forbidden_by_policy' });
  });

  it('a custom forbid on direction output stops a call the request was allowed to declare', async () => {
    const files = {
      'out.cedar': '@id("search-input-only") forbid (principal, action == Gatehouse::Action::"use_tool", resource) when { context.direction == "output" };',
    };
    const ex = exchange({ tools: [tool('search')] });
    expect(await pipeline({ files, toolCalls: ['search'] }).run(ex)).toMatchObject({ kind: 'refused', reason: 'forbidden_by_policy' });
    expect(authorizeEntries(ex).at(-1)?.policyId).toBe('search-input-only');
  });

  it('deny streamed tool call: the stream ends with forbidden_by_policy before the name is yielded', async () => {
    const ex = exchange({ stream: true, tools: [tool('search')] });
    const { parts, error } = await drain(await pipeline({ toolCalls: ['search', 'shell'] }).run(ex));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).reason).toBe('forbidden_by_policy');
    expect((error as GatewayError).message).not.toContain('shell');
    expect(JSON.stringify(parts)).not.toContain('shell');
    expect(parts.flatMap((p) => (p.type === 'tool-call-delta' ? [[p.index, p.name]] : []))).toEqual([
      [0, 'search'],
      [0, undefined],
    ]);
    // One entry per stage per stream: the refusal that ended it.
    expect(
      authorizeEntries(ex)
        .filter((t) => t.phase === 'stream')
        .map((t) => [t.verdict, t.reason]),
    ).toEqual([['respond', 'forbidden_by_policy']]);
  });

  it('shadow (streamed): the refusal is recorded and every part still flows', async () => {
    const ex = exchange({ stream: true });
    const { parts, error } = await drain(await pipeline({ toolCalls: ['shell'], enforce: false }).run(ex));
    expect(error).toBeUndefined();
    expect(parts.some((p) => p.type === 'tool-call-delta' && p.name === 'shell')).toBe(true);
    expect(authorizeEntries(ex).find((t) => t.phase === 'stream')).toMatchObject({ verdict: 'shadow', reason: 'forbidden_by_policy' });
  });
});

describe('authorize stage: the route plan', () => {
  const planInput = {
    providers: { mock: { type: 'mock' } },
    models: {
      primary: { provider: 'mock', fallbacks: ['gpt-4o', 'gpt-4o-mini'] },
      'prod-primary': { provider: 'mock', status: { production: 'approved' }, fallbacks: ['gpt-4o', 'gpt-4o-mini'] },
      'gpt-4o-mini': { provider: 'mock' },
      'gpt-4o': { provider: 'mock', environments: ['production'] },
    },
  };
  const planModels = buildModelRegistry(configSchema.parse(planInput));
  function planPipeline(options: { files?: Record<string, string>; enforce?: boolean } = {}): Pipeline {
    const baseDir = temp.make();
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(baseDir, name), text);
    const config = configSchema.parse({ ...planInput, policies: { files: Object.keys(options.files ?? {}) } });
    const stage = createAuthorizeStage(createAuthorizer({ config, baseDir }), catalogOf(config), { enforce: options.enforce });
    return new Pipeline([createResolveModelStage(planModels), stage], router());
  }
  const planOf = (ex: Exchange) => ex.plan?.groups.map((g) => g.model);
  const request = (model: string, overrides: Partial<Identity>) => exchange({ model }, { principal: principal(overrides) });

  it('allow: every fallback the caller may invoke stays in the plan, and the trace counts them', async () => {
    const ex = request('primary', { allowedModels: ['*'] });
    expect((await planPipeline().run(ex)).kind).toBe('result');
    expect(planOf(ex)).toEqual(['primary', 'gpt-4o', 'gpt-4o-mini']);
    expect(authorizeEntries(ex)[0]).toMatchObject({ verdict: 'continue', note: 'model, 2 fallbacks' });
  });

  it('deny: a fallback without a grant, or reserved for production, is dropped, named in the trace; the cached plan is untouched', async () => {
    const pipe = planPipeline();
    const noGrant = request('primary', { allowedModels: ['primary', 'gpt-4o-mini'] });
    expect((await pipe.run(noGrant)).kind).toBe('result');
    expect(planOf(noGrant)).toEqual(['primary', 'gpt-4o-mini']);
    expect(authorizeEntries(noGrant)[0]?.note).toBe('model, 2 fallbacks; fallback gpt-4o dropped (forbidden_by_policy)');
    const sandbox = request('primary', { environment: 'sandbox', allowedModels: ['*'] });
    await pipe.run(sandbox);
    expect(planOf(sandbox)).toEqual(['primary', 'gpt-4o-mini']);
    expect(authorizeEntries(sandbox)[0]?.note).toBe('model, 2 fallbacks; fallback gpt-4o dropped (environment_isolation gatehouse:environment-isolation)');
    // resolve-model shares one plan per (model, environment): a dropped fallback must not vanish for the next caller.
    const full = request('primary', { allowedModels: ['*'] });
    await pipe.run(full);
    expect(planOf(full)).toEqual(['primary', 'gpt-4o', 'gpt-4o-mini']);
  });

  it('deny: when the dropped fallback held the first deployment, the target moves to the first one left', async () => {
    const ex = request('prod-primary', { environment: 'pilot', allowedModels: ['*'] });
    expect((await planPipeline().run(ex)).kind).toBe('result');
    expect(planOf(ex)).toEqual(['prod-primary', 'gpt-4o-mini']);
    expect(ex.plan?.groups[0]?.deployments).toEqual([]);
    expect(ex.target).toMatchObject({ name: 'prod-primary', deploymentId: planModels.get('gpt-4o-mini')?.deployments[0]?.id });
  });

  it('deny: nothing left to serve is refused as model_not_found, the trace keeping why', async () => {
    const ex = request('prod-primary', { environment: 'pilot', allowedModels: ['prod-primary', 'gpt-4o'] });
    expect(await planPipeline().run(ex)).toMatchObject({
      kind: 'refused',
      reason: 'model_not_found',
      status: 404,
      message: "The model 'prod-primary' does not exist or you do not have access to it.",
    });
    expect(authorizeEntries(ex)[0]).toMatchObject({
      verdict: 'respond',
      reason: 'environment_isolation',
      note: expect.stringContaining('fallback gpt-4o dropped (environment_isolation'),
    });
    expect(authorizeEntries(ex)[0]?.note).toContain('fallback gpt-4o-mini dropped (forbidden_by_policy)');
  });

  it('error: a fallback whose evaluation fails is dropped (fail closed), the requested model still serves', async () => {
    const files = {
      'boom.cedar':
        '@id("boom") forbid (principal, action == Gatehouse::Action::"invoke_model", resource) when { resource.name == "gpt-4o-mini" && 9223372036854775807 + 1 > 0 };',
    };
    const ex = request('primary', { allowedModels: ['*'] });
    expect((await planPipeline({ files }).run(ex)).kind).toBe('result');
    expect(planOf(ex)).toEqual(['primary', 'gpt-4o']);
    expect(authorizeEntries(ex)[0]?.note).toBe('model, 2 fallbacks; fallback gpt-4o-mini dropped (authorization_error boom)');
  });

  it('shadow: the drop is recorded as one that would happen, and the plan is kept', async () => {
    const ex = request('primary', { allowedModels: ['primary'] });
    expect((await planPipeline({ enforce: false }).run(ex)).kind).toBe('result');
    expect(planOf(ex)).toEqual(['primary', 'gpt-4o', 'gpt-4o-mini']);
    expect(authorizeEntries(ex)[0]?.note).toBe(
      'model, 2 fallbacks; fallback gpt-4o would be dropped (forbidden_by_policy); fallback gpt-4o-mini would be dropped (forbidden_by_policy)',
    );
  });

  it('shadow: a model the caller may not invoke is recorded as hidden and the exchange goes on', async () => {
    const ex = request('gpt-4o-mini', { allowedModels: ['primary'] });
    expect((await planPipeline({ enforce: false }).run(ex)).kind).toBe('result');
    expect(authorizeEntries(ex).map((t) => [t.verdict, t.reason])).toEqual([
      ['shadow', 'forbidden_by_policy'],
      ['shadow', 'model_not_found'],
      ['continue', undefined],
    ]);
  });
});
