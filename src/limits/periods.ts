/** Budget period keys in UTC: `2026-11-21` for the day, `2026-11` for the month. */
export interface PeriodKeys {
  day: string;
  month: string;
}

/** The UTC day and month a moment falls in, as budget period keys. */
export function periodKeys(now: number = Date.now()): PeriodKeys {
  const iso = new Date(now).toISOString();
  return { day: iso.slice(0, 10), month: iso.slice(0, 7) };
}

/**
 * How long a budget's state must be kept: until the end of its period plus a day of slack, so a settlement
 * that arrives just after midnight still lands on the period its reservation was made in.
 */
export function periodRetentionMs(periodKey: string, now: number = Date.now()): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(periodKey);
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  let end: number;
  if (day) end = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1);
  else if (month) end = Date.UTC(Number(month[1]), Number(month[2]), 1);
  else return 35 * 86_400_000;
  return Math.max(end - now, 0) + 86_400_000;
}
