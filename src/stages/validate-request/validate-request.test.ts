import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-types.js';
import type { ExchangeRequest } from '../../core/exchange.js';
import { exchangeOf } from '../../guardrails/guardrails.fixtures.js';
import { chatFromMessages } from '../../ingress/anthropic-messages/index.js';
import { chatFromResponses } from '../../ingress/responses/index.js';
import { createValidateRequestStage } from './index.js';

const stage = createValidateRequestStage();
const verdictOf = (request: ExchangeRequest) => stage.onRequest?.(exchangeOf(request));

/** A body any read of which fails the test: proof the stage did not walk it. */
function untouchable(): ChatRequest {
  return new Proxy({} as ChatRequest, {
    get: () => {
      throw new Error('the translated body was read again');
    },
    has: () => {
      throw new Error('the translated body was read again');
    },
    ownKeys: () => {
      throw new Error('the translated body was read again');
    },
  });
}

describe('validate-request', () => {
  it('refuses a chat body the schema rejects, naming the parameter', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 7 }] } as unknown as ChatRequest;
    expect(verdictOf({ operation: 'chat', body })).toMatchObject({ action: 'respond', reason: 'invalid_request', param: 'messages[0].content' });
    expect(verdictOf({ operation: 'tokens.count', body: { model: 'm', messages: [] } })).toMatchObject({ action: 'respond', param: 'messages' });
    expect(verdictOf({ operation: 'chat', body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } })).toEqual({ action: 'continue' });
  });

  it('passes a translated body without parsing it again: its API schema was its one validation', () => {
    expect(verdictOf({ operation: 'chat', body: untouchable(), translatedFrom: 'anthropic.messages' })).toEqual({ action: 'continue' });
    expect(verdictOf({ operation: 'tokens.count', body: untouchable(), translatedFrom: 'anthropic.messages' })).toEqual({ action: 'continue' });
    // The same body without the mark (a replay, a released hold) is parsed, and a bad one refused.
    expect(() => verdictOf({ operation: 'chat', body: untouchable() })).toThrow('read again');
  });

  it('what the translators build passes the chat schema it is no longer parsed against', () => {
    const messages = chatFromMessages({ model: 'm', max_tokens: 5, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] });
    const responses = chatFromResponses({ model: 'm', instructions: 'Be brief.', input: [{ role: 'user', content: 'hi' }] }).chat;
    expect(verdictOf({ operation: 'chat', body: messages })).toEqual({ action: 'continue' });
    expect(verdictOf({ operation: 'chat', body: responses })).toEqual({ action: 'continue' });
  });
});
