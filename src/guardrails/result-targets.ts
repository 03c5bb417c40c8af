import { KNOWN_RESULT_FIELDS, type AssistantMessage, type ChatChoice, type ChatResult, type EmbeddingsResult } from '../core/chat-types.js';
import { logprobsText } from './logprobs-text.js';
import { passthroughTargets } from './passthrough-targets.js';
import type { PolicyFinding, ScanTarget } from './policy.js';
import type { SchemaContext } from './tool-schema.js';
import type { DetectContext } from './types.js';

/** An output text: where it sits in the answer, and what may be done to it after the scan. */
export interface ResultTarget extends ScanTarget {
  /** The choice the text belongs to; undefined for top-level fields. */
  readonly choice: number | undefined;
  /** Free text the client reads, where vault placeholders are put back (not identifiers, not logprobs). */
  readonly restorable: boolean;
}

const TOP_KNOWN: ReadonlySet<string> = new Set(KNOWN_RESULT_FIELDS.top);
const CHOICE_KNOWN: ReadonlySet<string> = new Set(KNOWN_RESULT_FIELDS.choice);
const MESSAGE_KNOWN: ReadonlySet<string> = new Set(KNOWN_RESULT_FIELDS.message);

/**
 * Every text of a complete answer that reaches the client, each with a precise path. Free text (content,
 * refusal, reasoning, arguments, audio transcript, citations, passed-through strings) is rewritable in
 * place. Identifiers (ids, model, tool names) are scanned but cannot be rewritten, so a redact finding on
 * one blocks. Logprobs spell the answer token by token: they are scanned as the text they spell, and a
 * redaction there drops them whole. Fields other than the known ones exist only when the operator passed
 * them through (the provider dropped the rest); every string in them, keys included, is a target.
 */
export function resultTargets(result: ChatResult): ResultTarget[] {
  const out: ResultTarget[] = [];
  const ids = new IdentifierText();
  ids.add('id', result.id);
  ids.add('model', result.model);
  ids.add('system_fingerprint', result.system_fingerprint);
  ids.add('service_tier', result.service_tier);
  const choices = Array.isArray(result.choices) ? result.choices : [];
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i] as ChatChoice;
    if (choice?.message) messageTargets(choice.message, `choices[${i}].message`, i, out, ids);
    const logprobs = choice?.logprobs;
    if (logprobs) {
      out.push({
        path: `choices[${i}].logprobs`,
        text: logprobsText(logprobs),
        context: LOGPROBS,
        choice: i,
        restorable: false,
        replace: () => {
          choice.logprobs = null;
        },
      });
    }
    extras(choice, CHOICE_KNOWN, `choices[${i}]`, i, out);
  }
  extras(result, TOP_KNOWN, '', undefined, out);
  ids.pushTo(out);
  return out;
}

/** The one text of an embeddings answer: vectors are numbers, which no text detector reads. */
export function embeddingsResultTargets(result: EmbeddingsResult): ResultTarget[] {
  const out: ResultTarget[] = [];
  const ids = new IdentifierText();
  ids.add('model', result.model);
  ids.pushTo(out);
  return out;
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

/** Context of an answer's identifiers (ids, model, tool names): scanned, never rewritable. */
const IDENTIFIER: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'identifier' });

const CONTENT: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'content' });
const REFUSAL: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'refusal' });
const REASONING: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'reasoning' });
const TRANSCRIPT: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'audio_transcript' });
const CITATION: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'annotation' });
const LOGPROBS: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'logprobs' });

function messageTargets(message: AssistantMessage, path: string, choice: number, out: ResultTarget[], ids: IdentifierText): void {
  text(out, `${path}.content`, message.content, CONTENT, choice, (t) => {
    message.content = t;
  });
  text(out, `${path}.refusal`, message.refusal, REFUSAL, choice, (t) => {
    message.refusal = t;
  });
  text(out, `${path}.reasoning_content`, message.reasoning_content, REASONING, choice, (t) => {
    message.reasoning_content = t;
  });
  text(out, `${path}.reasoning`, message.reasoning, REASONING, choice, (t) => {
    message.reasoning = t;
  });
  const fn = message.function_call;
  if (fn) {
    ids.add(`${path}.function_call.name`, fn.name);
    text(out, `${path}.function_call.arguments`, fn.arguments, toolArgumentsContext(fn.name), choice, (t) => {
      fn.arguments = t;
    });
  }
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (let j = 0; j < calls.length; j++) {
    const call = calls[j];
    const callFn = call?.function;
    if (!callFn) continue;
    ids.add(`${path}.tool_calls[${j}].id`, call.id);
    ids.add(`${path}.tool_calls[${j}].function.name`, callFn.name);
    text(out, `${path}.tool_calls[${j}].function.arguments`, callFn.arguments, toolArgumentsContext(callFn.name), choice, (t) => {
      callFn.arguments = t;
    });
  }
  const audio = message.audio;
  if (audio) {
    ids.add(`${path}.audio.id`, audio.id);
    text(out, `${path}.audio.transcript`, audio.transcript, TRANSCRIPT, choice, (t) => {
      audio.transcript = t;
    });
  }
  const annotations = Array.isArray(message.annotations) ? message.annotations : [];
  for (let k = 0; k < annotations.length; k++) {
    const citation = annotations[k]?.url_citation;
    if (!citation) continue;
    text(out, `${path}.annotations[${k}].url_citation.url`, citation.url, CITATION, choice, (t) => {
      citation.url = t;
    });
    text(out, `${path}.annotations[${k}].url_citation.title`, citation.title, CITATION, choice, (t) => {
      citation.title = t;
    });
  }
  extras(message, MESSAGE_KNOWN, path, choice, out);
}

function text(out: ResultTarget[], path: string, value: unknown, context: DetectContext, choice: number | undefined, replace: (text: string) => void): void {
  if (typeof value === 'string' && value.length > 0) out.push({ path, text: value, context, choice, restorable: true, replace });
}

interface Segment {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** A target that joins several fields; findings are mapped back to the field they start in. */
export interface JoinedTarget extends ResultTarget {
  readonly segments: readonly Segment[];
}

/**
 * An answer's identifiers (ids, model, fingerprint, tool names), scanned as one text, one per line: they
 * are short, and every detector call has a fixed cost. None can be rewritten, so a redact finding blocks.
 */
export class IdentifierText {
  private text = '';
  private readonly segments: Segment[] = [];

  add(path: string, value: unknown): void {
    if (typeof value !== 'string' || value.length === 0) return;
    if (this.text.length > 0) this.text += '\n';
    this.segments.push({ path, start: this.text.length, end: this.text.length + value.length });
    this.text += value;
  }

  pushTo(out: ScanTarget[]): void {
    const first = this.segments[0];
    if (!first) return;
    const target: JoinedTarget = { path: first.path, text: this.text, context: IDENTIFIER, choice: undefined, restorable: false, segments: this.segments };
    out.push(target);
  }
}

/** Gives each finding on a joined target the path and offsets of the field it starts in. */
export function relocateFindings(findings: readonly PolicyFinding[], targets: readonly ScanTarget[]): void {
  for (const f of findings) {
    const segments = (targets[f.target] as Partial<JoinedTarget> | undefined)?.segments;
    if (!segments) continue;
    let segment = segments[0] as Segment;
    for (const s of segments) if (s.start <= f.start) segment = s;
    f.path = segment.path;
    f.start = Math.max(0, f.start - segment.start);
    f.end = Math.max(f.start, Math.min(f.end, segment.end) - segment.start);
  }
}

/** Fields beyond the known ones: present only when passed through by the operator's configuration. */
function extras(node: object | undefined, known: ReadonlySet<string>, path: string, choice: number | undefined, out: ResultTarget[]): void {
  if (!node || typeof node !== 'object') return;
  for (const key of Object.keys(node)) {
    if (known.has(key)) continue;
    passthroughTargets(node as Record<string, unknown>, key, path === '' ? key : `${path}.${key}`, choice, out);
  }
}
