import type { ChatMessage, ChatRequest, ChatResult, EmbeddingsRequest, ToolDefinition } from '../core/chat-types.js';
import type { ExchangeRequest } from '../core/exchange.js';
import type { ScanTarget } from './policy.js';
import type { SchemaContext } from './tool-schema.js';
import type { DetectContext } from './types.js';

/**
 * Every scannable text of a request, each with its path, its context and a way to rewrite it. Injection
 * arrives through any of them (a poisoned tool result, a tool description, an earlier assistant turn), so
 * none is skipped: all roles, tool definitions, tool-call arguments and embedding inputs.
 */
export function requestTargets(request: ExchangeRequest): ScanTarget[] {
  // Only model operations reach the guardrail stages; guard.scan hands its messages over as a chat request.
  return request.operation === 'chat' ? chatTargets(request.body) : embeddingTargets(request.body as EmbeddingsRequest);
}

function chatTargets(body: ChatRequest): ScanTarget[] {
  const targets: ScanTarget[] = [];
  body.messages.forEach((message, i) => messageTargets(message, `messages[${i}]`, targets));
  body.tools?.forEach((tool, i) => toolTargets(tool, `tools[${i}]`, targets));
  return targets;
}

function roleOf(message: ChatMessage): DetectContext['role'] {
  return message.role === 'function' ? 'tool' : message.role;
}

function messageTargets(message: ChatMessage, path: string, out: ScanTarget[]): void {
  const base: DetectContext = { direction: 'input', role: roleOf(message), part: 'content' };
  const content = message.content;
  if (typeof content === 'string') {
    out.push({ path: `${path}.content`, text: content, context: base, replace: (t) => { message.content = t; } });
  } else if (Array.isArray(content)) {
    content.forEach((part, k) => {
      if (part.type === 'text' && typeof part.text === 'string') {
        const textPart = part as { text: string };
        out.push({ path: `${path}.content[${k}].text`, text: textPart.text, context: base, replace: (t) => { textPart.text = t; } });
      }
    });
  }
  if (typeof message.name === 'string' && message.name.length > 0) {
    // A participant name is free text the model reads: it can carry a person's name or an instruction.
    // Providers only accept [A-Za-z0-9_-] names, so a redacted name is dropped rather than rewritten.
    out.push({ path: `${path}.name`, text: message.name, context: { ...base, part: 'name' }, replace: () => { delete message.name; } });
  }
  if (typeof message.refusal === 'string' && message.refusal.length > 0) {
    out.push({ path: `${path}.refusal`, text: message.refusal, context: base, replace: (t) => { message.refusal = t; } });
  }
  message.tool_calls?.forEach((call, j) => {
    const fn = call.function;
    out.push({ path: `${path}.tool_calls[${j}].function.arguments`, text: fn.arguments, context: { ...base, part: 'tool_arguments' }, replace: (t) => { fn.arguments = t; } });
  });
}

function toolTargets(tool: ToolDefinition, path: string, out: ScanTarget[]): void {
  const fn = tool.function;
  if (!fn) return;
  const context: DetectContext = { direction: 'input', part: 'tool_definition' };
  out.push({ path: `${path}.function.name`, text: fn.name, context });
  if (typeof fn.description === 'string') {
    out.push({ path: `${path}.function.description`, text: fn.description, context, replace: (t) => { fn.description = t; } });
  }
  if (fn.parameters) schemaDescriptions(fn.parameters, `${path}.function.parameters`, context, out, 0);
}

/** Descriptions and enum strings anywhere in a parameters schema: models read them as instructions. */
function schemaDescriptions(node: unknown, path: string, context: DetectContext, out: ScanTarget[], depth: number): void {
  if (depth > 32 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => schemaDescriptions(item, `${path}[${i}]`, context, out, depth + 1));
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if ((key === 'description' || key === 'title') && typeof value === 'string') {
      out.push({ path: `${path}.${key}`, text: value, context, replace: (t) => { record[key] = t; } });
    } else if (typeof value === 'object') {
      schemaDescriptions(value, `${path}.${key}`, context, out, depth + 1);
    }
  }
}

function embeddingTargets(body: EmbeddingsRequest): ScanTarget[] {
  const context: DetectContext = { direction: 'input', part: 'embedding_input' };
  if (typeof body.input === 'string') return [{ path: 'input', text: body.input, context, replace: (t) => { body.input = t; } }];
  const input = body.input as unknown[];
  const targets: ScanTarget[] = [];
  // Arrays of numbers are token ids: nothing a text detector can read.
  input.forEach((item, i) => {
    if (typeof item === 'string') targets.push({ path: `input[${i}]`, text: item, context, replace: (t) => { input[i] = t; } });
  });
  return targets;
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
