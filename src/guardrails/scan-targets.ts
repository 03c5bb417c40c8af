import type { ChatResult } from '../core/chat-types.js';
import type { ExchangeRequest } from '../core/exchange.js';
import type { ScanTarget } from './policy.js';
import { scanRequest } from './request-targets.js';
import type { SchemaContext } from './tool-schema.js';
import type { DetectContext } from './types.js';

/**
 * Every string of a request, each with its path, its context and (where it can be) a way to rewrite it.
 * Injection arrives through any of them (a poisoned tool result, a tool schema, a file, an earlier assistant
 * turn), so none is skipped; see request-targets.ts and request-fields.ts for how each field is read.
 */
export function requestTargets(request: ExchangeRequest): ScanTarget[] {
  return scanRequest(request).targets;
}

/** The answer's texts and tool-call arguments, rewritable in place. */
export function resultTargets(result: ChatResult): ScanTarget[] {
  const targets: ScanTarget[] = [];
  result.choices.forEach((choice, i) => {
    const message = choice.message;
    const context: DetectContext = { direction: 'output', role: 'assistant', part: 'content' };
    if (typeof message.content === 'string') {
      targets.push({ path: `choices[${i}].message.content`, text: message.content, context, replace: (t) => { message.content = t; } });
    }
    if (typeof message.refusal === 'string' && message.refusal.length > 0) {
      targets.push({ path: `choices[${i}].message.refusal`, text: message.refusal, context, replace: (t) => { message.refusal = t; } });
    }
    message.tool_calls?.forEach((call, j) => {
      const fn = call.function;
      targets.push({ path: `choices[${i}].message.tool_calls[${j}].function.arguments`, text: fn.arguments, context: toolArgumentsContext(fn.name), replace: (t) => { fn.arguments = t; } });
    });
  });
  return targets;
}

/**
 * Context for a tool call's arguments in the output. `toolName` rides along (an extension of
 * DetectContext) so the stage can attach the tool's parameter schema for json_schema.
 */
export function toolArgumentsContext(toolName: string | undefined): SchemaContext {
  const context: SchemaContext = { direction: 'output', role: 'assistant', part: 'tool_arguments' };
  if (toolName !== undefined) context.toolName = toolName;
  return context;
}
