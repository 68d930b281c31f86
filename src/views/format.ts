import { daysBetween } from '../calculators/dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "6 Apr 2026" from "2026-04-06". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

// Built once: an Intl formatter is costly to make, and cards are drawn on every refresh.
const LONDON = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  timeZone: 'Europe/London', timeZoneName: 'short',
});

/**
 * An instant as people in England read it on cards and notices, in UK time with the clock's name:
 * "22 Nov 2026 14:03 GMT", "22 Jun 2026 15:03 BST". Text that is no instant is returned as it is.
 */
export function formatWhen(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of LONDON.formatToParts(instant)) part[p.type] = p.value;
  return `${formatDate(`${part.year}-${part.month}-${part.day}`)} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

/** "1 day", "9 days", "1,000 decisions". */
export function plural(n: number, unit: string): string {
  return `${n.toLocaleString('en-GB')} ${unit}${n === 1 ? '' : 's'}`;
}

/** "1 request is", "0 requests are": a count that a verb follows. */
export function countIs(n: number, unit: string): string {
  return `${plural(n, unit)} ${n === 1 ? 'is' : 'are'}`;
}

/**
 * A label as it reads inside a sentence: "independent fostering agency", never "independent
 * fostering agency (ifa)". A capitalised abbreviation in brackets is dropped (the words say it) and
 * the first letter lowered unless it begins an abbreviation.
 */
export function inSentence(label: string): string {
  const words = label.replace(/ \([A-Z]{2,}\)$/, '');
  return /^[A-Z][A-Z]/.test(words) ? words : words.charAt(0).toLowerCase() + words.slice(1);
}

// Reason codes whose words alone (humanise) would not be what people say.
const REASON_WORDS: Record<string, string> = {
  ifa_to_in_house: 'Independent fostering agency to in-house fostering',
  to_16_plus_placement: 'To a 16+ placement',
  sgo: 'Special guardianship order',
  sgo_granted: 'Special guardianship order granted',
  turned_18: 'Turned 18',
  cost_avoidance: 'Cost avoidance (new placements)',
  not_given: 'Reason not given',
};

/** A reason code ("ifa_to_in_house", "step_down") in the words people use: "Independent fostering agency to in-house fostering". */
export function reasonLabel(code: string): string {
  if (Object.hasOwn(REASON_WORDS, code)) return REASON_WORDS[code]!;
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How long since `fromIso` (a date or an instant) up to `today`: "9 days", or "less than a day" for one that came in today ("0 days" reads as a fault). */
export function waited(fromIso: string, today: string): string {
  const days = Math.max(0, daysBetween(fromIso.slice(0, 10), today));
  return days === 0 ? 'less than a day' : plural(days, 'day');
}

/** A field path ("proposed.weeklyCost", "alternatives.0.label") as the person who filled the form reads it. */
export type FieldLabels = (field: string) => string | undefined;

/** Problems worded with the labels people see on the form ("Effective from: must be …"), not the field names. */
export function labelledProblems(problems: readonly { field: string; problem: string }[], labels: FieldLabels): string[] {
  return problems.map((p) => `${labels(p.field) ?? p.field}: ${p.problem}`);
}
