import { formatMoney } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { MAX_FOLLOW_UP_ROWS, type FollowUpRowView, type FollowUpsView } from '../cards/viewModels.js';
import type { FollowUp, FollowUpKind } from '../panel/followUps.js';
import { formatDate, plural } from './format.js';
import followUpsJson from '../../cards/followUps.json' with { type: 'json' };

/** The follow-ups card's template: the `overdue` answer and the daily reminder. */
export const FOLLOW_UPS_CARD = cardTemplate<FollowUpsView>(followUpsJson);

export const FOLLOW_UP_LABELS: Record<FollowUpKind, string> = {
  decide_by: 'Past decide-by', unratified: 'Unratified', condition: 'Condition overdue', review: 'Review due', slipping: 'Slipping',
};

/** How many of a kind, in words: '2 past decide-by', '3 conditions overdue', '1 review due'. */
export function kindCount(kind: FollowUpKind, n: number): string {
  switch (kind) {
    case 'condition': return `${plural(n, 'condition')} overdue`;
    case 'review': return `${plural(n, 'review')} due`;
    default: return `${n.toLocaleString('en-GB')} ${FOLLOW_UP_LABELS[kind].toLowerCase()}`;
  }
}

/** 'Due 1 Dec 2026 · 3 days overdue'; 'Due today'. */
export function dueText(item: FollowUp): string {
  return item.daysOverdue === 0 ? 'Due today' : `Due ${formatDate(item.due)} · ${plural(item.daysOverdue, 'day')} overdue`;
}

function row(item: FollowUp): FollowUpRowView {
  return {
    requestId: item.requestId,
    childRef: escapeMarkdown(item.childRef),
    kindLabel: FOLLOW_UP_LABELS[item.kind],
    what: escapeMarkdown(item.what),
    due: dueText(item),
    ...(item.slippageCost !== undefined && { cost: `Slippage so far ${formatMoney(item.slippageCost)}` }),
    showCommand: `show ${item.requestId}`,
  };
}

/** The follow-ups as a card's view, oldest first, the first MAX_FOLLOW_UP_ROWS listed and the rest counted. */
export function followUpsView(items: readonly FollowUp[], asOf: string, heading = 'What needs doing'): FollowUpsView {
  return {
    heading,
    summary: items.length === 0
      ? `Nothing needs doing as of ${formatDate(asOf)}.`
      : `${plural(items.length, 'follow-up')} as of ${formatDate(asOf)}, oldest first`,
    rows: items.slice(0, MAX_FOLLOW_UP_ROWS).map(row),
    ...(items.length > MAX_FOLLOW_UP_ROWS && { more: `and ${items.length - MAX_FOLLOW_UP_ROWS} more — oldest first` }),
  };
}

/** The follow-ups card. */
export function followUpsCard(items: readonly FollowUp[], asOf: string, heading?: string): AdaptiveCard {
  return renderCard(FOLLOW_UPS_CARD, followUpsView(items, asOf, heading));
}
