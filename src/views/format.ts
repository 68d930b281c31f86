import { daysBetween } from '../calculators/dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "6 Apr 2026" from "2026-04-06". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "1 day", "9 days", "1,000 decisions". */
export function plural(n: number, unit: string): string {
  return `${n.toLocaleString('en-GB')} ${unit}${n === 1 ? '' : 's'}`;
}

/** How long since `fromIso` (a date or an instant) up to `today`: "9 days". */
export function waited(fromIso: string, today: string): string {
  return plural(Math.max(0, daysBetween(fromIso.slice(0, 10), today)), 'day');
}
