import { describe, expect, test } from 'vitest';
import { periodKeys, periodRetentionMs } from './periods.js';

const DAY = 86_400_000;

describe('budget periods', () => {
  test('day and month keys are UTC', () => {
    expect(periodKeys(Date.UTC(2026, 0, 31, 23, 59, 59))).toEqual({ day: '2026-01-31', month: '2026-01' });
    expect(periodKeys(Date.UTC(2026, 1, 1, 0, 0, 0))).toEqual({ day: '2026-02-01', month: '2026-02' });
  });

  test('state is kept to the end of its period plus a day', () => {
    const noon = Date.UTC(2026, 10, 21, 12);
    expect(periodRetentionMs('2026-11-21', noon)).toBe(DAY / 2 + DAY);
    expect(periodRetentionMs('2026-11', noon)).toBe(9 * DAY + DAY / 2 + DAY);
    expect(periodRetentionMs('2026-12', Date.UTC(2026, 11, 31, 12))).toBe(DAY / 2 + DAY);
    expect(periodRetentionMs('2026-11-20', noon)).toBe(DAY);
  });
});
