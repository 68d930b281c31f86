import { daysBetween } from '../calculators/dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "6 Apr 2026" from "2026-04-06". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

// What toLocaleDateString / toLocaleTimeString would build on every call, built once.
const WHEN_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const WHEN_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** An instant the way the panel reads it on cards and notices: "22 Nov 2026 14:03 UTC". */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  // Where toLocale*String answers "Invalid Date", format() would throw.
  if (Number.isNaN(d.getTime())) return 'Invalid Date Invalid Date UTC';
  return `${WHEN_DATE.format(d)} ${WHEN_TIME.format(d)} UTC`;
}

/** "1 day", "9 days", "1,000 decisions". */
export function plural(n: number, unit: string): string {
  return `${n.toLocaleString('en-GB')} ${unit}${n === 1 ? '' : 's'}`;
}

/** How long since `fromIso` (a date or an instant) up to `today`: "9 days". */
export function waited(fromIso: string, today: string): string {
  return plural(Math.max(0, daysBetween(fromIso.slice(0, 10), today)), 'day');
}

/** A field path ("proposed.weeklyCost", "alternatives.0.label") as the person who filled the form reads it. */
export type FieldLabels = (field: string) => string | undefined;

/** Problems worded with the labels people see on the form ("Effective from: must be …"), not the field names. */
export function labelledProblems(problems: readonly { field: string; problem: string }[], labels: FieldLabels): string[] {
  return problems.map((p) => `${labels(p.field) ?? p.field}: ${p.problem}`);
}
