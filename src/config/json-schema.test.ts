import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema, SCHEMA_FILE } from '../../scripts/write-json-schema.js';

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  oneOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
}

/** Names the user chooses, as the documentation writes them. */
const placeholders: Record<string, string> = { providers: '<id>', models: '<name>', identities: '<id>', tools: '<name>', datasets: '<name>' };

/** Every key a user can write, as `section.key` paths (`providers.<id>.apiKey` for a name the user chooses). */
function keyPaths(node: JsonSchemaNode, prefix: string, out: Set<string>): Set<string> {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    keyPaths(child, path, out);
  }
  if (typeof node.additionalProperties === 'object' && prefix.split('.').length < 2)
    keyPaths(node.additionalProperties, `${prefix}.${placeholders[prefix] ?? '*'}`, out);
  for (const branch of node.oneOf ?? []) keyPaths(branch, prefix, out);
  if (node.items) keyPaths(node.items, `${prefix}[]`, out);
  return out;
}

describe('published JSON Schema', () => {
  it('the committed schema/gatehouse.schema.json is what the script generates today (run `npm run schema`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderJsonSchema());
  });

  it('has an $id and a title, and describes the input side (keys with defaults are optional)', () => {
    const schema = JSON.parse(renderJsonSchema()) as { $id: string; title: string; required?: string[] };
    expect(schema.$id).toBeTruthy();
    expect(schema.title).toContain('Gatehouse');
    expect(schema.required ?? []).toEqual([]);
  });

  it('docs/configuration.md documents every key of the schema', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const undocumented = [...keyPaths(JSON.parse(renderJsonSchema()) as JsonSchemaNode, '', new Set())].filter((path) => !doc.includes(`\`${path}\``));
    expect(undocumented).toEqual([]);
  });
});
