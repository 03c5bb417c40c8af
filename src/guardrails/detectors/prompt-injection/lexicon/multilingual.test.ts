import { describe, expect, it } from 'vitest';
import { createPromptInjectionDetector } from '../index.js';
import { TextGrams } from '../features.js';
import { CASES } from './cases.js';
import { INFLECTED_CASES } from './inflected-cases.js';
import { lexiconStats } from './scan.js';

const detector = createPromptInjectionDetector();
const ctx = { direction: 'input' as const, role: 'user' as const };

function guess(text: string): string {
  const g = new TextGrams();
  g.extract(text);
  return lexiconStats(g).guess().lang;
}

describe('multilingual prompt-injection rules', () => {
  for (const [set, { lang, attacks, benign }] of [...CASES.map((c) => ['base', c] as const), ...INFLECTED_CASES.map((c) => ['inflected', c] as const)]) {
    describe(`${lang} (${set})`, () => {
      it.each(attacks)(`catches %s: %s`, (type, text) => {
        const findings = detector.detect(text, ctx);
        const rule = findings.find((f) => f.evidence?.startsWith(`rule:ml.${lang}.`));
        expect(rule, JSON.stringify(findings)).toBeDefined();
        expect(rule!.type).toBe(type);
        expect(rule!.end).toBeGreaterThan(rule!.start);
        expect(text.slice(rule!.start, rule!.end).length).toBeGreaterThan(1);
      });
      it.each(benign)('does not flag benign: %s', (text) => {
        expect(detector.detect(text, ctx)).toEqual([]);
      });
      it('guesses the language', () => {
        for (const text of [...attacks.map((a) => a[1]), ...benign]) expect(guess(text), text).toBe(lang);
      });
    });
  }
});
