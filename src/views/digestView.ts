import { deepFreeze } from '../lib/deepFreeze.js';
import { addDays, daysBetween } from '../calculators/dates.js';
import { Money, ZERO, formatMoney, formatShort, sum } from '../calculators/money.js';
import { isBaselineOption } from '../calculators/projectedSaving.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import {
  MAX_DIGEST_ITEMS, type DigestItemView, type DigestListView, type DigestSpendView, type DigestView, type DigestYearView,
} from '../cards/viewModels.js';
import { OUTCOMES, OUTCOME_LABELS, PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { digestFacts, type DigestFacts, type SettledInWeek, type SpendByType, type YearTrajectory } from '../panel/queries.js';
import { FOLLOW_UP_KINDS, type FollowUpSummary } from '../panel/followUps.js';
import { donutChart, gaugeChart, savingsLineChart } from './digestCharts.js';
import { dueText, FOLLOW_UP_LABELS, kindCount } from './followUpsView.js';
import { formatDate, plural, waited } from './format.js';
import { progressView } from './savingsView.js';
import { OUTLIERS_KEPT, outlierRow } from './valueCheckView.js';
import digestJson from '../../cards/digest.json' with { type: 'json' };

/** The digest card's template. */
export const DIGEST_CARD = cardTemplate<DigestView>(digestJson);

const ENDING_LABELS = { planned_end: 'Planned end', eighteenth_birthday: '18th birthday' } as const;

/** The first items, shown (only those are formatted), and how many more of `count` there are. */
function list<T>(items: readonly T[], show: (item: T) => DigestItemView, count = items.length): DigestListView {
  return {
    items: items.slice(0, MAX_DIGEST_ITEMS).map(show),
    ...(count > MAX_DIGEST_ITEMS && { more: `and ${count - MAX_DIGEST_ITEMS} more` }),
  };
}

function title(id: string, ref: string, what: string): string {
  return `${id} · ${escapeMarkdown(ref)} · ${what}`;
}

/** '4 decisions this week: 2 approved, 1 declined', outcomes with none left out. */
function decisionsSummary(settled: readonly SettledInWeek[]): string {
  if (settled.length === 0) return 'No decisions this week';
  const counts = OUTCOMES.flatMap((o) => {
    const n = settled.filter((s) => s.decision.outcome === o).length;
    return n === 0 ? [] : [`${n.toLocaleString('en-GB')} ${OUTCOME_LABELS[o].toLowerCase()}`];
  });
  return `${plural(settled.length, 'decision')} this week: ${counts.join(', ')}`;
}

/** What the panel chose and what it saves: 'Alternative 1: In-house foster care · £4,908.00 a week · full year £255,216.00'. */
function decisionDetail({ request, decision, option, projected }: SettledInWeek): string {
  if (option === undefined || projected === undefined) return OUTCOME_LABELS[decision.outcome];
  const index = request.alternatives.findIndex((a) => a.id === option.id);
  const chosen = index < 0 ? `Proposed: ${escapeMarkdown(request.proposed.provider)}` : `Alternative ${index + 1}: ${escapeMarkdown(option.label ?? option.id)}`;
  // Savings are counted against a new request's proposal, so approving it saves nothing: "saves £0.00" would read as a fault.
  if (isBaselineOption(request, option.id)) return `${chosen} · ${formatMoney(option.weeklyCost)} a week, the placement asked for (the baseline, so no saving)`;
  return `${chosen} · saves ${formatMoney(projected.weekly)} a week · full-year effect ${formatMoney(projected.fullYear)}`;
}

/** The total of the week's approvals: weekly, full year and in the year each takes effect. */
function approvalsEffect(settled: readonly SettledInWeek[]): string | undefined {
  const promised = settled.flatMap((s) => (s.projected === undefined ? [] : [s.projected]));
  if (promised.length === 0) return undefined;
  const inYear = new Map<string, Money>();
  for (const p of promised) inYear.set(p.financialYear, (inYear.get(p.financialYear) ?? ZERO).plus(p.inYear));
  const years = [...inYear.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, amount]) => `${formatMoney(amount)} in ${label}`);
  const weekly = sum(promised.map((p) => p.weekly));
  const fullYear = sum(promised.map((p) => p.fullYear));
  return `This week's approvals save ${formatMoney(weekly)} a week: ${formatMoney(fullYear)} full-year effect, ${years.join(', ')}.`;
}

/** What needs doing, summarised: the count of each kind there is, and the oldest few named. */
function followUpsSummary({ counts, total, oldest }: FollowUpSummary): DigestView['followUps'] {
  const kinds = FOLLOW_UP_KINDS.filter((k) => counts[k] > 0).map((k) => kindCount(k, counts[k]));
  return {
    summary: total === 0 ? 'Nothing overdue.' : `${plural(total, 'follow-up')}: ${kinds.join(', ')}. The oldest:`,
    items: oldest.map((f) => ({
      title: title(f.requestId, f.childRef, FOLLOW_UP_LABELS[f.kind]),
      detail: `${escapeMarkdown(f.what)} · ${dueText(f)}`,
    })),
    ...(total > oldest.length && { more: `and ${total - oldest.length} more: say "overdue" to see them all` }),
  };
}

/** On track when the year ends at or above the target at the current rate. */
function status(gap: Money): DigestYearView['status'] {
  return gap.isNegative()
    ? { text: `Not on track: at this rate the year ends ${formatMoney(gap.negated())} short of the target.`, tone: 'attention' }
    : { text: `On track: at this rate the year ends ${formatMoney(gap)} above the target.`, tone: 'good' };
}

/** The financial year against its target: figures once each, and the charts that draw them. */
export function yearView(t: YearTrajectory): DigestYearView {
  return {
    heading: `Savings this financial year (${t.year.label})`,
    facts: [
      { title: 'Saved so far', value: formatMoney(t.savedSoFar) },
      { title: 'Saving now', value: `${formatMoney(t.weeklyRate)} a week` },
      { title: `Year end at this rate (31 Mar ${t.year.end.slice(0, 4)})`, value: formatMoney(t.yearEnd) },
    ],
    ...(t.target !== undefined && t.yearEndAgainstTarget !== undefined && {
      status: status(t.yearEndAgainstTarget),
      gauge: { chart: gaugeChart(t.savedSoFar, t.target), fallback: progressView(t.savedSoFar, t.target) },
    }),
    line: {
      chart: savingsLineChart(t),
      rows: t.months.map((m) => ({
        // 'Apr 2026', or 'Nov 2026 (to 25 Nov)' for the month under way.
        month: `${formatDate(`${m.month}-01`).slice(2)}${m.complete ? '' : ` (to ${formatDate(addDays(m.asOf, -1)).slice(0, -5)})`}`,
        saved: formatMoney(m.saved),
        ...(m.targetInMonth !== undefined && { target: formatMoney(m.targetInMonth) }),
      })),
      hasTarget: t.target !== undefined,
    },
  };
}

/** The council's weekly cost of what is in force, by placement type, and in all (once there is more than one type). */
export function spendView(spend: readonly SpendByType[]): DigestSpendView {
  const placements = spend.reduce((n, s) => n + s.placements, 0);
  if (placements === 0) return { summary: 'No placements in force.' };
  const weekly = sum(spend.map((s) => s.councilWeekly));
  return {
    summary: `${plural(placements, 'placement')} in force`,
    donut: {
      chart: donutChart(spend, `${formatShort(weekly)}/wk`),
      rows: [
        ...spend.map((s) => ({ title: PLACEMENT_TYPE_LABELS[s.type], value: `${plural(s.placements, 'placement')} · ${formatMoney(s.councilWeekly)} a week` })),
        ...(spend.length > 1 ? [{ title: 'All placements in force', value: `${formatMoney(weekly)} a week` }] : []),
      ],
    },
  };
}

/** The weekly digest for a Director: the week's decisions, the year against its target, what waits, and what needs attention. */
export function digestView(d: DigestFacts): DigestView {
  const oldest = d.waiting[0];
  const effect = approvalsEffect(d.settled);
  return {
    weekLabel: `Week to ${formatDate(d.today)}`,
    decisionsSummary: decisionsSummary(d.settled),
    decisions: list(d.settled, (s) => ({
      title: title(s.request.id, s.request.childRef, OUTCOME_LABELS[s.decision.outcome]),
      detail: decisionDetail(s),
    })),
    ...(effect !== undefined && { approvalsEffect: effect }),
    year: yearView(d.trajectory),
    spend: spendView(d.spend),
    pending: oldest === undefined
      ? 'Nothing waiting for the panel.'
      : `${plural(d.waiting.length, 'request')} waiting for the panel, the oldest (${oldest.id}) for ${waited(oldest.receivedAt, d.today)}.`,
    followUps: followUpsSummary(d.followUps),
    reviewsDue: list(d.reviews, ({ request, date }) => ({
      title: title(request.id, request.childRef, PLACEMENT_TYPE_LABELS[request.proposed.type]),
      detail: `Review due ${formatDate(date)}`,
    })),
    endingSoon: list(d.ending, ({ request, placement, date, why }) => ({
      title: title(request.id, request.childRef, PLACEMENT_TYPE_LABELS[placement.type]),
      detail: `${ENDING_LABELS[why]} ${formatDate(date)} (in ${plural(daysBetween(d.today, date), 'day')}) · ${formatShort(placement.weeklyCost)}/wk`,
    })),
    outliers: list(d.outliers.furthest, (outlier) => {
      const o = outlierRow(outlier);
      return { title: title(o.requestId, outlier.request.childRef, o.typeLabel), detail: `${o.weeklyCost}/wk is ${o.ratio} the band midpoint (${o.needLevel})` };
    }, d.outliers.count),
  };
}

/** The weekly digest card as of `today`. */
export function digestCard(facts: PanelFacts, today: string): AdaptiveCard {
  // Rendered once per store revision and day, then shared by every caller (frozen).
  return facts.keep(`digestCard ${today}`, () => deepFreeze(renderCard(DIGEST_CARD, digestView(digestFacts(facts, today, OUTLIERS_KEPT)))));
}
