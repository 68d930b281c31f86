import { formatMoney } from '../calculators/money.js';
import { NEED_LEVEL_LABELS } from '../calculators/need.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { MAX_DIGEST_ITEMS, MAX_VALUE_ROWS, type ValueCheckRowView, type ValueCheckView } from '../cards/viewModels.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { valueOutliers, type ValueOutlier, type ValueOutliers } from '../panel/queries.js';
import { formatDate } from './format.js';
import valueCheckJson from '../../cards/valueCheck.json' with { type: 'json' };

/** The valueCheck card's template. */
export const VALUE_CHECK_CARD = cardTemplate<ValueCheckView>(valueCheckJson);

/** Outliers kept in order: as many as the longest list a card shows (the value check or the digest). */
export const OUTLIERS_KEPT = Math.max(MAX_VALUE_ROWS, MAX_DIGEST_ITEMS);

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

/** The value-check view: the placements furthest above their need band on `asOf`. */
export function valueCheckView(outliers: ValueOutliers, asOf: string): ValueCheckView {
  const rows = outliers.furthest.slice(0, MAX_VALUE_ROWS).map(outlierRow);
  return {
    title: rows.length === 0 ? 'No active placement is above its need band' : 'Placements furthest above their need band',
    asOf: formatDate(asOf),
    rows,
    note: 'Bands come from config/need-bands.json. The shipped bands are illustrative defaults: each council sets its own.',
  };
}

/** The "value check" card. */
export function valueCheckCard(facts: PanelFacts, asOf: string): AdaptiveCard {
  return renderCard(VALUE_CHECK_CARD, valueCheckView(valueOutliers(facts, asOf, OUTLIERS_KEPT), asOf));
}
