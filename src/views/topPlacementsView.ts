import { annualise } from '../calculators/annualise.js';
import { fundingSplit } from '../calculators/councilShare.js';
import { formatMoney, formatShort, sum } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_TOP_ROWS, type TopPlacementsView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import { activePlacements } from '../panel/activePlacements.js';
import type { Panel } from '../panel/panel.js';
import { formatDate } from './format.js';

/** The view of the fifteen highest-cost active placements, with who pays what (the seed budget review). */
export function topPlacementsView(panel: Panel, asOf: string): TopPlacementsView {
  const top = activePlacements(panel, asOf)
    .sort((a, b) => b.placement.weeklyCost.comparedTo(a.placement.weeklyCost) || a.request.id.localeCompare(b.request.id))
    .slice(0, MAX_TOP_ROWS);
  const total = sum(top.map((t) => t.placement.weeklyCost));
  return {
    title: `Top ${top.length === MAX_TOP_ROWS ? MAX_TOP_ROWS : top.length} placements by weekly cost`,
    asOf: formatDate(asOf),
    rows: top.map(({ request, placement }, i) => {
      const split = fundingSplit(placement.weeklyCost, placement.funding);
      return {
        rank: String(i + 1),
        requestId: request.id,
        childRef: escapeMarkdown(request.childRef),
        typeLabel: PLACEMENT_TYPE_LABELS[placement.type],
        provider: placement.provider === undefined ? '—' : escapeMarkdown(placement.provider),
        weeklyCost: formatMoney(placement.weeklyCost),
        councilShare: formatMoney(split.socialCare),
        health: formatMoney(split.health),
        education: formatMoney(split.education),
      };
    }),
    ...(top.length > 0 && { total: `Together ${formatMoney(total)}/wk (${formatShort(annualise(total))}/yr)` }),
  };
}

/** The "top 15" card. */
export function topPlacementsCard(panel: Panel, asOf: string): CardJson {
  return renderCard('topPlacements', topPlacementsView(panel, asOf)) as CardJson;
}
