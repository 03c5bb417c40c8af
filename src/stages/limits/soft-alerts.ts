import type { Logger } from '../../log/logger.js';

/** Alerts sent, kept bounded: a long-running gateway sees new periods every day. */
const REMEMBERED = 10_000;

/** Soft budget thresholds passed: logged once per budget and period, never a refusal. */
export interface SoftAlerts {
  /** `label` is `budget:<key>/<period>`; spent is in micro-USD. */
  passed(label: string, spentMicroUsd?: number): void;
}

export function createSoftAlerts(logger: Logger): SoftAlerts {
  const sent = new Set<string>();
  return {
    passed(label: string, spentMicroUsd?: number): void {
      if (sent.has(label)) return;
      if (sent.size >= REMEMBERED) sent.clear();
      sent.add(label);
      logger.warn({ budget: label, ...(spentMicroUsd === undefined ? {} : { spentUsd: spentMicroUsd / 1e6 }) }, 'limits: soft budget passed');
    },
  };
}
