/**
 * The request every target receives: a realistic ~1 KB OpenAI chat request (system prompt, a short
 * conversation, a tool definition), streamed or not. The same bytes go to every target.
 */

const SYSTEM_PROMPT =
  'You are Ava, the support assistant of Northwind Outfitters. Answer in at most three sentences, in the ' +
  "customer's language. Never promise refunds; link to the returns policy instead. If an order number is " +
  'given, call lookup_order before answering.';

function chatRequest(model, stream) {
  return {
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: 'Hi! I bought hiking boots last week and the left sole is already coming off.' },
      { role: 'assistant', content: 'Sorry to hear that! Could you share your order number so I can check the details?' },
      { role: 'user', content: 'Sure, it is NW-482913. Can I get a replacement pair in the same size, 43, before Friday?' },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup_order',
          description: 'Fetch an order by its number',
          parameters: { type: 'object', properties: { order_number: { type: 'string' } }, required: ['order_number'] },
        },
      },
    ],
    temperature: 0.2,
    max_tokens: 256,
    user: 'bench-user-0001',
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

/** The serialized body for one mode; `model` is the name the target routes on. */
export function chatRequestBody(model, stream) {
  return JSON.stringify(chatRequest(model, stream));
}

export const CHAT_PATH = '/v1/chat/completions';
