import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv } from 'ajv';
import type { AnySchema, ValidateFunction } from 'ajv';
import { safePatternEngine } from './safe-pattern.js';

export type { ValidateFunction } from 'ajv';

/**
 * The one JSON Schema compiler of the gateway: tool argument schemas (validate-tool-args, the approval hold),
 * the json_schema guardrail and anything else that validates JSON compile here, so the options below (formats,
 * strictness, the safe regular-expression engine) cannot drift between two callers that check the same schema.
 *
 * Draft 2020-12 by default; a schema whose `$schema` names draft-04/06/07 gets the draft-07 validator.
 * Formats: date-time, date, time, email, uri, uuid, ipv4 are checked; other formats are ignored (ajv-formats is
 * not a direct dependency). Every `pattern` goes through safePatternEngine (a ReDoS-prone one fails to compile).
 */

/** The formats checked; a value of another format passes (strict: false). */
const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
  time: /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?$/,
  email: /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
};

/**
 * The options every schema is compiled with. allErrors: a refusal can name every offending argument (callers
 * cap how many they show). strict false: schemas come from tool vendors and callers, and an unknown keyword
 * must not stop a call.
 */
export const SCHEMA_OPTIONS = Object.freeze({
  allErrors: true,
  strict: false,
  validateFormats: true,
  code: { regExp: safePatternEngine },
} as const);

type AjvLike = Ajv | Ajv2020;
let validators: { draft7: AjvLike; draft2020: AjvLike } | null = null;

function ajvFor(schema: object): AjvLike {
  if (validators === null) {
    validators = { draft7: new Ajv(SCHEMA_OPTIONS), draft2020: new Ajv2020(SCHEMA_OPTIONS) };
    for (const ajv of [validators.draft7, validators.draft2020]) {
      for (const [name, re] of Object.entries(FORMATS)) ajv.addFormat(name, re);
    }
  }
  const declared = (schema as { $schema?: unknown }).$schema;
  return typeof declared === 'string' && /draft-0[467]/.test(declared) ? validators.draft7 : validators.draft2020;
}

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The compiled validator of a schema, compiled once per schema object (cached weakly, so a schema of a
 * configuration version or an upstream's tool list is freed with it). Throws on an invalid schema or an
 * unsafe pattern (UnsafePatternError): callers fail closed.
 */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = compileIsolated(ajvFor(schema), schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Compiles with Ajv and then makes it forget the schema and every `$id` it registered: two schemas (two
 * configuration versions, two upstreams, a caller's) may use the same `$id` without colliding or resolving
 * each other's references, and Ajv's own cache (a Map that never lets go) does not grow. The compiled function
 * keeps what it resolved, so a recursive `$ref: '#'` still works. Compiling is synchronous: nothing interleaves.
 */
function compileIsolated(ajv: AjvLike, schema: object): ValidateFunction {
  const before = new Set(Object.keys(ajv.refs));
  try {
    return ajv.compile(schema as AnySchema);
  } finally {
    ajv.removeSchema(schema as AnySchema);
    for (const key of Object.keys(ajv.refs)) if (!before.has(key)) delete ajv.refs[key];
  }
}
