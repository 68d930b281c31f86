import { annualise } from '../calculators/annualise.js';
import { fundingSplit } from '../calculators/councilShare.js';
import { formatMoney, formatShort, sum } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { MAX_TOP_ROWS, type TopPlacementsView } from '../cards/viewModels.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { topPlacements, type ActivePlacement } from '../panel/queries.js';
import { formatDate } from './format.js';
import topPlacementsJson from '../../cards/topPlacements.json' with { type: 'json' };

/** The topPlacements card's template. */
export const TOP_PLACEMENTS_CARD = cardTemplate<TopPlacementsView>(topPlacementsJson);

/** The view of the highest-cost active placements (dearest first), with who pays what (the seed budget review). */
export function topPlacementsView(top: readonly ActivePlacement[], asOf: string, weeksPerYear: number): TopPlacementsView {
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
    ...(top.length > 0 && { total: `Together ${formatMoney(total)}/wk (${formatShort(annualise(total, weeksPerYear))}/yr)` }),
  };
}

/** The "top 15" card. */
export function topPlacementsCard(facts: PanelFacts, asOf: string): AdaptiveCard {
  return renderCard(TOP_PLACEMENTS_CARD, topPlacementsView(topPlacements(facts, asOf, MAX_TOP_ROWS), asOf, facts.settings.weeksPerYear));
}
