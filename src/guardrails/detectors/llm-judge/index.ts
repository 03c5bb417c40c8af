import type { ChatRequest } from '../../../core/chat-types.js';
import { newRequestId } from '../../../core/ids.js';
import type { Provider } from '../../../providers/contract.js';
import type { AsyncDetector, DetectContext, Finding } from '../../types.js';
import { parseLlmJudgeOptions } from './options.js';
import { judgePromptTemplate, renderJudgePrompt } from './prompts.js';
import { categoryType, LlmJudgeError, parseJsonVerdict, parseLlamaGuardVerdict } from './verdict.js';

export { LlmJudgeError } from './verdict.js';
export type { LlmJudgeOptions } from './options.js';

/** What the judge needs of a configured model (a `ModelEntry` of the runtime's model table). */
export interface JudgeModel {
  providerId: string;
  upstreamModel: string;
  kind: 'chat' | 'embedding';
}

/** The runtime being built: its providers and model table. */
export interface LlmJudgeContext {
  providers: ReadonlyMap<string, Provider>;
  models: ReadonlyMap<string, JudgeModel>;
}

/**
 * A detector that asks a model of this gateway whether a text is unsafe. The provider is called directly,
 * not through the pipeline, so the judge's own call is neither guarded nor recorded (and cannot recurse).
 * Findings span the whole text. A provider error, a timeout or an answer in neither format throws, so the
 * policy's failMode decides. The model must exist and be a chat model: checked here, at configuration time.
 */
export function createLlmJudgeDetector(options: unknown, context: LlmJudgeContext): AsyncDetector {
  const config = parseLlmJudgeOptions(options);
  const model = context.models.get(config.model);
  if (!model) throw new TypeError(`options.model: unknown model "${config.model}" (defined: ${[...context.models.keys()].join(', ') || 'none'})`);
  if (model.kind !== 'chat') throw new TypeError(`options.model: "${config.model}" is an ${model.kind} model; the judge needs a chat model`);
  const provider = context.providers.get(model.providerId);
  if (!provider) throw new TypeError(`options.model: the provider "${model.providerId}" of "${config.model}" is not configured`);
  const template = judgePromptTemplate(config.format, config.prompt, config.categories);
  const parse = config.format === 'llama_guard' ? parseLlamaGuardVerdict : parseJsonVerdict;
  const normalise = config.format === 'llama_guard' ? (c: string) => c.toUpperCase() : categoryType;
  const keep = config.categories ? new Set(config.categories.map(normalise)) : undefined;

  return {
    name: 'llm_judge',
    detect: async function llmJudgeDetect(text: string, _context: DetectContext, signal: AbortSignal): Promise<Finding[]> {
      const request: ChatRequest = {
        model: model.upstreamModel,
        messages: [{ role: 'user', content: renderJudgePrompt(template, text) }],
        temperature: 0,
        stream: false,
      };
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
      let answer: string | null | undefined;
      try {
        const result = await provider.generate(request, { signal: AbortSignal.any([signal, deadline.signal]), requestId: newRequestId() });
        answer = result.choices[0]?.message.content;
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (deadline.signal.aborted) throw new LlmJudgeError(`the judge model ${config.model} did not answer within ${config.timeoutMs} ms`, { cause: err });
        const reason = (err as { reason?: unknown } | null)?.reason;
        throw new LlmJudgeError(`the judge model ${config.model} failed (${typeof reason === 'string' ? reason : ((err as Error)?.name ?? 'error')})`, {
          cause: err,
        });
      } finally {
        clearTimeout(timer);
      }
      if (typeof answer !== 'string' || answer.trim() === '') throw new LlmJudgeError(`the judge model ${config.model} answered no text`);
      return parse(answer, text.length, keep);
    },
  };
}
