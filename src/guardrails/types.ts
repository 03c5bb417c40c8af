/**
 * Guardrails: detectors are pure functions from text to findings; policies (per identity or environment
 * profile) map findings to actions. That separation is what makes replay, monitor mode and evaluation
 * cheap: the same detector runs in the gateway, in `POST /v1/guard/scan`, in `gatehouse scan` and in
 * `npm run eval`.
 */

export type DetectorName =
  | 'prompt_injection'
  | 'unicode'
  | 'encoding'
  | 'pii'
  | 'secrets'
  | 'keywords'
  | 'regex'
  | 'topics'
  | 'code'
  | 'urls'
  | 'canary'
  | 'json_schema'
  | 'refusal'
  | 'webhook'
  | 'llm_judge'
  | 'classifier'
  | 'render'
  | 'exfiltration';

/** One thing a detector found. Offsets are UTF-16 code-unit indexes into the scanned text, end exclusive. */
export interface Finding {
  detector: DetectorName;
  /** Finer type: 'EMAIL_ADDRESS', 'instruction_override', 'aws_access_key', 'tag_characters', ... */
  type: string;
  /** Confidence 0..1. Policies compare it with their threshold. */
  score: number;
  start: number;
  end: number;
  /**
   * Why, for people: a rule id or a short masked excerpt. NEVER the raw secret or PII value: evidence is
   * stored in records and shown in the dashboard.
   */
  evidence?: string;
  /**
   * What a rewrite puts in place of the span, for detectors that transform rather than mask (the render
   * transforms: a defanged link, an escaped tag). Absent: the span is masked or tokenized. Never recorded.
   */
  replacement?: string;
}

/** Where a text comes from: detectors may weigh the same words differently in a tool result. */
export interface DetectContext {
  direction: 'input' | 'output';
  role?: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  /** 'content', 'name', 'tool_arguments', 'tool_definition', 'embedding_input', 'stream_window', 'refusal' */
  part?: string;
}

/**
 * A synchronous, pure detector: same text and context, same findings; never throws on any input (a
 * detector that can fail is an AsyncDetector with a fail mode); no I/O.
 */
export interface Detector {
  readonly name: DetectorName;
  detect(text: string, context: DetectContext): Finding[];
}

/** Detectors that call out or run a model (webhook, llm_judge, classifier): a timeout and a fail mode are the policy's to set. */
export interface AsyncDetector {
  readonly name: DetectorName;
  detect(text: string, context: DetectContext, signal: AbortSignal): Promise<Finding[]>;
}
