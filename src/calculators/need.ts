import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { NEED_DOMAINS, PLACEMENT_TYPES, type NeedDomain, type PlacementType } from '../domain/vocabulary.js';
import { Money, parseMoney } from './money.js';

export type NeedLevel = 1 | 2 | 3 | 4;


export const NEED_LEVEL_LABELS: Record<NeedLevel, string> = { 1: 'Low', 2: 'Moderate', 3: 'High', 4: 'Complex' };

/** The rule `needLevel` applies, in words, for cards, the API and config/need-bands.json. */
export const NEED_LEVEL_RULE =
  'Complex (4): three or more domains score 3+, or one domain scores 4 and another scores 3+. '
  + 'High (3): any domain scores 3+. Moderate (2): the highest score is 2. Low (1): no domain scores above 1.';

/**
 * The need level (1 Low – 4 Complex) of a need profile scored 0–4 per domain. Complex: three or more
 * domains score 3+, or one scores 4 and another 3+. High: any domain scores 3+. Moderate: the highest
 * score is 2. Low: nothing above 1. Counting high domains as well as the top score lets several
 * serious needs together, not one alone, mark a child as complex.
 */
export function needLevel(scores: Partial<Record<NeedDomain, number>>): NeedLevel {
  const values = NEED_DOMAINS.map((d) => scores[d] ?? 0);
  const highest = Math.max(0, ...values);
  const high = values.filter((s) => s >= 3).length;
  if (high >= 3 || (highest >= 4 && high >= 2)) return 4;
  if (highest >= 3) return 3;
  if (highest >= 2) return 2;
  return 1;
}

const amount = z.union([z.string(), z.number()], { error: 'must be an amount in pounds, e.g. "4500.00"' })
  .transform((raw, ctx) => {
    const parsed = parseMoney(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  });

const band = z.strictObject({ low: amount, high: amount })
  .refine((b) => b.low.lte(b.high), { error: 'low must not be above high', path: ['high'] });

const bandsByLevel = z.strictObject({ 1: band, 2: band, 3: band, 4: band });

/** The need-band table (config/need-bands.json): weekly cost ranges per placement type and need level. */
export const needBandsSchema = z.strictObject({
  _note: z.string().min(1, { error: 'say where the figures come from' }),
  description: z.string(),
  needLevelRule: z.string().optional(),
  unit: z.literal('GBP per week', { error: 'bands are weekly costs: unit must be "GBP per week"' }),
  bands: z.partialRecord(z.enum(PLACEMENT_TYPES, { error: `placement types are: ${PLACEMENT_TYPES.join(', ')}` }), bandsByLevel),
});
export type NeedBands = z.output<typeof needBandsSchema>;

/** A weekly cost range for one placement type at one need level. */
export interface NeedBand {
  low: Money;
  high: Money;
  midpoint: Money;
}

/** How a weekly cost sits against the band for its placement type and need level. */
export interface ValueCheck {
  band?: NeedBand;
  aboveBand: boolean;
  ratioToMidpoint?: Money;
  excessWeekly?: Money;
}

/**
 * Whether a weekly cost is in proportion to the need: the band for the placement type and need level,
 * whether the cost is above it ("cost above need band"), its ratio to the band's midpoint and by how
 * much a week it exceeds the top. No band for the type means nothing to flag.
 */
export function valueCheck(type: PlacementType, level: NeedLevel, weeklyCost: Decimal.Value, bands: NeedBands): ValueCheck {
  const range = bands.bands[type]?.[level];
  if (range === undefined) return { aboveBand: false };
  const cost = new Money(weeklyCost);
  const midpoint = range.low.plus(range.high).dividedBy(2);
  const aboveBand = cost.gt(range.high);
  return {
    band: { low: range.low, high: range.high, midpoint },
    aboveBand,
    ...(midpoint.isZero() ? {} : { ratioToMidpoint: cost.dividedBy(midpoint) }),
    ...(aboveBand && { excessWeekly: cost.minus(range.high) }),
  };
}
