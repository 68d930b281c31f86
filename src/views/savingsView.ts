import type { Decimal } from 'decimal.js';
import { deepFreeze } from '../lib/deepFreeze.js';
import { annualise, WEEKS_PER_YEAR } from '../calculators/annualise.js';
import { addDays, type IsoDate } from '../calculators/dates.js';
import { Money, ZERO, formatMoney, formatWholePounds } from '../calculators/money.js';
import type { SavingsReport } from '../calculators/savingsToDate.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { progressBar } from '../cards/progress.js';
import { MAX_BREAKDOWN_ROWS, type FinancialYearView, type ProgressView, type SavingsRowView, type SavingsView } from '../cards/viewModels.js';
import { PLACEMENT_TYPE_LABELS, type PlacementType } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { financialYearFacts, savingsAsOf, type FinancialYearFacts } from '../panel/queries.js';
import { approvalsNotStarted, savingsOverPeriod, type ApprovalNotStarted } from '../panel/savingsQueries.js';
import { formatDate, plural, reasonLabel } from './format.js';
import savingsJson from '../../cards/savings.json' with { type: 'json' };

/** The savings card's template. */
export const SAVINGS_CARD = cardTemplate<SavingsView>(savingsJson);

/** Counts of decisions behind each breakdown key, so the card can say how many made up a line. */
function rows(amounts: Record<string, Decimal>, counts: Record<string, number>, label: (key: string) => string): SavingsRowView[] {
  return Object.entries(amounts)
    .sort(([ka, a], [kb, b]) => b.comparedTo(a) || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, MAX_BREAKDOWN_ROWS)
    .map(([key, amount]) => ({ label: label(key), decisions: String(counts[key] ?? 0), amount: formatMoney(amount) }));
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

/** What a savings question asked beyond its as-of date. */
export interface SavingsQuestion {
  /** 'Savings to date' unless told. */
  title?: string;
  /** A period's first day: the card counts from it (savingsOverPeriod) instead of from the beginning. */
  from?: IsoDate;
  /** A period that has not ended: its own last day, after the last day counted. */
  runsTo?: IsoDate;
  /** A date in the financial year whose block (so far, forecast, target) the card shows. */
  year?: IsoDate;
  /** List the approvals taking effect after the last day counted. */
  listNotStarted?: boolean;
}

/** What the savings view needs besides the report. */
export interface SavingsViewContext {
  weeksPerYear: number;
  runsTo?: IsoDate;
  notStarted?: readonly ApprovalNotStarted[];
}

const MAX_NOT_STARTED_ROWS = 10;

/** The days a report counts, exactly: "1 Apr 2026 to 30 Jun 2026 inclusive", "Up to and including 30 Apr 2026". */
function periodText(report: SavingsReport): string {
  const lastDay = addDays(report.asOf, -1);
  if (report.from === undefined) return `Up to and including ${formatDate(lastDay)}`;
  if (report.from >= report.asOf) return `From ${formatDate(report.from)}: no day of it has ended yet, so nothing is counted`;
  return `${formatDate(report.from)} to ${formatDate(lastDay)} inclusive`;
}

function notStartedView(approvals: readonly ApprovalNotStarted[], lastDay: IsoDate): SavingsView['notStarted'] {
  if (approvals.length === 0) return undefined;
  const rows = approvals.slice(0, MAX_NOT_STARTED_ROWS)
    .map((a) => ({ line: `${a.requestId} from ${formatDate(a.effectiveFrom)}: ${formatMoney(a.weekly)} a week promised` }));
  return {
    heading: `Approved, not started by ${formatDate(lastDay)}`,
    rows,
    ...(approvals.length > rows.length && { more: `and ${plural(approvals.length - rows.length, 'more approval')}` }),
  };
}

/**
 * The view of a savings report, to date or over a period: realised beside what the decisions
 * promised over the same days and a year each, split and broken down.
 */
export function savingsView(report: SavingsReport, title: string, year: FinancialYearFacts | undefined, context: SavingsViewContext = { weeksPerYear: WEEKS_PER_YEAR }): SavingsView {
  const { decisions, byKind } = report;
  const lastDay = addDays(report.asOf, -1);
  const running = (kind: 'new' | 'change') => annualise(byKind[kind].runningWeekly, context.weeksPerYear);
  const weeks = context.weeksPerYear.toLocaleString('en-GB');
  const notStarted = context.notStarted === undefined ? undefined : notStartedView(context.notStarted, lastDay);
  return {
    title,
    period: periodText(report),
    ...(context.runsTo !== undefined && { ongoing: `The period runs to ${formatDate(context.runsTo)}: this counts its days so far, up to the end of yesterday.` }),
    total: formatMoney(report.total),
    costAvoidance: formatMoney(report.costAvoidance),
    cashable: formatMoney(report.cashable),
    basis: decisions.total === 0 ? 'No approved decisions had taken effect.' : `${plural(decisions.total, 'approved decision')} counted`,
    toDate: [
      { label: 'Cost avoidance', projected: formatMoney(byKind.new.projectedToDate), realised: formatMoney(report.costAvoidance) },
      { label: 'Cashable', projected: formatMoney(byKind.change.projectedToDate), realised: formatMoney(report.cashable) },
    ],
    perYear: [
      { label: 'Cost avoidance', projected: formatMoney(byKind.new.projectedFullYear), realised: formatMoney(running('new')) },
      { label: 'Cashable', projected: formatMoney(byKind.change.projectedFullYear), realised: formatMoney(running('change')) },
    ],
    comparisonBasis: `Promised: each decision's weekly saving when approved, over the same days, or × ${weeks} for a year. `
      + `Realised: what it saved after later cost changes and ends; a year is the weekly saving running on ${formatDate(lastDay)} × ${weeks}.`,
    byType: rows(report.byPlacementType, decisions.byPlacementType, (k) => PLACEMENT_TYPE_LABELS[k as PlacementType] ?? reasonLabel(k)),
    byReason: rows(report.byReason, decisions.byReason, reasonLabel),
    ...(year !== undefined && { thisYear: financialYearView(year) }),
    ...(notStarted !== undefined && { notStarted }),
    ...(report.total.isNegative() && { note: 'Savings can be negative: a breakdown into a dearer placement shows as a cost increase.' }),
  };
}

/**
 * The savings card as of a date (the day itself not counted): everything before it, or with `from`
 * the period from that day; with `year` (a date in it), that financial year's block too.
 */
export function savingsCard(facts: PanelFacts, asOf: string, question: SavingsQuestion = {}): AdaptiveCard {
  const title = question.title ?? 'Savings to date';
  const key = [asOf, question.from, question.runsTo, question.year, question.listNotStarted, title].map((part) => part ?? '-').join(' ');
  // Rendered once per store revision for each question asked, then shared by every reply (frozen).
  return facts.keep(`savingsCard ${key}`, () => {
    const year = question.year === undefined ? undefined : financialYearFacts(facts, asOf, question.year);
    const report = question.from === undefined ? savingsAsOf(facts, asOf) : savingsOverPeriod(facts, { from: question.from, to: addDays(asOf, -1) });
    const context: SavingsViewContext = {
      weeksPerYear: facts.settings.weeksPerYear,
      ...(question.runsTo !== undefined && { runsTo: question.runsTo }),
      ...(question.listNotStarted === true && { notStarted: approvalsNotStarted(facts, addDays(asOf, -1)) }),
    };
    return deepFreeze(renderCard(SAVINGS_CARD, savingsView(report, title, year, context)));
  });
}
