/**
 * `context.args` of `use_tool`: a model's proposed call's arguments, as Cedar sees them.
 *
 * Cedar validates every policy against the schema (strict mode), and a context is typed per action, not
 * per tool, so `args` is one record type for all tools: the union of the top-level `properties` of every
 * configured tool's JSON Schema, each attribute optional (a call of another tool, or one that omits it,
 * does not have it). That keeps validation sound: a policy must guard a read with `has`
 * (`context.args has amount && context.args.amount < 100`), and a typo or a type confusion (`amount`
 * compared as a string, an unguarded read) is refused at load. Properties Cedar cannot type are left out
 * of the record: `number` and `integer` are Long (a fractional value is not carried, so `has` is false for
 * it), `string` String, `boolean` Bool; a name two tools type differently is left out too. Calls are
 * evaluated on the values they carry (not against the schema, like every call: authorizer.ts), so a
 * guarded read of a name left out still judges the value; one of the wrong type makes the policy error,
 * and an error refuses (fail closed).
 */

type ToolSchemas = Readonly<Record<string, { schema?: Record<string, unknown> | undefined }>>;

const CEDAR_TYPES: Readonly<Record<string, string>> = { integer: 'Long', number: 'Long', string: 'String', boolean: 'Bool' };

/** The Cedar record type of `context.args`, e.g. `{ "amount"?: Long, "order"?: String }`. */
export function toolArgsType(tools: ToolSchemas): string {
  const types = new Map<string, string | null>();
  for (const tool of Object.values(tools)) {
    const properties = tool.schema?.properties;
    if (typeof properties !== 'object' || properties === null) continue;
    for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
      const type = cedarTypeOf(property);
      const earlier = types.get(name);
      types.set(name, type === undefined || (earlier !== undefined && earlier !== type) ? null : type);
    }
  }
  const attributes = [...types].filter((e): e is [string, string] => e[1] !== null).map(([name, type]) => `${JSON.stringify(name)}?: ${type}`);
  return `{ ${attributes.join(', ')} }`;
}

function cedarTypeOf(property: unknown): string | undefined {
  const type = typeof property === 'object' && property !== null ? (property as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? CEDAR_TYPES[type] : undefined;
}

/** A value as Cedar JSON carries it: JSON, without fractional or unsafe numbers and nulls (left out). */
export type ArgValue = string | number | boolean | ArgValue[] | { [key: string]: ArgValue };

export function cedarArgValue(value: unknown): ArgValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(cedarArgValue).filter((v) => v !== undefined) as ArgValue[];
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, ArgValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const converted = cedarArgValue(v);
      if (converted !== undefined) out[k] = converted;
    }
    return out;
  }
  return undefined;
}

/** A call's arguments text as a record, or undefined when it is not a JSON object (refused: fail closed). */
export function parseToolArgs(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
