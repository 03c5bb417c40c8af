import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult } from '../../core/chat-types.js';
import type { Exchange } from '../../core/exchange.js';
import { Pipeline, type PipelineOutcome } from '../../core/pipeline.js';
import type { Router } from '../../core/stage.js';
import { chat, guardrails, recordingRouter } from '../../guardrails/guardrails.fixtures.js';
import { guardrailFindings } from '../../guardrails/findings-log.js';
import { createInputGuardrailsStage } from '../input-guardrails/index.js';
import { createOutputGuardrailsStage } from './index.js';

/** The output stage over every field of a complete answer: restore, shadow mode, schemas and logprobs. */

/** What the test secrets detector finds (guardrails.fixtures.ts); the e2e suite uses the real detectors. */
const SECRET = 'sk-abcdefghijklmnopqrstuvwx';
const EMAIL = 'ann.lee@example.com';

type Section = { input?: Record<string, unknown>; output?: Record<string, unknown>; redaction?: Record<string, unknown> };

function pipeline(p: Section, router: Router, enforce = true): Pipeline {
  const resolve = guardrails({ profiles: { p }, defaults: { anonymous: 'p' } });
  return new Pipeline([createInputGuardrailsStage(resolve), createOutputGuardrailsStage(resolve, { enforce })], router);
}

function resultOf(outcome: PipelineOutcome): ChatResult {
  if (outcome.kind !== 'result' || outcome.response.operation !== 'chat') throw new Error(`expected a result, got ${outcome.kind}`);
  return outcome.response.body;
}

const tokensOf = (text: string) => (text.match(/.{1,3}/gs) ?? []).map((token) => ({ token, logprob: -0.5, bytes: null, top_logprobs: [] }));

function answerWith(text: string, extra: Partial<ChatResult['choices'][number]['message']> = {}): ChatResult {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: text, ...extra }, finish_reason: 'stop', logprobs: { content: tokensOf(text) } }],
  };
}

/** Answers with the placeholder the provider was given for the caller's email, in every free-text field. */
const echoingPlaceholder: Router = {
  name: 'route',
  async generate(exchange: Exchange): Promise<ChatResult> {
    const sent = (exchange.request.body as ChatRequest).messages[0]?.content as string;
    const placeholder = /<[A-Z_]+\d*[^>]*>/.exec(sent)?.[0] ?? 'no placeholder';
    const text = `to ${placeholder}`;
    return {
      ...answerWith(text, {
        reasoning_content: `the user wants ${placeholder}`,
        audio: { id: 'audio_1', data: 'UklGRg==', transcript: text, expires_at: 1 },
        function_call: { name: 'send', arguments: JSON.stringify({ to: placeholder }) },
        annotations: [
          { type: 'url_citation', url_citation: { url: `https://example.com/?to=${placeholder}`, title: placeholder, start_index: 0, end_index: 2 } },
        ],
      }),
      id: `chatcmpl-${placeholder}`,
    };
  },
  stream() {
    throw new Error('not streamed');
  },
  embed() {
    throw new Error('not embeddings');
  },
};

describe('output guardrails over every field of a complete answer', () => {
  it('restores tokenized values in every free-text field, but neither in identifiers nor in logprobs', async () => {
    const p: Section = {
      input: { pii: { action: 'redact', options: { types: ['EMAIL_ADDRESS'] } } },
      output: { secrets: { action: 'block' } },
      redaction: { mode: 'tokenize', restore: true },
    };
    const result = resultOf(await pipeline(p, echoingPlaceholder).run(chat({ messages: [{ role: 'user', content: `mail ${EMAIL}` }] })));
    const message = result.choices[0]?.message;
    expect(message?.content).toBe(`to ${EMAIL}`);
    expect(message?.reasoning_content).toBe(`the user wants ${EMAIL}`);
    expect(message?.audio?.transcript).toBe(`to ${EMAIL}`);
    expect(JSON.parse(message?.function_call?.arguments ?? '{}')).toEqual({ to: EMAIL });
    expect(message?.annotations?.[0]?.url_citation.title).toBe(EMAIL);
    expect(result.id).not.toContain(EMAIL);
    expect(JSON.stringify(result.choices[0]?.logprobs)).not.toContain('ann.lee');
  });

  it('shadow mode records findings in every field and changes nothing, logprobs included', async () => {
    const answer = answerWith(`key ${SECRET}`, { reasoning_content: `the key ${SECRET}` });
    const ex = chat({ messages: [{ role: 'user', content: 'hi' }] });
    const result = resultOf(await pipeline({ output: { secrets: { action: 'redact' } } }, recordingRouter({ result: answer }), false).run(ex));
    expect(result).toEqual(answer);
    expect(guardrailFindings(ex).map((f) => f.path)).toEqual(['choices[0].message.content', 'choices[0].message.reasoning_content', 'choices[0].logprobs']);
  });

  it("a redaction in reasoning alone also drops the choice's logprobs", async () => {
    const answer = answerWith('All fine.', { reasoning_content: `the key ${SECRET}` });
    const result = resultOf(
      await pipeline({ output: { secrets: { action: 'redact' } } }, recordingRouter({ result: answer })).run(
        chat({ messages: [{ role: 'user', content: 'hi' }] }),
      ),
    );
    expect(result.choices[0]?.message.reasoning_content).toBe('the key [OPENAI_API_KEY]');
    expect(result.choices[0]?.message.content).toBe('All fine.');
    expect(result.choices[0]?.logprobs).toBeNull();
  });

  it('an answer without findings keeps its logprobs', async () => {
    const answer = answerWith('All fine.');
    const result = resultOf(
      await pipeline({ output: { secrets: { action: 'redact' } } }, recordingRouter({ result: answer })).run(
        chat({ messages: [{ role: 'user', content: 'hi' }] }),
      ),
    );
    expect(result.choices[0]?.logprobs).toEqual(answer.choices[0]?.logprobs);
  });

  it('response_format is checked on the content only: reasoning, refusal and citations are not JSON by contract', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const request = {
      messages: [{ role: 'user' as const, content: 'capital?' }],
      response_format: { type: 'json_schema' as const, json_schema: { name: 'c', schema } },
    };
    const good = answerWith('{"city":"Paris"}', {
      reasoning_content: 'France -> Paris',
      refusal: null,
      annotations: [{ type: 'url_citation', url_citation: { url: 'https://example.com/', title: 'Paris', start_index: 0, end_index: 1 } }],
    });
    const p: Section = { output: { json_schema: { action: 'block' } } };
    expect(resultOf(await pipeline(p, recordingRouter({ result: good })).run(chat(request))).choices[0]?.message.content).toBe('{"city":"Paris"}');
    const bad = answerWith('Paris', { reasoning_content: '{"city":"Paris"}' });
    expect(await pipeline(p, recordingRouter({ result: bad })).run(chat(request))).toMatchObject({
      kind: 'refused',
      reason: 'output_blocked',
      param: 'choices[0].message.content',
    });
  });

  it('a legacy function call is checked against the schema of the tool of that name', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'send', parameters: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'], additionalProperties: false } },
      },
    ];
    const answer = answerWith('', { content: null, function_call: { name: 'send', arguments: '{"to":1}' } });
    const outcome = await pipeline({ output: { json_schema: { action: 'block' } } }, recordingRouter({ result: answer })).run(
      chat({ messages: [{ role: 'user', content: 'hi' }], tools }),
    );
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'output_blocked', param: 'choices[0].message.function_call.arguments' });
  });

  it('a PII redact finding on an identifier blocks: it cannot be rewritten', async () => {
    const answer = { ...answerWith('ok'), system_fingerprint: EMAIL };
    const ex = chat({ messages: [{ role: 'user', content: 'hi' }] });
    const outcome = await pipeline({ output: { pii: { action: 'redact', options: { types: ['EMAIL_ADDRESS'] } } } }, recordingRouter({ result: answer })).run(
      ex,
    );
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'output_blocked', param: 'system_fingerprint' });
    expect(guardrailFindings(ex)).toContainEqual(expect.objectContaining({ path: 'system_fingerprint', start: 0, end: EMAIL.length, action: 'block' }));
  });
});
