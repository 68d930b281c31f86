import { formatMoney } from '../calculators/money.js';
import { NEED_LEVEL_LABELS, needLevel, valueCheck, type NeedLevel } from '../calculators/need.js';
import type { PlacementInForce } from '../calculators/currentPlacement.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_DIGEST_ITEMS, MAX_VALUE_ROWS, type ValueCheckRowView, type ValueCheckView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { StoredRequest } from '../domain/request.js';
import { activePlacements } from '../panel/activePlacements.js';
import { untilChanged } from '../panel/cases.js';
import type { Panel } from '../panel/panel.js';
import { formatDate } from './format.js';
import type { Decimal } from 'decimal.js';

/** An active placement whose weekly cost is above the band for the child's need level. */
export interface ValueOutlier {
  request: StoredRequest;
  placement: PlacementInForce;
  level: NeedLevel;
  band: { low: Decimal; high: Decimal };
  ratio: Decimal;
}

/** Outliers kept in order: as many as the longest list a card shows (the value check or the digest). */
const KEPT = Math.max(MAX_VALUE_ROWS, MAX_DIGEST_ITEMS);

/** Active placements above their need band: the furthest, in order, and how many there are in all. */
export interface ValueOutliers {
  furthest: readonly ValueOutlier[];
  count: number;
}

function furthestFirst(a: ValueOutlier, b: ValueOutlier): number {
  return b.ratio.comparedTo(a.ratio) || a.request.id.localeCompare(b.request.id);
}

/**
 * Active placements above their need band (worked out once per store revision and date). Only the
 * furthest KEPT are kept, in order, since no card shows more: sorting every outlier would cost more
 * than in proportion as the store grows, and keep every one in memory.
 */
export function valueOutliers(panel: Panel, asOf: string): ValueOutliers {
  return untilChanged(panel, `valueOutliers ${asOf}`, () => {
    const furthest: ValueOutlier[] = [];
    let count = 0;
    for (const { request, placement } of activePlacements(panel, asOf)) {
      const level = needLevel(request.needs.scores);
      const check = valueCheck(placement.type, level, placement.weeklyCost, panel.needBands);
      if (!check.aboveBand || !check.band || !check.ratioToMidpoint) continue;
      count += 1;
      const outlier = { request, placement, level, band: check.band, ratio: check.ratioToMidpoint };
      if (furthest.length === KEPT && furthestFirst(outlier, furthest[KEPT - 1]!) >= 0) continue;
      let at = furthest.length;
      while (at > 0 && furthestFirst(outlier, furthest[at - 1]!) < 0) at -= 1;
      furthest.splice(at, 0, outlier);
      if (furthest.length > KEPT) furthest.pop();
    }
    return Object.freeze({ furthest: Object.freeze(furthest), count });
  });
}

/** How an outlier is shown; only the rows a card shows are formatted, not every outlier. */
export function outlierRow({ request, placement, level, band, ratio }: ValueOutlier): ValueCheckRowView {
  return {
    requestId: request.id,
    childRef: escapeMarkdown(request.childRef),
    typeLabel: PLACEMENT_TYPE_LABELS[placement.type],
    needLevel: `${NEED_LEVEL_LABELS[level]} (${level} of 4)`,
    weeklyCost: formatMoney(placement.weeklyCost),
    band: `${formatMoney(band.low)}–${formatMoney(band.high)}`,
    ratio: `${ratio.toDecimalPlaces(1).toFixed(1)}×`,
  };
}

/** The "value check" card. */
export function valueCheckCard(panel: Panel, asOf: string): CardJson {
  const rows = valueOutliers(panel, asOf).furthest.slice(0, MAX_VALUE_ROWS).map(outlierRow);
  const view: ValueCheckView = {
    title: rows.length === 0 ? 'No active placement is above its need band' : 'Placements furthest above their need band',
    asOf: formatDate(asOf),
    rows,
    note: 'Bands come from config/need-bands.json. The shipped bands are illustrative defaults: each council sets its own.',
  };
  return renderCard('valueCheck', view) as CardJson;
}
