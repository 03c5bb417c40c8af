import type { ChatMessage, ChatRequest, EmbeddingsRequest } from '../core/chat-types.js';
import type { ExchangeRequest } from '../core/exchange.js';
import { keyComponent, keyTarget, leafTargets } from './leaf-targets.js';
import { mcpArgumentTargets } from './mcp-targets.js';
import { dataUrlBase64, readPayload } from './payload-text.js';
import type { ScanTarget } from './policy.js';
import { CHAT_FIELDS, EMBEDDING_FIELDS, MESSAGE_FIELDS, PART_FIELDS, safeName } from './request-fields.js';
import type { DetectContext } from './types.js';

/** A field the gateway does not know: `shape` is its name without indexes (`documents`, `messages.reasoning_content`). */
export interface ExtraField {
  shape: string;
  /** Where it is, in `param` notation, for a refusal: the name only when it reads like an API field (safeName). */
  param: string;
}

/** Targets a joined view puts together, by index into `targets`, in order. */
export interface PieceGroup {
  path: string;
  pieces: number[];
}

export interface RequestScan {
  targets: ScanTarget[];
  extras: ExtraField[];
  /** Pieces a split payload may be spread over: each multi-part message, and the user-controlled conversation. */
  groups: PieceGroup[];
}

/**
 * Every string of a request as a scan target with its precise path, known field or not; unknown fields are
 * also listed in `extras` for the caller to refuse or allow. Embedding token arrays are not here: decoding
 * them is async (token-text.ts).
 */
export function scanRequest(request: ExchangeRequest): RequestScan {
  const scan: RequestScan = { targets: [], extras: [], groups: [] };
  // Model operations and MCP tool calls reach the guardrail stages; guard.scan hands its messages over as a chat request.
  if (request.operation === 'chat') chatTargets(request.body, scan);
  else if (request.operation === 'embeddings') embeddingTargets(request.body, scan);
  else if (request.operation === 'mcp.tools/call') mcpArgumentTargets(request.body, scan.targets);
  return scan;
}

function chatTargets(body: ChatRequest, scan: RequestScan): void {
  const conversation: number[] = [];
  const keys = Object.keys(body);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === 'model') continue;
    if (key === 'messages' && Array.isArray(body.messages)) {
      body.messages.forEach((message, m) => {
        messageTargets(message, m, scan, conversation);
      });
    } else if (CHAT_FIELDS.has(key)) {
      const value = body[key];
      if (value !== null && typeof value === 'object') leafTargets(value, key, { direction: 'input', part: partOf(key) }, scan.targets, false, body, key);
      else if (typeof value === 'string' && value.length > 0)
        scan.targets.push({
          path: key,
          text: value,
          context: { direction: 'input', part: key },
          replace: (t) => {
            body[key] = t;
          },
        });
    } else {
      extraTargets(body, key, i, '', '', scan);
    }
  }
  if (conversation.length > 1) scan.groups.push({ path: 'messages', pieces: conversation });
}

/** tools and functions are definitions; every other known field is named for itself in the context. */
function partOf(field: string): string {
  return field === 'tools' || field === 'functions' ? 'tool_definition' : field;
}

/** An unknown field: listed, its name read, and every string in it read. */
function extraTargets(
  holder: Record<string, unknown>,
  key: string,
  index: number,
  shapePrefix: string,
  pathPrefix: string,
  scan: RequestScan,
  role?: DetectContext['role'],
): void {
  const path = `${pathPrefix}${keyComponent(key, index)}`.replace(/^\./, '');
  const positional = `${pathPrefix}.{#${index}}`.replace(/^\./, '');
  scan.extras.push({ shape: `${shapePrefix}${key}`, param: safeName(key) ? path : positional });
  const context: DetectContext = role ? { direction: 'input', role, part: 'extra_field' } : { direction: 'input', part: 'extra_field' };
  scan.targets.push(keyTarget(path, key, positional, context));
  leafTargets(holder[key], path, context, scan.targets, false, holder, key);
}

function roleOf(message: ChatMessage): DetectContext['role'] {
  const role = message.role;
  return role === 'function'
    ? 'tool'
    : role === 'system' || role === 'developer' || role === 'user' || role === 'assistant' || role === 'tool'
      ? role
      : undefined;
}

function messageTargets(message: ChatMessage, m: number, scan: RequestScan, conversation: number[]): void {
  const path = `messages[${m}]`;
  const role = roleOf(message);
  const userControlled = role === 'user' || role === 'tool';
  const out = scan.targets;
  const first = out.length;
  const base: DetectContext = { direction: 'input', role, part: 'content' };
  const keys = Object.keys(message);
  // A user or tool message joins the conversation whole, below; an assistant's only by its tool-call arguments.
  const calls = userControlled ? [] : conversation;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = message[key];
    if (key === 'role') continue;
    if (key === 'content') {
      const start = out.length;
      contentTargets(message, `${path}.content`, base, scan);
      if (!userControlled && Array.isArray(value) && out.length - start > 1) scan.groups.push({ path: `${path}.content`, pieces: range(start, out.length) });
    } else if (key === 'name' && typeof value === 'string') {
      // Providers only accept [A-Za-z0-9_-] names, so a redacted name is dropped rather than rewritten.
      if (value.length > 0)
        out.push({
          path: `${path}.name`,
          text: value,
          context: { ...base, part: 'name' },
          replace: () => {
            delete message.name;
          },
        });
    } else if (key === 'tool_calls' && Array.isArray(value)) {
      value.forEach((call, j) => {
        toolCallTargets(call, `${path}.tool_calls[${j}]`, role, scan, calls);
      });
    } else if (key === 'function_call' && value !== null && typeof value === 'object') {
      calleeTargets(value as Record<string, unknown>, `${path}.function_call`, role, scan, calls);
    } else if (key === 'tool_call_id') {
      leafTargets(value, `${path}.tool_call_id`, { ...base, part: 'tool_call_id' }, out, true);
    } else if (MESSAGE_FIELDS.has(key)) {
      leafTargets(value, `${path}.${key}`, { ...base, part: key }, out, false, message, key);
    } else {
      extraTargets(message, key, i, 'messages.', path, scan, role);
    }
  }
  if (userControlled) for (let t = first; t < out.length; t++) conversation.push(t);
}

/** A tool call: its id and type read-only, its callee (`function` or `custom`) by calleeTargets. */
function toolCallTargets(call: unknown, path: string, role: DetectContext['role'], scan: RequestScan, conversation: number[]): void {
  if (call === null || typeof call !== 'object') return;
  for (const [key, value] of Object.entries(call as Record<string, unknown>)) {
    if (key === 'type') continue;
    if ((key === 'function' || key === 'custom') && value !== null && typeof value === 'object') {
      calleeTargets(value as Record<string, unknown>, `${path}.${key}`, role, scan, conversation);
    } else {
      leafTargets(value, `${path}.${key}`, { direction: 'input', role, part: key === 'id' ? 'tool_call_id' : 'tool_call' }, scan.targets, true);
    }
  }
}

/** The function of a call (or a legacy function_call): arguments (`input` for custom tools) rewritable, names read-only. */
function calleeTargets(callee: Record<string, unknown>, path: string, role: DetectContext['role'], scan: RequestScan, conversation: number[]): void {
  const out = scan.targets;
  for (const [field, inner] of Object.entries(callee)) {
    if ((field === 'arguments' || field === 'input') && typeof inner === 'string') {
      if (inner.length === 0) continue;
      conversation.push(out.length);
      out.push({
        path: `${path}.${field}`,
        text: inner,
        context: { direction: 'input', role, part: 'tool_arguments' },
        replace: (t) => {
          callee[field] = t;
        },
      });
    } else {
      leafTargets(inner, `${path}.${field}`, { direction: 'input', role, part: 'tool_call' }, out, true);
    }
  }
}

function contentTargets(message: ChatMessage, path: string, base: DetectContext, scan: RequestScan): void {
  const content = message.content;
  const out = scan.targets;
  if (typeof content === 'string') {
    if (content.length > 0)
      out.push({
        path,
        text: content,
        context: base,
        replace: (t) => {
          message.content = t;
        },
      });
    return;
  }
  if (!Array.isArray(content)) {
    leafTargets(content, path, base, out, true);
    return;
  }
  content.forEach((part, k) => {
    partTargets(part as unknown as Record<string, unknown>, `${path}[${k}]`, base, scan);
  });
}

/** One content part: its own text-bearing fields by type; unknown types and fields are extras, still read. */
function partTargets(part: Record<string, unknown>, path: string, base: DetectContext, scan: RequestScan): void {
  const out = scan.targets;
  if (part === null || typeof part !== 'object') {
    leafTargets(part, path, base, out, true);
    return;
  }
  const type = typeof part.type === 'string' ? part.type : '';
  const known = PART_FIELDS.get(type);
  if (!known) {
    scan.extras.push({ shape: `messages.content.${type}`, param: path });
    leafTargets(part, path, { ...base, part: 'extra_field' }, out, false);
    return;
  }
  const keys = Object.keys(part);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = part[key];
    if (key === 'type') continue;
    if (!known.has(key)) extraTargets(part, key, i, 'messages.content.', path, scan, base.role);
    else if (type === 'image_url') imageTargets(value, `${path}.image_url`, base, out);
    else if (type === 'input_audio') payloadTargets(value, `${path}.input_audio`, 'data', base, out);
    else if (type === 'file') payloadTargets(value, `${path}.file`, 'file_data', base, out);
    else leafTargets(value, `${path}.${key}`, base, out, false, part, key);
  }
}

/** image_url.url: read whole (a query string can carry a secret); a base64 data URL by its decoded payload. */
function imageTargets(value: unknown, path: string, base: DetectContext, out: ScanTarget[]): void {
  if (value === null || typeof value !== 'object') {
    leafTargets(value, path, { ...base, part: 'url' }, out, true);
    return;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const payload = key === 'url' && typeof inner === 'string' ? dataUrlBase64(inner) : undefined;
    if (payload !== undefined) pushPayload(payload, `${path}.url`, base, out);
    else leafTargets(inner, `${path}.${key}`, { ...base, part: key === 'url' ? 'url' : 'content' }, out, true);
  }
}

/** A part whose `dataKey` is a base64 payload (file_data may be a data URL); its other fields are text. */
function payloadTargets(value: unknown, path: string, dataKey: string, base: DetectContext, out: ScanTarget[]): void {
  if (value === null || typeof value !== 'object') {
    leafTargets(value, path, { ...base, part: 'file' }, out, true);
    return;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === dataKey && typeof inner === 'string') pushPayload(dataUrlBase64(inner) ?? inner, `${path}.${key}`, base, out);
    else leafTargets(inner, `${path}.${key}`, { ...base, part: 'file' }, out, true);
  }
}

/** Decoded payload text is read-only: a finding in it cannot be redacted out of the bytes, so redact blocks. */
function pushPayload(base64: string, path: string, base: DetectContext, out: ScanTarget[]): void {
  const { text, binary } = readPayload(base64);
  if (text.length > 0) out.push({ path, text, context: { ...base, part: binary ? 'binary_strings' : 'file_text' } });
}

function embeddingTargets(body: EmbeddingsRequest, scan: RequestScan): void {
  const context: DetectContext = { direction: 'input', part: 'embedding_input' };
  const keys = Object.keys(body);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === 'model') continue;
    // Arrays of numbers are token ids: decoded and read by token-text.ts.
    if (key === 'input') leafTargets(body.input, 'input', context, scan.targets, false, body, 'input');
    else if (EMBEDDING_FIELDS.has(key)) leafTargets(body[key], key, { direction: 'input', part: key }, scan.targets, false, body, key);
    else extraTargets(body, key, i, '', '', scan);
  }
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}
