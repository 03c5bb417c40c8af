import { describe, expect, it } from 'vitest';
import { createRegexDetector, unsafePatternReason } from './index.js';

const ctx = { direction: 'input' } as const;

describe('regex detector', () => {
  const detector = createRegexDetector({ patterns: { employee_id: '\\bEMP-\\d{6}\\b', ticket: 'JIRA-[0-9]+' }, flags: 'i' });

  it('reports each match with its span and the pattern name, never the match', () => {
    expect(detector.detect('Ask emp-123456 about jira-42.', ctx)).toEqual([
      { detector: 'regex', type: 'employee_id', score: 1, start: 4, end: 14, evidence: 'pattern:employee_id' },
      { detector: 'regex', type: 'ticket', score: 1, start: 21, end: 28, evidence: 'pattern:ticket' },
    ]);
    expect(detector.detect('EMP-1234567 and PROMPT text', ctx)).toEqual([]);
  });

  it('refuses patterns at risk of catastrophic backtracking', () => {
    expect(unsafePatternReason('(a+)+$')).toBe('nested quantifier');
    expect(unsafePatternReason('(\\w*){2,}x')).toBe('nested quantifier');
    expect(unsafePatternReason('(a|aa)\\1')).toBe('backreference');
    expect(unsafePatternReason('\\bEMP-\\d{6}\\b')).toBeNull();
    expect(() => createRegexDetector({ patterns: { bad: '(a+)+$' } })).toThrow(/ReDoS/);
    expect(() => createRegexDetector({ patterns: { bad: '(' } })).toThrow(SyntaxError);
    expect(() => createRegexDetector({ patterns: { x: 'a' }, flags: 'g' })).toThrow(TypeError);
  });

  it('caps the scanned length and records the truncation with score 0', () => {
    const capped = createRegexDetector({ patterns: { x: 'needle' }, maxInputLength: 100 });
    const findings = capped.detect(`${'a'.repeat(150)}needle`, ctx);
    expect(findings).toEqual([{ detector: 'regex', type: 'scan_truncated', score: 0, start: 100, end: 156, evidence: 'scanned first 100 chars' }]);
  });

  it('survives empty matches, random and pathological input', () => {
    const empty = createRegexDetector({ patterns: { e: 'x*' } });
    expect(empty.detect('aaxxa', ctx)).toEqual([{ detector: 'regex', type: 'e', score: 1, start: 2, end: 4, evidence: 'pattern:e' }]);
    // Only the first 65,536 characters are scanned: the cost of a flood is bounded by the cap, not the input.
    expect(detector.detect('EMP-'.repeat(100_000), ctx)).toEqual([
      { detector: 'regex', type: 'scan_truncated', score: 0, start: 65_536, end: 400_000, evidence: 'scanned first 65536 chars' },
    ]);
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(() => detector.detect(s, ctx)).not.toThrow();
    }
  });
});
