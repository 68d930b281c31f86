/**
 * The ISO week ("2026-W47") that an instant falls in, in a time zone: the digest is sent once per
 * such week, whatever restarts happen.
 */
export function isoWeekKey(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = new Date(Date.UTC(get('year'), get('month') - 1, get('day')));
  // ISO 8601: the week with the year's first Thursday is week 1.
  const day = local.getUTCDay() || 7;
  local.setUTCDate(local.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(local.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((local.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${local.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The calendar date of an instant in a time zone ("2026-11-23"). */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
