import { z } from 'zod';
import { dateOfInstant, isIsoDate } from '../calculators/dates.js';
import { Money, parseMoney, toPounds } from '../calculators/money.js';

/** The dates a record may carry: history is imported and finance looks years ahead, but a case system's "9999-12-31" is no date. */
export const RECORD_DATES = { from: '1990-01-01', to: '2100-12-31' } as const;
/** The dates savings may be asked as of. */
export const AS_OF_DATES = { from: '2000-01-01', to: '2100-12-31' } as const;

export type DateRange = { readonly from: string; readonly to: string };

/** Why `text` is not a date in the range, or undefined when it is one. */
export function dateProblem(text: string, range: DateRange = RECORD_DATES): string | undefined {
  if (!isIsoDate(text)) return 'must be a real date in YYYY-MM-DD form';
  if (text < range.from || text > range.to) return `must be a date from ${range.from} to ${range.to}`;
  return undefined;
}

/** A calendar date in YYYY-MM-DD form that exists and lies in the range (by default, any a record may carry). */
export function dateIn(range: DateRange) {
  return z.string({ error: 'must be a date in YYYY-MM-DD form' }).superRefine((text, ctx) => {
    const problem = dateProblem(text, range);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const isoDate = dateIn(RECORD_DATES);

/** Why an as-of date someone asked for cannot be used, or undefined when it can. */
export function asOfProblem(text: string): string | undefined {
  return dateProblem(text, AS_OF_DATES);
}

/**
 * A date as stored: a real calendar date, in any year. Stores written before dates were bounded may
 * hold one far off (9999-12-31); it loads, and the calculators read it without failing.
 */
export const storedDate = z.string().refine(isIsoDate, { error: 'must be a real date in YYYY-MM-DD form' });

/** An instant as stored ("2026-04-06T09:30:00.000Z"). */
export const storedInstant = z.string().refine((text) => {
  try {
    dateOfInstant(text);
    return true;
  } catch {
    return false;
  }
}, { error: 'must be a time such as 2026-04-06T09:30:00.000Z' });

/** A weekly cost in pounds (string or number, "£1,234.50" accepted), stored as "1234.50". */
export const costInput = z.union([z.string(), z.number()], { error: 'must be an amount in pounds, e.g. "1234.50"' })
  .transform((raw, ctx) => {
    const parsed = parseMoney(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    if (!parsed.value.gt(0)) {
      ctx.addIssue({ code: 'custom', message: 'must be more than £0.00 a week' });
      return z.NEVER;
    }
    return toPounds(parsed.value);
  });

/** A stored amount: pounds with exactly two decimals. */
export const storedPounds = z.string().regex(/^-?\d+\.\d{2}$/, { error: 'must be pounds with two decimals' });

const percent = z.number({ error: 'must be a percentage from 0 to 100' }).min(0, { error: 'must be a percentage from 0 to 100' })
  .max(100, { error: 'must be a percentage from 0 to 100' })
  .refine((n) => new Money(String(n)).decimalPlaces() <= 2, { error: 'must have at most two decimals, e.g. 33.33' });

/** Shares of the weekly cost paid by social care (the council), health and education, in percent. */
export const fundingInput = z.strictObject({
  socialCare: percent,
  health: percent.default(0),
  education: percent.default(0),
}).refine(
  (f) => new Money(String(f.socialCare)).plus(String(f.health)).plus(String(f.education)).eq(100),
  { error: 'shares of socialCare, health and education must add up to 100' },
);
export type Funding = z.infer<typeof fundingInput>;

export const FULL_COUNCIL_FUNDING: Funding = { socialCare: 100, health: 0, education: 0 };

// Control characters, bidirectional overrides and isolates, and invisible formatting characters:
// typed or pasted, they can hide text on a card or show it in another order than it was written.
// Line breaks stay; tabs become spaces.
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** The text with hidden characters removed and line breaks made "\n". */
export function cleanText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(HIDDEN_CHARACTERS, '');
}

/** Short free text that will be shown on cards, cleaned; bounded so a card stays under Teams' size limit. */
export function text(max: number) {
  return z.string({ error: 'must be text' }).overwrite(cleanText).trim()
    .min(1, { error: 'must not be empty (or only invisible characters)' })
    .max(max, { error: `must be at most ${max} characters` });
}

/** Optional free text: cleaned, and "" or only blanks read as not given (card inputs send ""). */
export function optionalText(max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && cleanText(v).trim() === '' ? undefined : v),
    z.string({ error: 'must be text' }).overwrite(cleanText).trim().max(max, { error: `must be at most ${max} characters` }).optional(),
  );
}
