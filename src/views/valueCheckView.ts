import { formatMoney } from '../calculators/money.js';
import { NEED_LEVEL_LABELS, needLevel, valueCheck } from '../calculators/need.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_VALUE_ROWS, type ValueCheckRowView, type ValueCheckView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import { activePlacements } from '../panel/activePlacements.js';
import type { Panel } from '../panel/panel.js';
import { formatDate } from './format.js';
import type { Decimal } from 'decimal.js';

/** Active placements whose weekly cost is above the band for the child's need level, furthest first. */
export function valueOutliers(panel: Panel, asOf: string): (ValueCheckRowView & { ratioValue: Decimal })[] {
  const rows: (ValueCheckRowView & { ratioValue: Decimal })[] = [];
  for (const { request, placement } of activePlacements(panel, asOf)) {
    const level = needLevel(request.needs.scores);
    const check = valueCheck(placement.type, level, placement.weeklyCost, panel.needBands);
    if (!check.aboveBand || !check.band || !check.ratioToMidpoint) continue;
    rows.push({
      requestId: request.id,
      childRef: request.childRef,
      typeLabel: PLACEMENT_TYPE_LABELS[placement.type],
      needLevel: `${NEED_LEVEL_LABELS[level]} (${level} of 4)`,
      weeklyCost: formatMoney(placement.weeklyCost),
      band: `${formatMoney(check.band.low)}–${formatMoney(check.band.high)}`,
      ratio: `${check.ratioToMidpoint.toDecimalPlaces(1).toFixed(1)}×`,
      ratioValue: check.ratioToMidpoint,
    });
  }
  return rows.sort((a, b) => b.ratioValue.comparedTo(a.ratioValue) || a.requestId.localeCompare(b.requestId));
}

/** The "value check" card. */
export function valueCheckCard(panel: Panel, asOf: string): CardJson {
  const rows = valueOutliers(panel, asOf).slice(0, MAX_VALUE_ROWS).map(({ ratioValue: _r, ...row }) => row);
  const view: ValueCheckView = {
    title: rows.length === 0 ? 'No active placement is above its need band' : 'Placements furthest above their need band',
    asOf: formatDate(asOf),
    rows,
    note: 'Bands come from config/need-bands.json. The shipped bands are illustrative defaults: each council sets its own.',
  };
  return renderCard('valueCheck', view) as CardJson;
}
