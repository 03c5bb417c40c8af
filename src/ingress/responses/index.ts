import type { ChatResult } from '../../core/chat-types.js';
import { errorBody } from '../../core/errors.js';
import type { IngressApi } from '../contract.js';
import { responseFromResult } from './answer.js';
import type { ResponsesEcho } from './request.js';
import { ResponsesEncoder } from './stream.js';

export { chatFromResponses, type ResponsesEcho } from './request.js';

/** The echo of a request that set none of the echoed parameters. */
export const DEFAULT_ECHO: ResponsesEcho = {
  instructions: null,
  metadata: {},
  tools: [],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  text: { format: { type: 'text' } },
  max_output_tokens: null,
  temperature: null,
  top_p: null,
};

/** What a refusal looks like on /v1/responses, before any request is parsed: OpenAI's error shape. */
export const OPENAI_RESPONSES: IngressApi = responsesApi(DEFAULT_ECHO);

/**
 * POST /v1/responses for one request: OpenAI's Responses API over the internal chat exchange. Built per
 * request because a response repeats its request's parameters (`echo`).
 */
export function responsesApi(echo: ResponsesEcho): IngressApi {
  return {
    name: 'openai.responses',
    errorBody,
    answer: (body) => responseFromResult(body as ChatResult, echo),
    encoder: (request, fallbackId) => new ResponsesEncoder(fallbackId, request.model, echo),
  };
}
