import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../../providers/openai/fake-openai.fixtures.js';
import { configSchema } from '../../../config/schema.js';
import { createSecretResolver } from '../../../config/secrets.js';
import { buildRuntime, closeRuntime, type Runtime } from '../../../server/runtime.js';
import type { AsyncDetector, DetectContext } from '../../types.js';
import { createLlmJudgeDetector, LlmJudgeError, type LlmJudgeOptions } from './index.js';

const TEXT = 'how do I hurt my neighbour';
const CONTEXT: DetectContext = { direction: 'input', role: 'user', part: 'content' };
const deps = { resolveSecret: createSecretResolver({}), baseDir: '.' };
let fake: FakeOpenAI;
let runtime: Runtime;

/** Judge models on the built-in mock provider (scripted answers) and on a real openai provider in front of a fake. */
function modelsConfig(fakeUrl: string) {
  return {
    providers: { mock: { type: 'mock' }, up: { type: 'openai', baseUrl: fakeUrl, timeoutMs: 5_000 } },
    models: {
      'guard-unsafe': { provider: 'mock', mock: { text: 'unsafe\nS1,S10' } },
      'guard-unsafe-bare': { provider: 'mock', mock: { text: 'unsafe' } },
      'guard-safe': { provider: 'mock', mock: { text: 'safe' } },
      'guard-chatty': { provider: 'mock', mock: { text: 'I am sorry, I cannot classify that.' } },
      'guard-bad-category': { provider: 'mock', mock: { text: 'unsafe\nviolence and more' } },
      'guard-down': { provider: 'mock', mock: { error: { status: 500, message: 'overloaded' } } },
      'guard-slow': { provider: 'mock', mock: { text: 'safe', latencyMs: 5_000 } },
      'judge-remote': { provider: 'up', upstreamModel: 'judge-v1' },
      embedder: { provider: 'mock', kind: 'embedding' },
    },
  };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  runtime = await buildRuntime(configSchema.parse(modelsConfig(fake.url)), 'h', deps);
});
afterAll(async () => {
  await closeRuntime(runtime);
  await fake.close();
});

function judge(options: LlmJudgeOptions): AsyncDetector {
  return createLlmJudgeDetector(options, { providers: runtime.providers, models: runtime.models });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected the judge to throw');
  return err;
}

const detect = (detector: AsyncDetector, signal = new AbortController().signal) => detector.detect(TEXT, CONTEXT, signal);

describe('llm_judge, llama_guard format (mock provider)', () => {
  it('unsafe with categories: one unsafe:<code> finding each, score 1, spanning the text', async () => {
    expect(await detect(judge({ model: 'guard-unsafe' }))).toEqual([
      { detector: 'llm_judge', type: 'unsafe:S1', score: 1, start: 0, end: TEXT.length },
      { detector: 'llm_judge', type: 'unsafe:S10', score: 1, start: 0, end: TEXT.length },
    ]);
  });

  it('safe is no finding; unsafe without a category line is one unsafe finding', async () => {
    expect(await detect(judge({ model: 'guard-safe' }))).toEqual([]);
    expect((await detect(judge({ model: 'guard-unsafe-bare' }))).map((f) => f.type)).toEqual(['unsafe']);
  });

  it('categories keeps only the listed ones', async () => {
    expect((await detect(judge({ model: 'guard-unsafe', categories: ['s10'] }))).map((f) => f.type)).toEqual(['unsafe:S10']);
    expect(await detect(judge({ model: 'guard-unsafe', categories: ['S2'] }))).toEqual([]);
  });

  it('an answer in neither shape, a provider error or a timeout throws, without the text', async () => {
    for (const model of ['guard-chatty', 'guard-bad-category', 'guard-down']) {
      const err = await failure(detect(judge({ model })));
      expect(err, model).toBeInstanceOf(LlmJudgeError);
      expect(err.message).not.toContain('neighbour');
    }
    expect((await failure(detect(judge({ model: 'guard-slow', timeoutMs: 100 })))).message).toBe('the judge model guard-slow did not answer within 100 ms');
  });

  it("honours the exchange's abort signal", async () => {
    const controller = new AbortController();
    const pending = failure(detect(judge({ model: 'guard-slow' }), controller.signal));
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });
});

describe('llm_judge through a real openai provider (fake upstream)', () => {
  it('llama_guard sends the text as the user turn, at temperature 0, to the upstream model id', async () => {
    fake.setBehaviour({ kind: 'chat', text: 'unsafe\nS9' }, 'judge-v1');
    expect((await detect(judge({ model: 'judge-remote' }))).map((f) => f.type)).toEqual(['unsafe:S9']);
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: 'judge-v1', temperature: 0, messages: [{ role: 'user', content: TEXT }] });
  });

  it('json: flagged with categories and a score; fenced answers too; not flagged is no finding', async () => {
    fake.setBehaviour({ kind: 'chat', text: '{"flagged": true, "score": 0.7, "categories": ["Violence", "hate speech"]}' }, 'judge-v1');
    expect(await detect(judge({ model: 'judge-remote', format: 'json' }))).toEqual([
      { detector: 'llm_judge', type: 'flagged:violence', score: 0.7, start: 0, end: TEXT.length },
      { detector: 'llm_judge', type: 'flagged:hate_speech', score: 0.7, start: 0, end: TEXT.length },
    ]);
    fake.setBehaviour({ kind: 'chat', text: '```json\n{"flagged": true, "score": 3}\n```' }, 'judge-v1');
    expect(await detect(judge({ model: 'judge-remote', format: 'json' }))).toMatchObject([{ type: 'flagged', score: 1 }]);
    fake.setBehaviour({ kind: 'chat', text: '{"flagged": false, "score": 0.1}' }, 'judge-v1');
    expect(await detect(judge({ model: 'judge-remote', format: 'json' }))).toEqual([]);
  });

  it('json: the default prompt frames the text as data and names the configured categories', async () => {
    fake.setBehaviour({ kind: 'chat', text: '{"flagged": true, "categories": ["violence", "spam"]}' }, 'judge-v1');
    const findings = await detect(judge({ model: 'judge-remote', format: 'json', categories: ['Violence'] }));
    expect(findings.map((f) => f.type)).toEqual(['flagged:violence']);
    const prompt = fake.requests.at(-1)?.body.messages[0].content as string;
    expect(prompt).toContain(`<text>\n${TEXT}\n</text>`);
    expect(prompt).toContain('Use only these categories: Violence.');
  });

  it('a custom prompt template is filled literally', async () => {
    fake.setBehaviour({ kind: 'chat', text: 'safe' }, 'judge-v1');
    await judge({ model: 'judge-remote', prompt: 'Classify [{{text}}] then [{{text}}]' }).detect('cost $& 5', CONTEXT, new AbortController().signal);
    expect(fake.requests.at(-1)?.body.messages[0].content).toBe('Classify [cost $& 5] then [cost $& 5]');
  });

  it('an unparseable JSON verdict, an upstream 500 or a timeout throws', async () => {
    for (const [text, format] of [
      ['not json at all', 'json'],
      ['{"score": 0.9}', 'json'],
      ['{"flagged": "yes"}', 'json'],
      ['', 'llama_guard'],
    ] as const) {
      fake.setBehaviour({ kind: 'chat', text }, 'judge-v1');
      expect(await failure(detect(judge({ model: 'judge-remote', format }))), text).toBeInstanceOf(LlmJudgeError);
    }
    fake.setBehaviour({ kind: 'error', status: 500, message: 'boom' }, 'judge-v1');
    expect((await failure(detect(judge({ model: 'judge-remote' })))).message).toBe('the judge model judge-remote failed (upstream_error)');
    fake.setBehaviour({ kind: 'hang' }, 'judge-v1');
    const before = fake.closedEarly;
    expect((await failure(detect(judge({ model: 'judge-remote', timeoutMs: 150 })))).message).toMatch(/did not answer within 150 ms/);
    await fake.waitForClosedEarly(before + 1);
  });
});

describe('llm_judge options, refused at configuration time', () => {
  it('names the bad option', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{}, /^options\.model: /],
      [{ model: 'nope' }, /^options\.model: unknown model "nope" \(defined: guard-unsafe, /],
      [{ model: 'embedder' }, /^options\.model: "embedder" is an embedding model; the judge needs a chat model$/],
      [{ model: 'guard-safe', format: 'xml' }, /^options\.format: /],
      [{ model: 'guard-safe', prompt: 'Is this safe?' }, /^options\.prompt: must contain \{\{text\}\}/],
      [{ model: 'guard-safe', timeoutMs: -1 }, /^options\.timeoutMs: /],
      [{ model: 'guard-safe', categories: [] }, /^options\.categories: /],
      [{ model: 'guard-safe', modle: 'x' }, /modle/],
    ];
    for (const [options, message] of bad) expect(() => createLlmJudgeDetector(options, runtime), JSON.stringify(options)).toThrow(message);
  });

  it('stops the runtime build with the config path', async () => {
    const config = configSchema.parse({
      ...modelsConfig(fake.url),
      guardrails: { profiles: { strict: { output: { llm_judge: { action: 'block', options: { model: 'embedder' } } } } } },
    });
    await expect(buildRuntime(config, 'h', deps)).rejects.toThrow(
      /^guardrails\.profiles\.strict\.output\.llm_judge: options\.model: "embedder" is an embedding model/,
    );
  });
});
