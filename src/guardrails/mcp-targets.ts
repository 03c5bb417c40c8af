import type { McpRequestBody } from '../core/exchange.js';
import { leafTargets } from './leaf-targets.js';
import type { ScanTarget } from './policy.js';
import type { DetectContext } from './types.js';

const ARGUMENTS: DetectContext = { direction: 'input', role: 'tool', part: 'tool_arguments' };
const RESULT: DetectContext = { direction: 'output', role: 'tool', part: 'content' };

/** Every string of an MCP tool call's arguments (and every key), rewritable in place for a redaction. */
export function mcpArgumentTargets(body: McpRequestBody, out: ScanTarget[]): void {
  if (body.arguments) leafTargets(body.arguments, 'arguments', ARGUMENTS, out, false, body as unknown as Record<string, unknown>, 'arguments');
}

/**
 * The texts of an MCP answer an agent reads (a tool result, a resource's contents, a prompt's messages): each text block, the text of an embedded resource, and
 * every string of the structured content, each rewritable. A tool result is where an indirect injection
 * reaches an agent (a fetched page, an email, a ticket), so it is read as output in the role `tool`.
 * Binary blocks (images, audio, blobs) are base64 data no text detector reads; they pass as they are.
 */
export function mcpResultTargets(result: Record<string, unknown>): ScanTarget[] {
  const out: ScanTarget[] = [];
  const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  content.forEach((block, i) => {
    if (block === null || typeof block !== 'object') return;
    const item = block as Record<string, unknown>;
    if (typeof item.text === 'string') out.push(textTarget(item, 'text', `content[${i}].text`));
    const resource = item.resource as Record<string, unknown> | undefined;
    if (resource && typeof resource === 'object' && typeof resource.text === 'string') out.push(textTarget(resource, 'text', `content[${i}].resource.text`));
  });
  // resources/read: each content's text; prompts/get: each message's text content.
  const contents = Array.isArray(result.contents) ? (result.contents as unknown[]) : [];
  contents.forEach((item, i) => {
    if (item !== null && typeof item === 'object' && typeof (item as Record<string, unknown>).text === 'string')
      out.push(textTarget(item as Record<string, unknown>, 'text', `contents[${i}].text`));
  });
  const messages = Array.isArray(result.messages) ? (result.messages as unknown[]) : [];
  messages.forEach((message, i) => {
    const content = (message as { content?: Record<string, unknown> } | null)?.content;
    if (content && typeof content === 'object' && typeof content.text === 'string') out.push(textTarget(content, 'text', `messages[${i}].content.text`));
  });
  if (result.structuredContent !== null && typeof result.structuredContent === 'object')
    leafTargets(result.structuredContent, 'structuredContent', RESULT, out, false, result, 'structuredContent');
  return out;
}

function textTarget(holder: Record<string, unknown>, key: string, path: string): ScanTarget {
  return {
    path,
    text: holder[key] as string,
    context: RESULT,
    replace: (t) => {
      holder[key] = t;
    },
  };
}
