import { z } from 'zod';
import { isIsoDate } from '../calculators/dates.js';
import { Money, parseMoney, toPounds } from '../calculators/money.js';

/** A calendar date in YYYY-MM-DD form that exists. */
export const isoDate = z.string({ error: 'must be a date in YYYY-MM-DD form' })
  .refine(isIsoDate, { error: 'must be a real date in YYYY-MM-DD form' });

/** A weekly cost in pounds (string or number, "£1,234.50" accepted), stored as "1234.50". */
export const costInput = z.union([z.string(), z.number()], { error: 'must be an amount in pounds, e.g. "1234.50"' })
  .transform((raw, ctx) => {
    const parsed = parseMoney(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return toPounds(parsed.value);
  });

/** A stored amount: pounds with exactly two decimals. */
export const storedPounds = z.string().regex(/^-?\d+\.\d{2}$/, { error: 'must be pounds with two decimals' });

const percent = z.number({ error: 'must be a percentage from 0 to 100' }).min(0).max(100);

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

/** Short free text that will be shown on cards; bounded so a card stays under Teams' size limit. */
export function text(max: number) {
  return z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });
}
