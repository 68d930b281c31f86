import { deepFreeze } from '../lib/deepFreeze.js';
import { addDays } from '../calculators/dates.js';
import { financialYearOf } from '../calculators/financialYear.js';
import { Money, ZERO, formatMoney, formatWholePounds } from '../calculators/money.js';
import type { SavingsReport } from '../calculators/savingsToDate.js';
import { renderCard } from '../cards/renderCard.js';
import { progressBar } from '../cards/progress.js';
import { MAX_BREAKDOWN_ROWS, type FinancialYearView, type ProgressView, type SavingsRowView, type SavingsView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { PLACEMENT_TYPE_LABELS, humanise, type PlacementType } from '../domain/vocabulary.js';
import { savingsReport, untilChanged } from '../panel/cases.js';
import type { Panel } from '../panel/panel.js';
import { formatDate, plural } from './format.js';
import type { Decimal } from 'decimal.js';

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
    tone: fraction.gte(1) ? 'good' : fraction.gte('0.5') ? 'accent' : 'warning',
  };
}

/** This financial year: realised so far, the forecast to 31 March if placements run as recorded, and the target. */
export function financialYearView(panel: Panel, asOf: string, yearOf: string = asOf): FinancialYearView {
  const fy = financialYearOf(yearOf);
  const toDate = savingsReport(panel, asOf).byFinancialYear[fy.label] ?? ZERO;
  // The same calculator run to the day after year end: placements continue at their recorded costs until their own ends.
  const forecast = savingsReport(panel, addDays(fy.end, 1)).byFinancialYear[fy.label] ?? ZERO;
  const target = panel.savingsTarget === undefined ? undefined : new Money(panel.savingsTarget);
  return {
    yearLabel: fy.label,
    toDate: formatMoney(toDate),
    forecastToYearEnd: formatMoney(forecast),
    ...(target !== undefined && { target: formatMoney(target), progress: progressView(toDate, target) }),
  };
}

/** The view of a savings report: realised beside projected, split and broken down. */
export function savingsView(panel: Panel, report: SavingsReport, title: string, year: string | undefined): SavingsView {
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
      { label: 'Cost avoidance (new placements)', projected: `${formatMoney(projected('new'))}/yr`, realised: formatMoney(realisedNew) },
      { label: 'Cashable (changes to placements)', projected: `${formatMoney(projected('change'))}/yr`, realised: formatMoney(realisedChange) },
    ],
    byType: rows(report.byPlacementType, byTypeCounts, (k) => PLACEMENT_TYPE_LABELS[k as PlacementType] ?? humanise(k)),
    byReason: rows(report.byReason, byReasonCounts, humanise),
    ...(year !== undefined && { thisYear: financialYearView(panel, report.asOf, year) }),
    ...(report.total.isNegative() && { note: 'Savings can be negative: a breakdown into a dearer placement shows as a cost increase.' }),
  };
}

/** The savings card as of a date; with `year` (a date in it), that financial year's block too. */
export function savingsCard(panel: Panel, asOf: string, options: { title?: string; year?: string } = {}): CardJson {
  const title = options.title ?? 'Savings to date';
  // Rendered once per store revision for each question asked, then shared by every reply (frozen).
  return untilChanged(panel, `savingsCard ${asOf} ${options.year ?? '-'} ${title}`, () =>
    deepFreeze(renderCard('savings', savingsView(panel, savingsReport(panel, asOf), title, options.year)) as CardJson));
}
