import { deepFreeze } from '../lib/deepFreeze.js';
import { addDays, daysBetween } from '../calculators/dates.js';
import { eighteenthBirthday } from '../calculators/age.js';
import { ZERO, formatMoney, formatShort, type Money } from '../calculators/money.js';
import type { PlacementInForce } from '../calculators/currentPlacement.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { StoredRequest } from '../domain/request.js';
import { projectedSaving } from '../calculators/projectedSaving.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_DIGEST_ITEMS, type DigestItemView, type DigestListView, type DigestView, type Fact } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { approvedDecision } from '../domain/settlement.js';
import { OUTCOMES, OUTCOME_LABELS, PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import { activePlacements } from '../panel/activePlacements.js';
import { savingsReport, untilChanged } from '../panel/cases.js';
import type { Panel } from '../panel/panel.js';
import { formatDate, plural, waited } from './format.js';
import { pendingRequests } from './pendingView.js';
import { financialYearView } from './savingsView.js';
import { outlierRow, valueOutliers } from './valueCheckView.js';

const REVIEW_HORIZON_DAYS = 14;
const ENDING_HORIZON_DAYS = 56;

/** The first items, shown (only those are formatted), and how many more of `count` there are. */
function list<T>(items: readonly T[], show: (item: T) => DigestItemView, count = items.length): DigestListView {
  return {
    items: items.slice(0, MAX_DIGEST_ITEMS).map(show),
    ...(count > MAX_DIGEST_ITEMS && { more: `and ${count - MAX_DIGEST_ITEMS} more` }),
  };
}

/**
 * The weekly digest for leadership as of `today`: the week is the seven days ending today. Every figure
 * comes from the same calculators as the questions.
 */
export function digestView(panel: Panel, today: string): DigestView {
  // Seven days ending today, so a Monday digest counts Tuesday to Monday and no decision falls in two digests.
  const weekStart = addDays(today, -6);
  const settledThisWeek: { request: StoredRequest; decision: DecisionRecord }[] = [];
  const reviews: { request: StoredRequest; date: string }[] = [];
  const reviewHorizon = addDays(today, REVIEW_HORIZON_DAYS);
  // One walk over the requests for the week's decisions and the reviews coming up.
  for (const request of panel.store.listRequests()) {
    const settlement = panel.settlement(request.id);
    const decision = settlement.settledBy;
    if (decision === undefined) continue;
    const day = decision.decidedAt.slice(0, 10);
    if (day >= weekStart && day <= today) settledThisWeek.push({ request, decision });
    const review = approvedDecision(settlement)?.reviewDate;
    if (review !== undefined && review >= today && review <= reviewHorizon) reviews.push({ request, date: review });
  }
  reviews.sort((a, b) => a.date.localeCompare(b.date));
  const byOutcome: Fact[] = OUTCOMES.map((o) => ({ title: OUTCOME_LABELS[o], value: String(settledThisWeek.filter((x) => x.decision.outcome === o).length) }));
  const approvals = settledThisWeek.filter((x) => x.decision.outcome === 'approve' || x.decision.outcome === 'approve_with_conditions');
  let fullYear: Money = ZERO;
  let inYear: Money = ZERO;
  for (const { request, decision } of approvals) {
    const p = projectedSaving(request, decision.option, decision.effectiveFrom);
    fullYear = fullYear.plus(p.fullYear);
    inYear = inYear.plus(p.inYear);
  }
  const pending = pendingRequests(panel);
  const oldest = pending[0];
  const endingHorizon = addDays(today, ENDING_HORIZON_DAYS);
  const ending: { request: StoredRequest; placement: PlacementInForce; date: string; why: string }[] = [];
  for (const { request, placement } of activePlacements(panel, today)) {
    const planned = request.proposed.plannedEndDate;
    const eighteen = eighteenthBirthday(request);
    const [date, why] = planned !== undefined && planned <= eighteen ? [planned, 'Planned end'] : [eighteen, '18th birthday'];
    if (date >= today && date <= endingHorizon) ending.push({ request, placement, date, why });
  }
  ending.sort((a, b) => a.date.localeCompare(b.date));
  const title = (id: string, ref: string, type: string) => `${id} · ${escapeMarkdown(ref)} · ${type}`;
  const outliers = valueOutliers(panel, today);
  return {
    weekLabel: `Week to ${formatDate(today)}`,
    decisionsSummary: `${plural(settledThisWeek.length, 'decision')} this week`,
    decisionsByOutcome: byOutcome,
    approvalsEffect: [
      { title: 'Full-year effect of this week\'s approvals', value: formatMoney(fullYear) },
      { title: 'In this financial year', value: formatMoney(inYear) },
    ],
    savingsToDate: formatMoney(savingsReport(panel, today).total),
    thisYear: financialYearView(panel, today),
    pendingCount: `${pending.length} waiting`,
    ...(oldest && { pendingOldest: `Oldest: ${oldest.id}, ${waited(oldest.receivedAt, today)}` }),
    reviewsDue: list(reviews, ({ request, date }) => ({
      title: title(request.id, request.childRef, PLACEMENT_TYPE_LABELS[request.proposed.type]),
      detail: `Review due ${formatDate(date)}`,
    })),
    endingSoon: list(ending, ({ request, placement, date, why }) => ({
      title: title(request.id, request.childRef, PLACEMENT_TYPE_LABELS[placement.type]),
      detail: `${why} ${formatDate(date)} (in ${plural(daysBetween(today, date), 'day')}) · ${formatShort(placement.weeklyCost)}/wk`,
    })),
    outliers: list(outliers.furthest, (outlier) => {
      const o = outlierRow(outlier);
      return { title: title(o.requestId, outlier.request.childRef, o.typeLabel), detail: `${o.weeklyCost}/wk is ${o.ratio} the band midpoint (${o.needLevel})` };
    }, outliers.count),
  };
}

/** The weekly digest card. */
export function digestCard(panel: Panel, today: string): CardJson {
  // Rendered once per store revision and day, then shared by every caller (frozen).
  return untilChanged(panel, `digestCard ${today}`, () => deepFreeze(renderCard('digest', digestView(panel, today)) as CardJson));
}
