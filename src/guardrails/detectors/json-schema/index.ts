import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv } from 'ajv';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import type { Detector, DetectContext, Finding } from '../../types.js';
import { safePatternEngine } from '../../../core/safe-pattern.js';

/**
 * JSON schema detector: structured output (and, through `validateJson`, tool-call arguments) checked
 * against its JSON Schema with Ajv. Draft 2020-12 by default; a schema whose `$schema` names draft-07 gets
 * the draft-07 validator. Schemas compile once. Formats: date-time, date, time, email, uri, uuid, ipv4 are
 * checked; other formats are ignored (ajv-formats is not a direct dependency).
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

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
  time: /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?$/,
  email: /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
};

type AjvLike = Ajv | Ajv2020;
let validators: { draft7: AjvLike; draft2020: AjvLike } | null = null;

function ajvFor(schema: object): AjvLike {
  if (validators === null) {
    // addUsedSchema false: two configs may reuse an `$id` without colliding in Ajv's registry.
    const opts = { allErrors: true, strict: false, addUsedSchema: false, validateFormats: true, code: { regExp: safePatternEngine } } as const;
    validators = { draft7: new Ajv(opts), draft2020: new Ajv2020(opts) };
    for (const ajv of [validators.draft7, validators.draft2020]) {
      for (const [name, re] of Object.entries(FORMATS)) ajv.addFormat(name, re);
    }
  }
  const declared = (schema as { $schema?: unknown }).$schema;
  return typeof declared === 'string' && /draft-0[467]/.test(declared) ? validators.draft7 : validators.draft2020;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** The compiled validator of a schema, compiled once per schema object; throws on an invalid schema. */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajvFor(schema).compile(schema as AnySchema);
    compiled.set(schema, validate);
  }
  return validate;
}

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
