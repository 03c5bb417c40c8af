/** One suite for a probe set of our own: every attack flagged as `flags` says, every benign look-alike not blocked at all. */
import { describe, expect, it } from 'vitest';
import type { DetectContext, Finding } from '../../../types.js';
import { blocking, USER } from './support.js';

export function describeProbes(
  title: string,
  probes: { attacks: readonly string[]; benign: readonly string[] },
  flags: (finding: Finding) => boolean,
  context: DetectContext = USER,
): void {
  describe(title, () => {
    it.each(probes.attacks)('flags: %s', (text) => {
      expect(blocking(text, context).some(flags)).toBe(true);
    });

    it.each(probes.benign)('does not flag: %s', (text) => {
      expect(blocking(text, context)).toEqual([]);
    });
  });
}
