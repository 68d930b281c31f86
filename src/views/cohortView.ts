import type { Decimal } from 'decimal.js';
import { annualise } from '../calculators/annualise.js';
import { cohortDifference, perPersonAverage } from '../calculators/cohort.js';
import { Money, formatMoney, sum } from '../calculators/money.js';
import { baselineOf, councilWeekly } from '../calculators/projectedSaving.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_BREAKDOWN_ROWS, type CohortGroupRowView, type CohortReasonTableView, type CohortView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { placementsInEffect } from '../panel/activePlacements.js';
import { PLACEMENT_TYPE_LABELS, humanise } from '../domain/vocabulary.js';
import type { Panel } from '../panel/panel.js';
import { formatDate, plural } from './format.js';

interface CohortMember {
  kind: 'new' | 'change';
  original: Money;
  current: Money;
  reason: string;
}

/** Approved requests in effect on `asOf`: the council's weekly cost before the panel and now, and why it moved. */
export function cohortMembers(panel: Panel, asOf: string): CohortMember[] {
  return placementsInEffect(panel, asOf).map(({ request, placement }) => {
    const original = councilWeekly(baselineOf(request));
    const reason = placement.lastReason !== undefined
      ? humanise(placement.lastReason)
      : original.eq(placement.councilWeekly) ? 'No change' : `Panel chose ${PLACEMENT_TYPE_LABELS[placement.type].toLowerCase()}`;
    return { kind: request.kind, original, current: placement.councilWeekly, reason };
  });
}

function group(label: string, members: CohortMember[]): CohortGroupRowView {
  const difference = cohortDifference(members.map((m) => m.original), members.map((m) => m.current));
  return {
    label,
    original: formatMoney(sum(members.map((m) => m.original))),
    current: formatMoney(sum(members.map((m) => m.current))),
    difference: formatMoney(difference),
    perPerson: members.length === 0 ? '—' : formatMoney(perPersonAverage(difference, members.length)),
  };
}

function reasonTable(members: CohortMember[], direction: 1 | -1): CohortReasonTableView {
  const byReason = new Map<string, Decimal[]>();
  for (const m of members) {
    const change = m.current.minus(m.original).times(direction);
    if (!change.isPositive() || change.isZero()) continue;
    byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), change]);
  }
  const rows = [...byReason.entries()].map(([reason, changes]) => ({ reason, changes, total: sum(changes) }))
    .sort((a, b) => b.total.comparedTo(a.total));
  const total = sum(rows.map((r) => r.total));
  return {
    total: `${formatMoney(total)} per week (${formatMoney(annualise(total))} per annum)`,
    rows: rows.slice(0, MAX_BREAKDOWN_ROWS).map((r) => ({
      reason: r.reason,
      people: String(r.changes.length),
      weekly: formatMoney(r.total),
      perPerson: formatMoney(perPersonAverage(r.total, r.changes.length)),
    })),
  };
}

/** The "cohort" card: original against current weekly cost for the decided requests, as seed 002 tracks it. */
export function cohortCard(panel: Panel, asOf: string): CardJson {
  const members = cohortMembers(panel, asOf);
  const total = group('Total', members);
  const difference = cohortDifference(members.map((m) => m.original), members.map((m) => m.current));
  const view: CohortView = {
    title: 'Cohort: original and current weekly cost (council share)',
    asOf: formatDate(asOf),
    people: plural(members.length, 'young person').replace('young persons', 'young people'),
    originalWeekly: total.original,
    currentWeekly: total.current,
    difference: total.difference,
    perPerson: total.perPerson,
    annualised: `${formatMoney(annualise(difference))} a year`,
    groups: [
      group('New placements (cost avoidance)', members.filter((m) => m.kind === 'new')),
      group('Changes (cashable)', members.filter((m) => m.kind === 'change')),
      total,
    ],
    reductions: reasonTable(members, -1),
    increases: reasonTable(members, 1),
  };
  return renderCard('cohort', view) as CardJson;
}
