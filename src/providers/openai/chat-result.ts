import type { ChatChoice, ChatResult } from '../../core/chat-types.js';
import { logprobsOf } from './logprobs.js';
import { assistantMessageOf } from './message-fields.js';
import { copyPassthrough, NO_PASSTHROUGH, type PassthroughFields } from './passthrough.js';
import { finishReasonOf, isIndex, isRecord, isTimestamp, malformed, nowSeconds, syntheticId, usageOf } from './wire-checks.js';

/**
 * Rebuilds a parsed upstream answer as a chat completion from the fields the gateway knows, filling the
 * optional ones OpenAI-compatible servers leave out. Nothing is copied wholesale: a field the output
 * guardrails do not know is a field they cannot scan, so it is dropped unless the operator listed it in
 * `passthrough` (and then the guardrails scan its text). Same as the stream path, whose parts are fixed.
 * Throws ProviderError('upstream_bad_response') when the shape is wrong.
 */
export function parseChatResult(body: unknown, providerId: string, requestedModel: string, passthrough: PassthroughFields = NO_PASSTHROUGH): ChatResult {
  if (!isRecord(body) || !Array.isArray(body.choices)) throw malformed(providerId, 'a chat completion without a choices array');
  const source: unknown[] = body.choices;
  const choices: ChatChoice[] = new Array(source.length);
  for (let i = 0; i < source.length; i++) choices[i] = choiceOf(source[i], i, providerId, passthrough);
  const result: ChatResult = {
    id: typeof body.id === 'string' ? body.id : syntheticId('chatcmpl-'),
    object: 'chat.completion',
    created: isTimestamp(body.created) ? body.created : nowSeconds(),
    model: typeof body.model === 'string' ? body.model : requestedModel,
    choices,
  };
  // ChatResult.usage is absent or complete, never null
  const usage = usageOf(body.usage);
  if (usage) result.usage = usage;
  if (typeof body.system_fingerprint === 'string' || body.system_fingerprint === null) result.system_fingerprint = body.system_fingerprint;
  if (typeof body.service_tier === 'string' || body.service_tier === null) result.service_tier = body.service_tier;
  if (passthrough.top) copyPassthrough(body, result, passthrough.top);
  return result;
}

function choiceOf(value: unknown, position: number, providerId: string, passthrough: PassthroughFields): ChatChoice {
  if (!isRecord(value) || !isRecord(value.message)) throw malformed(providerId, 'a choice without a message');
  const message = assistantMessageOf(value.message, providerId);
  if (passthrough.message) copyPassthrough(value.message, message, passthrough.message);
  const choice: ChatChoice = {
    index: isIndex(value.index) ? value.index : position,
    message,
    finish_reason: value.finish_reason == null ? null : finishReasonOf(value.finish_reason),
  };
  if (value.logprobs !== undefined) choice.logprobs = logprobsOf(value.logprobs);
  if (passthrough.choice) copyPassthrough(value, choice, passthrough.choice);
  return choice;
}
