import type { ErrorObject } from 'ajv';
import type { Detector, DetectContext, Finding } from '../../types.js';
import { compileSchema } from '../../../core/json-schema.js';

/**
 * JSON schema detector: structured output (and, through `validateJson`, tool-call arguments) checked
 * against its JSON Schema. Schemas compile once, with the gateway's one compiler (src/core/json-schema.ts:
 * drafts, formats, the safe pattern engine), the same the approval hold checks tool arguments with.
 */

export interface JsonSchemaDetectorOptions {
  schema: object;
}

export interface JsonValidationError {
  /** JSON Pointer of the offending value, '' for the root. */
  path: string;
  keyword: string;
  /** Ajv's message: names the rule ("must be integer"), never the value. */
  message: string;
}

export interface JsonValidationResult {
  valid: boolean;
  errors: JsonValidationError[];
}

const MAX_ERRORS = 20;
const FENCED = /^```(?:json)?[ \t]*\n([\s\S]*)\n```$/;

function toErrors(errors: ErrorObject[] | null | undefined): JsonValidationError[] {
  return (errors ?? []).slice(0, MAX_ERRORS).map((e) => ({
    path: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? e.keyword,
  }));
}

/**
 * Validates a parsed value (tool-call arguments, structured output) against a schema. Throws only when
 * the schema itself is invalid, which config validation catches at start.
 */
export function validateJson(schema: object, value: unknown): JsonValidationResult {
  const validate = compileSchema(schema);
  const valid = validate(value) === true;
  return { valid, errors: valid ? [] : toErrors(validate.errors) };
}

/** Creates the json_schema detector; the schema compiles here, so a bad schema fails at start. */
export function createJsonSchemaDetector(options: JsonSchemaDetectorOptions): Detector {
  const schema = options?.schema;
  if (schema === null || typeof schema !== 'object') throw new TypeError('json_schema: schema must be an object');
  const validate = compileSchema(schema);

  function detectJsonSchema(text: string, _context: DetectContext): Finding[] {
    if (typeof text !== 'string') return [];
    const trimmed = text.trim();
    // Models often wrap structured output in one ```json fence; the fence alone is not a violation.
    const body = FENCED.exec(trimmed)?.[1] ?? trimmed;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      // V8's parse error quotes the input: the evidence stays generic.
      return [{ detector: 'json_schema', type: 'invalid_json', score: 1, start: 0, end: text.length, evidence: 'not valid JSON' }];
    }
    try {
      if (validate(value) === true) return [];
      return toErrors(validate.errors).map((e) => ({
        detector: 'json_schema' as const,
        type: 'schema_violation',
        score: 1,
        start: 0,
        end: text.length,
        evidence: `${e.path || '/'}: ${e.message}`,
      }));
    } catch {
      return [{ detector: 'json_schema', type: 'schema_violation', score: 1, start: 0, end: text.length, evidence: 'validation failed' }];
    }
  }

  return { name: 'json_schema', detect: detectJsonSchema };
}
