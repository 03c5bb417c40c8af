import { STATUS_CODES } from 'node:http';
import { REASON_CODES, type ReasonCode } from '../../src/core/reason-codes.js';

/**
 * What every gateway answer must look like, whatever the input: checks shared by the fuzz tests.
 * Each check returns problems as short strings (empty when the answer is fine), so a fuzz run can
 * collect every distinct kind of failure instead of stopping at the first.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isStandardStatus(status: number): boolean {
  return STATUS_CODES[status] !== undefined && status >= 200 && status <= 599;
}

export function isReasonCode(code: unknown): code is ReasonCode {
  return typeof code === 'string' && Object.hasOwn(REASON_CODES, code);
}

export interface ErrorAnswer {
  message: string;
  type: string;
  param: string | null;
  code: ReasonCode;
}

/**
 * An error answer: `{"error":{"message","type","param","code"}}` with a catalogued code that matches the
 * `x-gatehouse-reason` header and the status (Content-Encoding refusals use 415 for invalid_encoding).
 */
export function checkErrorAnswer(status: number, reasonHeader: string | undefined, text: string): { problems: string[]; error?: ErrorAnswer } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { problems: [`error body is not JSON (status ${status})`] };
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (typeof error !== 'object' || error === null || Object.keys(body as object).length !== 1)
    return { problems: [`error body is not {"error":{...}} (status ${status})`] };
  const problems: string[] = [];
  const keys = Object.keys(error).sort().join(',');
  if (keys !== 'code,message,param,type') problems.push(`error keys are ${keys}`);
  if (!isReasonCode(error.code)) return { problems: [...problems, `error.code ${JSON.stringify(error.code)} is not a reason code`] };
  const code = error.code;
  if (typeof error.message !== 'string' || error.message === '') problems.push(`${code}: empty message`);
  if (error.param !== null && typeof error.param !== 'string') problems.push(`${code}: param is neither null nor a string`);
  const type = REASON_CODES[code].type;
  if (error.type !== (type === 'none' ? 'api_error' : type)) problems.push(`${code}: type ${String(error.type)}`);
  if (reasonHeader !== code) problems.push(`${code}: x-gatehouse-reason header is ${String(reasonHeader)}`);
  const expected = REASON_CODES[code].status;
  if (status !== expected && !(code === 'invalid_encoding' && status === 415)) problems.push(`${code}: status ${status}, catalogue says ${expected}`);
  if (status >= 500 && error.message !== REASON_CODES[code].summary) problems.push(`${code}: a 5xx message that is not the catalogue summary`);
  return { problems, error: error as unknown as ErrorAnswer };
}

export interface SseAnswer {
  problems: string[];
  chunks: Array<Record<string, any>>;
  /** The in-band error event, when the stream was cut after its first byte. */
  error?: ErrorAnswer;
  text: string;
}

/**
 * A streamed answer: `data: <json>\n\n` events of `chat.completion.chunk` objects, at most one in-band
 * error event (last before `[DONE]`), and exactly one `data: [DONE]` at the very end.
 */
export function checkSseAnswer(body: string): SseAnswer {
  const problems: string[] = [];
  const chunks: Array<Record<string, any>> = [];
  let error: ErrorAnswer | undefined;
  let text = '';
  if (!body.endsWith('data: [DONE]\n\n')) problems.push('stream does not end with data: [DONE]');
  const events = body.endsWith('\n\n') ? body.slice(0, -2).split('\n\n') : body.split('\n\n');
  events.forEach((event, i) => {
    const last = i === events.length - 1;
    if (!event.startsWith('data: ')) {
      problems.push('stream event without a data: prefix');
      return;
    }
    const data = event.slice(6);
    if (data === '[DONE]') {
      if (!last) problems.push('data: [DONE] before the end of the stream');
      return;
    }
    let parsed: Record<string, any>;
    try {
      parsed = JSON.parse(data) as Record<string, any>;
    } catch {
      problems.push('stream event whose data is not JSON');
      return;
    }
    if (parsed.error !== undefined) {
      const checked = checkErrorAnswer(200, parsed.error?.code, data);
      problems.push(...checked.problems.filter((p) => !p.includes('status 200')).map((p) => `in-band ${p}`));
      if (i !== events.length - 2) problems.push('in-band error event is not the last before [DONE]');
      error = checked.error;
      return;
    }
    problems.push(...checkChunk(parsed));
    chunks.push(parsed);
    for (const choice of parsed.choices ?? []) if (typeof choice?.delta?.content === 'string') text += choice.delta.content;
  });
  return { problems, chunks, error, text };
}

function checkChunk(chunk: Record<string, any>): string[] {
  const problems: string[] = [];
  if (chunk.object !== 'chat.completion.chunk') problems.push('chunk object is not chat.completion.chunk');
  if (typeof chunk.id !== 'string') problems.push('chunk id is not a string');
  if (typeof chunk.model !== 'string') problems.push('chunk model is not a string');
  if (!Number.isFinite(chunk.created)) problems.push('chunk created is not a finite number');
  if (!Array.isArray(chunk.choices)) return [...problems, 'chunk choices is not an array'];
  for (const choice of chunk.choices) {
    if (!Number.isInteger(choice?.index)) problems.push('chunk choice index is not an integer');
    if (typeof choice?.delta !== 'object' || choice.delta === null) problems.push('chunk choice without a delta object');
  }
  return problems;
}

/** A non-streamed chat completion as the OpenAI SDK expects it. */
export function checkCompletion(body: Record<string, any>): string[] {
  const problems: string[] = [];
  if (body.object !== 'chat.completion') problems.push('completion object is not chat.completion');
  if (typeof body.id !== 'string') problems.push('completion id is not a string');
  if (!Number.isFinite(body.created)) problems.push('completion created is not a finite number');
  if (!Array.isArray(body.choices)) return [...problems, 'completion choices is not an array'];
  for (const choice of body.choices) {
    if (!Number.isInteger(choice?.index)) problems.push('completion choice index is not an integer');
    const content = choice?.message?.content;
    if (content !== null && typeof content !== 'string') problems.push('completion content is neither null nor a string');
  }
  return problems;
}

/**
 * Collects failures by kind, keeping the first few examples of each, so one fuzz run reports every
 * distinct problem it found with a case number to replay.
 */
export class Violations {
  private readonly byKind = new Map<string, { count: number; examples: string[] }>();

  add(kind: string, example: string): void {
    const entry = this.byKind.get(kind) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(example.length > 400 ? `${example.slice(0, 400)}…` : example);
    this.byKind.set(kind, entry);
  }

  get size(): number {
    return this.byKind.size;
  }

  /** One line per kind: `kind (n cases), e.g. <example>`. */
  summary(): string[] {
    return [...this.byKind.entries()].map(([kind, { count, examples }]) => `${kind} (${count} cases), e.g. ${examples.join(' | ')}`);
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function mapConcurrent<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
