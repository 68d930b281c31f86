import { deepFreeze } from '../lib/deepFreeze.js';
import { daysBetween } from '../calculators/dates.js';
import { ZERO, formatMoney, formatShort, type Money } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { MAX_DIGEST_ITEMS, type DigestItemView, type DigestListView, type DigestView, type Fact } from '../cards/viewModels.js';
import { OUTCOMES, OUTCOME_LABELS, PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { digestFacts, type DigestFacts } from '../panel/queries.js';
import { formatDate, plural, waited } from './format.js';
import { financialYearView } from './savingsView.js';
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

function title(id: string, ref: string, type: string): string {
  return `${id} · ${escapeMarkdown(ref)} · ${type}`;
}

/** The weekly digest for leadership: the week's decisions, savings, what waits, reviews, ends and outliers. */
export function digestView(d: DigestFacts): DigestView {
  const byOutcome: Fact[] = OUTCOMES.map((o) => ({ title: OUTCOME_LABELS[o], value: String(d.settled.filter((x) => x.decision.outcome === o).length) }));
  let fullYear: Money = ZERO;
  let inYear: Money = ZERO;
  for (const { projected } of d.settled) {
    if (projected === undefined) continue;
    fullYear = fullYear.plus(projected.fullYear);
    inYear = inYear.plus(projected.inYear);
  }
  const oldest = d.waiting[0];
  return {
    weekLabel: `Week to ${formatDate(d.today)}`,
    decisionsSummary: `${plural(d.settled.length, 'decision')} this week`,
    decisionsByOutcome: byOutcome,
    approvalsEffect: [
      { title: 'Full-year effect of this week\'s approvals', value: formatMoney(fullYear) },
      { title: 'In this financial year', value: formatMoney(inYear) },
    ],
    savingsToDate: formatMoney(d.savingsToDate),
    thisYear: financialYearView(d.year),
    pendingCount: `${d.waiting.length} waiting`,
    ...(oldest && { pendingOldest: `Oldest: ${oldest.id}, ${waited(oldest.receivedAt, d.today)}` }),
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
