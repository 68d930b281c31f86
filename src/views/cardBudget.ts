import type { AdaptiveCard } from '../cards/renderCard.js';

/** A card's size as Teams budgets it (test/cards/cardQuality.ts): bytes of its JSON in UTF-8. */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * The card `draw(n)` draws with the most of its `max` rows that keep it within `budget` bytes: all of
 * them when they fit, else the most found by halving (a card with fewer rows is never larger), down
 * to none. `draw` says what it leaves out.
 */
export function mostThatFit(max: number, draw: (n: number) => AdaptiveCard, budget: number): AdaptiveCard {
  const all = draw(max);
  if (cardBytes(all) <= budget) return all;
  let fits = 0;
  let tooMany = max;
  while (tooMany - fits > 1) {
    const mid = Math.floor((fits + tooMany) / 2);
    if (cardBytes(draw(mid)) <= budget) fits = mid;
    else tooMany = mid;
  }
  return draw(fits);
}
