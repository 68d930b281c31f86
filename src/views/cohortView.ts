import type { Decimal } from 'decimal.js';
import { annualise } from '../calculators/annualise.js';
import { cohortDifference, perPersonAverage } from '../calculators/cohort.js';
import { formatMoney, sum } from '../calculators/money.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { MAX_BREAKDOWN_ROWS, type CohortGroupRowView, type CohortReasonTableView, type CohortView } from '../cards/viewModels.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { cohortMembers, type CohortMember } from '../panel/queries.js';
import { formatDate, inSentence, plural, reasonLabel } from './format.js';
import cohortJson from '../../cards/cohort.json' with { type: 'json' };

/** The cohort card's template. */
export const COHORT_CARD = cardTemplate<CohortView>(cohortJson);

/** Why a member's weekly cost moved, as the cohort card groups it. */
function reasonOf(m: CohortMember): string {
  if (m.lastReason !== undefined) return reasonLabel(m.lastReason);
  return m.original.eq(m.current) ? 'No change' : `Panel chose ${inSentence(PLACEMENT_TYPE_LABELS[m.placement.type])}`;
}

function group(label: string, members: readonly CohortMember[]): CohortGroupRowView {
  const difference = cohortDifference(members.map((m) => m.original), members.map((m) => m.current));
  return {
    label,
    original: formatMoney(sum(members.map((m) => m.original))),
    current: formatMoney(sum(members.map((m) => m.current))),
    difference: formatMoney(difference),
    perPerson: members.length === 0 ? '—' : formatMoney(perPersonAverage(difference, members.length)),
  };
}

function reasonTable(members: readonly CohortMember[], direction: 1 | -1, weeksPerYear: number): CohortReasonTableView {
  const byReason = new Map<string, Decimal[]>();
  for (const m of members) {
    const change = m.current.minus(m.original).times(direction);
    if (!change.isPositive() || change.isZero()) continue;
    byReason.set(reasonOf(m), [...(byReason.get(reasonOf(m)) ?? []), change]);
  }
  const rows = [...byReason.entries()].map(([reason, changes]) => ({ reason, changes, total: sum(changes) }))
    .sort((a, b) => b.total.comparedTo(a.total));
  const total = sum(rows.map((r) => r.total));
  return {
    total: `${formatMoney(total)} per week (${formatMoney(annualise(total, weeksPerYear))} per annum)`,
    rows: rows.slice(0, MAX_BREAKDOWN_ROWS).map((r) => ({
      reason: r.reason,
      people: String(r.changes.length),
      weekly: formatMoney(r.total),
      perPerson: formatMoney(perPersonAverage(r.total, r.changes.length)),
    })),
  };
}

/** The cohort view: original against current weekly cost for the decided requests, as seed 002 tracks it. */
export function cohortView(members: readonly CohortMember[], asOf: string, weeksPerYear: number): CohortView {
  const total = group('Total', members);
  const difference = cohortDifference(members.map((m) => m.original), members.map((m) => m.current));
  return {
    title: 'Cohort: original and current weekly cost (council share)',
    asOf: formatDate(asOf),
    people: plural(members.length, 'young person').replace('young persons', 'young people'),
    originalWeekly: total.original,
    currentWeekly: total.current,
    difference: total.difference,
    perPerson: total.perPerson,
    annualised: `${formatMoney(annualise(difference, weeksPerYear))} a year`,
    groups: [
      group('New placements (cost avoidance)', members.filter((m) => m.kind === 'new')),
      group('Changes (cashable)', members.filter((m) => m.kind === 'change')),
      total,
    ],
    reductions: reasonTable(members, -1, weeksPerYear),
    increases: reasonTable(members, 1, weeksPerYear),
  };
}

/** The "cohort" card. */
export function cohortCard(facts: PanelFacts, asOf: string): AdaptiveCard {
  return renderCard(COHORT_CARD, cohortView(cohortMembers(facts, asOf), asOf, facts.settings.weeksPerYear));
}
