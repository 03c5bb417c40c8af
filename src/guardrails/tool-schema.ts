import { validateJson } from './detectors/json-schema/index.js';
import type { DetectContext, Detector, Finding } from './types.js';

/** A context that may carry the JSON Schema the text must satisfy (a tool's parameters, a response_format). */
export interface SchemaContext extends DetectContext {
  toolName?: string;
  schema?: Record<string, unknown>;
}

/**
 * The json_schema policy as the stages run it. Tool-call arguments are checked against the schema of the
 * tool the request declared (passed in the context); other texts against the response_format schema in
 * the context, else the configured static schema. A streamed window is never checked: partial JSON is not
 * a violation. Of an answer's other texts (reasoning, refusal, ids, citations, ...) none is JSON by contract.
 */
export function contextualSchemaDetector(configured: Detector | undefined): Detector {
  return {
    name: 'json_schema',
    detect: function detectContextualSchema(text: string, context: SchemaContext): Finding[] {
      if (context.part === 'stream_window') return [];
      if (context.schema) return validate(context.schema, text);
      if (context.part === 'tool_arguments') return [];
      if (context.direction === 'output' && context.part !== 'content') return [];
      return configured ? configured.detect(text, context) : [];
    },
  };
}

function validate(schema: Record<string, unknown>, text: string): Finding[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ detector: 'json_schema', type: 'invalid_json', score: 1, start: 0, end: text.length, evidence: 'not valid JSON' }];
  }
  try {
    const result = validateJson(schema, value);
    return result.valid
      ? []
      : [
          {
            detector: 'json_schema',
            type: 'schema_violation',
            score: 1,
            start: 0,
            end: text.length,
            evidence: result.errors
              .slice(0, 3)
              .map((e) => `${e.path || '/'}: ${e.message}`)
              .join('; '),
          },
        ];
  } catch {
    // The schema came from the client's request; one Ajv cannot compile is not the model's fault, but it cannot pass unchecked.
    return [{ detector: 'json_schema', type: 'schema_uncompilable', score: 1, start: 0, end: text.length }];
  }
}
