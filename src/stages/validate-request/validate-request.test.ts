import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatRequest } from '../../core/chat-types.js';
import type { ExchangeRequest } from '../../core/exchange.js';
import { exchangeOf } from '../../guardrails/guardrails.fixtures.js';
import { chatForTokenCount, chatFromMessages } from '../../ingress/anthropic-messages/index.js';
import { chatFromResponses } from '../../ingress/responses/index.js';
import { isValidatedChat, translateRequest } from '../../ingress/validation.js';
import { chatRequestSchema } from './chat-schema.js';
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
    const translated = () => translateRequest(z.object({}), {}, [], () => ({ chat: untouchable() })).chat;
    expect(verdictOf({ operation: 'chat', body: translated() })).toEqual({ action: 'continue' });
    expect(verdictOf({ operation: 'tokens.count', body: translated() })).toEqual({ action: 'continue' });
    // A body no translator minted (a replay, a released hold) is parsed, and a bad one refused.
    expect(() => verdictOf({ operation: 'chat', body: untouchable() })).toThrow('read again');
  });

  it('a forged mark is no mark: a plain object claiming to be translated, or a copy of a translated body, is parsed and refused', () => {
    const bad = [{ role: 'user', content: 7 }] as unknown as ChatRequest['messages'];
    const refused = { action: 'respond', reason: 'invalid_request', param: 'messages[0].content' };
    // The flag this mark replaced, on the request and on the body: both ignored.
    const flagged = { operation: 'chat', body: { model: 'm', messages: bad, translatedFrom: 'anthropic.messages' }, translatedFrom: 'anthropic.messages' };
    expect(verdictOf(flagged as unknown as ExchangeRequest)).toMatchObject(refused);
    const minted = chatFromMessages({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(isValidatedChat(minted)).toBe(true);
    // The type says validated; the object is not the one the translator handed out.
    for (const copy of [{ ...minted, messages: bad }, Object.assign(JSON.parse(JSON.stringify(minted)) as typeof minted, { messages: bad })]) {
      expect(isValidatedChat(copy)).toBe(false);
      expect(verdictOf({ operation: 'chat', body: copy })).toMatchObject(refused);
      expect(verdictOf({ operation: 'tokens.count', body: copy })).toMatchObject(refused);
    }
    // A refusal by the API's schema mints nothing.
    expect(() => translateRequest(z.object({ model: z.string() }), { model: 7 }, [], () => ({ chat: untouchable() }))).toThrow("Invalid 'model'");
  });

  it('what the translators build passes the chat schema it is no longer parsed against', () => {
    const messages = chatFromMessages({ model: 'm', max_tokens: 5, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] });
    const responses = chatFromResponses({ model: 'm', instructions: 'Be brief.', input: [{ role: 'user', content: 'hi' }] }).chat;
    const counted = chatForTokenCount({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect([messages, responses, counted].map(isValidatedChat)).toEqual([true, true, true]);
    expect(verdictOf({ operation: 'chat', body: messages })).toEqual({ action: 'continue' });
    expect(verdictOf({ operation: 'chat', body: responses })).toEqual({ action: 'continue' });
    expect(verdictOf({ operation: 'tokens.count', body: counted })).toEqual({ action: 'continue' });
    // Parsed as any other body, they pass too: the skip changes the cost, not the verdict.
    for (const body of [messages, responses, counted]) expect(chatRequestSchema.safeParse(body).success).toBe(true);
  });
});
