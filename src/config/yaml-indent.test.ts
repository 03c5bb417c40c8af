import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { indentationIssues } from './yaml-indent.js';

const at = (text: string) => indentationIssues(text).map(({ line, column, silent }) => ({ line, column, silent }));

describe('indentationIssues: the common mistakes, at their own line', () => {
  it('a key one space too far in, under a key that has a value (the parser blames the line above)', () => {
    expect(at('server:\n  host: 127.0.0.1\n   port: 8080\n')).toEqual([{ line: 3, column: 4, silent: false }]);
    expect(at('models:\n  m:\n    mock:\n      toolCalls:\n        - name: get_weather\n           arguments: {}\n')).toEqual([
      { line: 6, column: 12, silent: false },
    ]);
  });

  it('a key one space short: between two open mappings', () => {
    expect(at('server:\n  host: 127.0.0.1\n port: 8080\n')).toEqual([{ line: 3, column: 2, silent: false }]);
    expect(indentationIssues('providers:\n  openai:\n    type: openai\n   apiKey: env:K\n')[0]?.message).toBe(
      '"apiKey" is indented 3 spaces, which lines up with nothing above it: the keys of "openai" (line 3) are at 4 spaces, the keys of "providers" at 2 spaces. Indent it 4 spaces to stay in "openai", or 2 spaces for "providers"',
    );
  });

  it('a tab, on each line that has one', () => {
    expect(at('server:\n\thost: a\n  port: 1\n\t\tx: 2\n')).toEqual([
      { line: 2, column: 1, silent: false },
      { line: 4, column: 1, silent: false },
    ]);
  });

  it('a list item misaligned: one short is an error, one too far silently joins the item above', () => {
    expect(at('policies:\n  files:\n    - a.cedar\n   - b.cedar\n')).toEqual([{ line: 4, column: 4, silent: false }]);
    const [further] = indentationIssues('policies:\n  files:\n    - a.cedar\n     - b.cedar\n');
    expect(further).toMatchObject({ line: 4, column: 6, silent: true });
    expect(further?.message).toBe(
      'this list item is indented 5 spaces, 1 space more than the item on line 3: YAML reads it as more text of that item. Indent its dash 4 spaces',
    );
  });
});

describe('indentationIssues: no issue in valid YAML', () => {
  it('in the example configuration and in every layout the yaml library writes', () => {
    const example = readFileSync(new URL('../../gatehouse.example.yaml', import.meta.url), 'utf8');
    expect(indentationIssues(example)).toEqual([]);
    const tricky = {
      a: { 'quoted: key': 1, list: [[1, 2], [{ x: 1, y: [3, { z: 'multi\nline', w: "it's: - a\n  - b" }] }]], text: 'one\ntwo\n', empty: [], none: {} },
      b: [{ k: { deep: [1] } }, 'plain', [[[1]]], `${'word '.repeat(30)}: - x # not a comment`],
    };
    for (const value of [parse(example), tricky]) {
      for (const indent of [2, 4]) {
        for (const options of [
          {},
          { indentSeq: false },
          { lineWidth: 20 },
          { defaultStringType: 'QUOTE_DOUBLE' as const, lineWidth: 20 },
          { collectionStyle: 'flow' as const, lineWidth: 20 },
        ]) {
          const text = stringify(value, { indent, ...options });
          expect(indentationIssues(text), text).toEqual([]);
        }
      }
    }
  });

  it('block scalars, multi-line flow and quoted values, comments and documents are read past', () => {
    const text = [
      'a: |',
      '  - not: an item',
      '   x: 1',
      'b: [1,',
      '     2]',
      'c: "two',
      '   - lines: here"',
      '# - comment',
      '  # indented comment',
      'd:',
      '- listed at the key column',
      'e: 1',
      '---',
      'f: 2',
    ].join('\n');
    expect(indentationIssues(text)).toEqual([]);
  });
});
