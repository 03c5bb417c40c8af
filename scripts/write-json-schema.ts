import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../src/config/schema.js';

/**
 * Writes `schema/gatehouse.schema.json`, the published JSON Schema of gatehouse.yaml, for editors
 * (yaml-language-server) and other tools. A test compares the committed file with `renderJsonSchema()`,
 * so run `npm run schema` after changing src/config/schema.ts.
 */

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/gatehouse.schema.json', import.meta.url));

/** The JSON Schema text, as it would be written today. The input side: keys with defaults are optional. */
export function renderJsonSchema(): string {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  const schema = {
    $schema,
    $id: 'urn:gatehouse:schema:config:1',
    title: 'Gatehouse configuration (gatehouse.yaml)',
    description: 'Configuration of the Gatehouse LLM gateway. Secrets are references (env:NAME, file:PATH), never values. Validate with `gatehouse check`.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, renderJsonSchema());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
