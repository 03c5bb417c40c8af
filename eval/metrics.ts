/**
 * Small, pure helpers the evaluations share: leave-one-source-out folds, ROC AUC, and the operating point
 * at a false-positive budget. Kept free of detector code so they can be unit-tested on synthetic scores.
 */

export interface Labelled {
  label: 0 | 1;
  score: number;
}

export interface Fold<T> {
  source: string;
  train: T[];
  test: T[];
}

/**
 * One fold per distinct `source` (sorted, so the order is deterministic): train on every other source,
 * test on that one. Each row lands in exactly one test set.
 */
export function leaveOneSourceOut<T extends { source: string }>(rows: readonly T[]): Array<Fold<T>> {
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  return sources.map((source) => ({
    source,
    train: rows.filter((r) => r.source !== source),
    test: rows.filter((r) => r.source === source),
  }));
}

/** ROC AUC (Mann-Whitney, ties count half). NaN when either class is empty. */
export function auc(rows: readonly Labelled[]): number {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (sorted[k]!.label === 1) {
        rankSum += avgRank;
        nPos++;
      }
    i = j;
  }
  const nNeg = rows.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export interface Rates {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  tpr: number;
  fpr: number;
  precision: number;
}

/** Counts with "flagged" meaning score >= threshold. tpr / fpr are NaN on an empty class. */
export function ratesAt(rows: readonly Labelled[], threshold: number): Rates {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (const r of rows) {
    const flagged = r.score >= threshold;
    if (r.label === 1) flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  return {
    tp,
    fp,
    fn,
    tn,
    tpr: tp + fn ? tp / (tp + fn) : Number.NaN,
    fpr: fp + tn ? fp / (fp + tn) : Number.NaN,
    precision: tp + fp ? tp / (tp + fp) : 1,
  };
}

/**
 * The lowest threshold, among the observed scores, whose FPR is <= maxFpr (so the highest TPR the budget
 * allows). Infinity when even the top score breaks the budget. Ties are never split: every text with the
 * threshold score is flagged, as the detector would.
 */
export function thresholdAtFpr(rows: readonly Labelled[], maxFpr: number): number {
  const benign = rows
    .filter((r) => r.label === 0)
    .map((r) => r.score)
    .sort((a, b) => b - a);
  const allowed = Math.floor(maxFpr * benign.length + 1e-9);
  // Flagging every score >= t costs the benign scores >= t; walk down the benign scores until the budget breaks.
  let t = Infinity;
  const candidates = [...new Set(rows.map((r) => r.score))].sort((a, b) => b - a);
  let b = 0;
  for (const c of candidates) {
    while (b < benign.length && benign[b]! >= c) b++;
    if (b > allowed) break;
    t = c;
  }
  return t;
}
