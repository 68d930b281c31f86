import type { Decimal } from 'decimal.js';
import { deepFreeze } from '../lib/deepFreeze.js';
import { Money, ZERO, formatMoney, formatWholePounds } from '../calculators/money.js';
import type { SavingsReport } from '../calculators/savingsToDate.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { progressBar } from '../cards/progress.js';
import { MAX_BREAKDOWN_ROWS, type FinancialYearView, type ProgressView, type SavingsRowView, type SavingsView } from '../cards/viewModels.js';
import { PLACEMENT_TYPE_LABELS, humanise, type PlacementType } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { financialYearFacts, savingsAsOf, type FinancialYearFacts } from '../panel/queries.js';
import { formatDate, plural } from './format.js';
import savingsJson from '../../cards/savings.json' with { type: 'json' };

/** The savings card's template. */
export const SAVINGS_CARD = cardTemplate<SavingsView>(savingsJson);

/** Counts of decisions behind each breakdown key, so the card can say how many made up a line. */
function rows(amounts: Record<string, Decimal>, counts: Record<string, number>, label: (key: string) => string): SavingsRowView[] {
  return Object.entries(amounts)
    .sort(([, a], [, b]) => b.comparedTo(a))
    .slice(0, MAX_BREAKDOWN_ROWS)
    .map(([key, amount]) => ({ label: label(key), decisions: String(counts[key] ?? 0), amount: formatMoney(amount) }));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Progress to the target, as text: "42% of £1,000,000 target" and a ten-block bar. */
export function progressView(achieved: Decimal, target: Decimal): ProgressView {
  const fraction = target.isZero() ? ZERO : new Money(achieved).dividedBy(target);
  const percent = fraction.times(100);
  return {
    text: `${percent.toDecimalPlaces(0, Money.ROUND_HALF_UP).toFixed(0)}% of ${formatWholePounds(target)} target`,
    bar: progressBar(percent.toDecimalPlaces(4, Money.ROUND_FLOOR).toNumber()),
    // Text colours only: Teams draws 'warning' text yellow, unreadable on a light theme.
    tone: fraction.gte(1) ? 'good' : fraction.gte('0.5') ? 'accent' : 'default',
  };
}

/** A financial year's block: realised so far, the forecast to 31 March if placements run as recorded, and the target. */
export function financialYearView(year: FinancialYearFacts): FinancialYearView {
  return {
    yearLabel: year.label,
    toDate: formatMoney(year.toDate),
    forecastToYearEnd: formatMoney(year.forecast),
    ...(year.target !== undefined && { target: formatMoney(year.target), progress: progressView(year.toDate, year.target) }),
  };
}

/** The view of a savings report: realised beside projected, split and broken down. */
export function savingsView(report: SavingsReport, title: string, year: FinancialYearFacts | undefined): SavingsView {
  const approved = report.cases.filter((c) => c.approved);
  const byTypeCounts = countBy(approved, (c) => c.placementType);
  const byReasonCounts = countBy(approved, (c) => c.reason);
  const realisedNew = report.costAvoidance;
  const realisedChange = report.cashable;
  const projected = (kind: 'new' | 'change') => approved.filter((c) => c.kind === kind)
    .reduce((sum, c) => sum.plus(c.projectedFullYear), new Money(0));
  return {
    title,
    asOf: formatDate(report.asOf),
    total: formatMoney(report.total),
    costAvoidance: formatMoney(report.costAvoidance),
    cashable: formatMoney(report.cashable),
    basis: approved.length === 0 ? 'No approved decisions have taken effect yet.' : `${plural(approved.length, 'approved decision')} counted`,
    projectedVsRealised: [
      { label: 'Cost avoidance (new placements)', projected: formatMoney(projected('new')), realised: formatMoney(realisedNew) },
      { label: 'Cashable (changes to placements)', projected: formatMoney(projected('change')), realised: formatMoney(realisedChange) },
    ],
    byType: rows(report.byPlacementType, byTypeCounts, (k) => PLACEMENT_TYPE_LABELS[k as PlacementType] ?? humanise(k)),
    byReason: rows(report.byReason, byReasonCounts, humanise),
    ...(year !== undefined && { thisYear: financialYearView(year) }),
    ...(report.total.isNegative() && { note: 'Savings can be negative: a breakdown into a dearer placement shows as a cost increase.' }),
  };
}

/** The savings card as of a date; with `year` (a date in it), that financial year's block too. */
export function savingsCard(facts: PanelFacts, asOf: string, options: { title?: string; year?: string } = {}): AdaptiveCard {
  const title = options.title ?? 'Savings to date';
  // Rendered once per store revision for each question asked, then shared by every reply (frozen).
  return facts.keep(`savingsCard ${asOf} ${options.year ?? '-'} ${title}`, () => {
    const year = options.year === undefined ? undefined : financialYearFacts(facts, asOf, options.year);
    return deepFreeze(renderCard(SAVINGS_CARD, savingsView(savingsAsOf(facts, asOf), title, year)));
  });
}
