import { describe, expect, it } from 'vitest';
import { policyStatements, withoutStatements } from './policy-statements.js';

const texts = (text: string) => policyStatements(text).map(({ start, end }) => text.slice(start, end));

describe('policyStatements', () => {
  it("cuts at each ';' outside strings and // comments", () => {
    const text = '@id("a;b") permit (principal, action, resource) when { resource.name == "x\\";y" };\n// not; a cut\nforbid (principal, action, resource);';
    expect(texts(text)).toEqual([
      '@id("a;b") permit (principal, action, resource) when { resource.name == "x\\";y" };',
      '\n// not; a cut\nforbid (principal, action, resource);',
    ]);
  });

  it('keeps an unfinished last statement, drops trailing blanks, survives an unclosed string', () => {
    expect(texts('permit (principal, action, resource);\npermit (principal')).toEqual(['permit (principal, action, resource);', '\npermit (principal']);
    expect(texts('permit (principal, action, resource);\n  \n')).toEqual(['permit (principal, action, resource);']);
    expect(texts('@id("open;\npermit;')).toEqual(['@id("open;\npermit;']);
  });
});

describe('withoutStatements', () => {
  it('blanks statements byte for byte, keeping newlines, so offsets and lines stay the original ones', () => {
    const text = 'a é;\nb 😀;\nc;';
    const [first, second] = policyStatements(text);
    const blanked = withoutStatements(text, [second!, first!]);
    expect(blanked).toBe(`${' '.repeat(5)}\n${' '.repeat(7)}\nc;`);
    expect(Buffer.byteLength(blanked)).toBe(Buffer.byteLength(text));
  });
});
