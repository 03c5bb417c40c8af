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

/** The same conversation as Anthropic's Messages API carries it (POST /v1/messages). */
function messagesRequest(model, stream) {
  const chat = chatRequest(model, false);
  return {
    model,
    system: SYSTEM_PROMPT,
    messages: chat.messages.slice(1),
    tools: chat.tools.map(({ function: fn }) => ({ name: fn.name, description: fn.description, input_schema: fn.parameters })),
    temperature: chat.temperature,
    max_tokens: chat.max_tokens,
    metadata: { user_id: chat.user },
    ...(stream ? { stream: true } : {}),
  };
}

/** The same conversation as OpenAI's Responses API carries it (POST /v1/responses). */
function responsesRequest(model, stream) {
  const chat = chatRequest(model, false);
  return {
    model,
    instructions: SYSTEM_PROMPT,
    input: chat.messages.slice(1).map(({ role, content }) => ({ role, content })),
    tools: chat.tools.map(({ function: fn }) => ({ type: 'function', name: fn.name, description: fn.description, parameters: fn.parameters })),
    temperature: chat.temperature,
    max_output_tokens: chat.max_tokens,
    user: chat.user,
    store: false,
    ...(stream ? { stream: true } : {}),
  };
}

/** The serialized body for one mode; `model` is the name the target routes on. */
export function chatRequestBody(model, stream) {
  return JSON.stringify(chatRequest(model, stream));
}

export const CHAT_PATH = '/v1/chat/completions';

/**
 * Path and body of the same conversation in each client API Gatehouse speaks, so a scenario measures what
 * the API's translation adds over chat completions. The direct and bare-proxy targets get the same bytes
 * (the fake upstream answers any path with a chat completion): their figures stay the baseline.
 */
export const API_REQUESTS = {
  chat: { path: CHAT_PATH, body: chatRequestBody },
  messages: { path: '/v1/messages', body: (model, stream) => JSON.stringify(messagesRequest(model, stream)) },
  responses: { path: '/v1/responses', body: (model, stream) => JSON.stringify(responsesRequest(model, stream)) },
};
