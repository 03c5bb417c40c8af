import { describe, expect, it } from 'vitest';
import { auc, leaveOneSourceOut, ratesAt, thresholdAtFpr, type Labelled } from '../../eval/metrics.js';

const row = (label: 0 | 1, score: number): Labelled => ({ label, score });

describe('leaveOneSourceOut', () => {
  const rows = [
    { source: 'b', id: 1 },
    { source: 'a', id: 2 },
    { source: 'c', id: 3 },
    { source: 'a', id: 4 },
    { source: 'b', id: 5 },
  ];

  it('makes one fold per source, in sorted order, holding out exactly that source', () => {
    const folds = leaveOneSourceOut(rows);
    expect(folds.map((f) => f.source)).toEqual(['a', 'b', 'c']);
    expect(folds[0]!.test.map((r) => r.id)).toEqual([2, 4]);
    expect(folds[0]!.train.map((r) => r.id)).toEqual([1, 3, 5]);
    for (const f of folds) {
      expect(f.test.every((r) => r.source === f.source)).toBe(true);
      expect(f.train.some((r) => r.source === f.source)).toBe(false);
      expect(f.train.length + f.test.length).toBe(rows.length);
    }
  });

  it('puts every row in exactly one test set', () => {
    const tested = leaveOneSourceOut(rows)
      .flatMap((f) => f.test.map((r) => r.id))
      .sort();
    expect(tested).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives no folds for no rows and one fold (empty train) for a single source', () => {
    expect(leaveOneSourceOut([])).toEqual([]);
    const one = leaveOneSourceOut([{ source: 'x' }, { source: 'x' }]);
    expect(one).toHaveLength(1);
    expect(one[0]!.train).toEqual([]);
    expect(one[0]!.test).toHaveLength(2);
  });
});

describe('auc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([row(0, 0.1), row(0, 0.2), row(1, 0.8), row(1, 0.9)])).toBe(1);
    expect(auc([row(1, 0.1), row(1, 0.2), row(0, 0.8), row(0, 0.9)])).toBe(0);
  });

  it('counts ties as half', () => {
    expect(auc([row(0, 0.5), row(1, 0.5)])).toBe(0.5);
    // pairs (pos, neg): (0.9, 0.1) win, (0.9, 0.5) win, (0.5, 0.1) win, (0.5, 0.5) tie -> 3.5 / 4
    expect(auc([row(1, 0.9), row(1, 0.5), row(0, 0.5), row(0, 0.1)])).toBeCloseTo(0.875, 12);
  });

  it('is NaN when a class is missing', () => {
    expect(auc([row(1, 0.2), row(1, 0.3)])).toBeNaN();
    expect(auc([row(0, 0.2)])).toBeNaN();
  });
});

describe('thresholdAtFpr', () => {
  // 200 benign scores 0.000 .. 0.995 and attacks at 0.9, 0.95, 0.5, 0.999.
  const benign = Array.from({ length: 200 }, (_, i) => row(0, i / 200));
  const attacks = [row(1, 0.9), row(1, 0.95), row(1, 0.5), row(1, 0.999)];
  const rows = [...benign, ...attacks];

  it('takes the lowest threshold whose FPR stays within budget', () => {
    // 1% of 200 benign = 2 false positives allowed: the benign scores 0.995 and 0.99 may be flagged, 0.985 not.
    const t = thresholdAtFpr(rows, 0.01);
    const r = ratesAt(rows, t);
    expect(r.fp).toBe(2);
    expect(r.fpr).toBeLessThanOrEqual(0.01);
    expect(t).toBeGreaterThan(0.985);
    expect(t).toBeLessThanOrEqual(0.99);
    expect(r.tp).toBe(1);
    // One step lower would break the budget.
    expect(ratesAt(rows, 0.985).fpr).toBeGreaterThan(0.01);
  });

  it('allows more at a looser budget and none at zero', () => {
    const t5 = thresholdAtFpr(rows, 0.05);
    expect(ratesAt(rows, t5).fp).toBe(10);
    expect(ratesAt(rows, t5).tp).toBe(2); // 0.95 and 0.999; 0.9 is below the 10th benign score
    const t0 = thresholdAtFpr(rows, 0);
    expect(ratesAt(rows, t0).fp).toBe(0);
    expect(t0).toBe(0.999);
  });

  it('never splits a tie: a benign text tied with the threshold counts', () => {
    const tied = [row(0, 0.9), row(0, 0.9), row(1, 0.9), ...Array.from({ length: 98 }, () => row(0, 0.1))];
    // 1% of 100 benign = 1 FP allowed, but 0.9 flags two benign texts: the threshold must sit above it.
    const t = thresholdAtFpr(tied, 0.01);
    expect(t).toBe(Infinity);
    expect(ratesAt(tied, t).fp).toBe(0);
  });
});

describe('ratesAt', () => {
  it('counts score >= threshold as flagged', () => {
    const r = ratesAt([row(1, 0.5), row(1, 0.4), row(0, 0.5), row(0, 0.1)], 0.5);
    expect([r.tp, r.fn, r.fp, r.tn]).toEqual([1, 1, 1, 1]);
    expect(r.tpr).toBe(0.5);
    expect(r.fpr).toBe(0.5);
    expect(r.precision).toBe(0.5);
  });

  it('reports NaN rates for an absent class', () => {
    expect(ratesAt([row(0, 0.2)], 0.5).tpr).toBeNaN();
    expect(ratesAt([row(1, 0.2)], 0.5).fpr).toBeNaN();
  });
});
