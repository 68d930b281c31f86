import { formatMoney } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { MAX_PENDING_ROWS, type PendingView } from '../cards/viewModels.js';
import type { StoredRequest } from '../domain/request.js';
import { agendaOrder } from '../domain/urgency.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { waitingRequests } from '../panel/queries.js';
import { plural, waited } from './format.js';
import { urgencyLine } from './urgencyText.js';
import pendingJson from '../../cards/pending.json' with { type: 'json' };

/** The pending card's template. */
export const PENDING_CARD = cardTemplate<PendingView>(pendingJson);

/**
 * The pending view: what is waiting, in agenda order (agendaOrder: placements to ratify, emergencies,
 * urgent, routine, each oldest first), and for how long by `today`.
 */
export function pendingView(waiting: readonly StoredRequest[], today: string): PendingView {
  const agenda = [...waiting].sort(agendaOrder);
  return {
    summary: waiting.length === 0 ? 'Nothing is waiting for the panel.' : `${plural(waiting.length, 'request')} waiting for the panel`,
    rows: agenda.slice(0, MAX_PENDING_ROWS).map((r) => {
      const urgency = urgencyLine(r, today);
      return {
        requestId: r.id,
        childRef: escapeMarkdown(r.childRef),
        typeLabel: PLACEMENT_TYPE_LABELS[r.proposed.type],
        weeklyCost: formatMoney(r.proposed.weeklyCost),
        waited: waited(r.receivedAt, today),
        ...(urgency !== undefined && { urgency }),
        showCommand: `show ${r.id}`,
      };
    }),
    ...(waiting.length > MAX_PENDING_ROWS && { more: `and ${waiting.length - MAX_PENDING_ROWS} more — in agenda order` }),
  };
}

/** The pending card. */
export function pendingCard(facts: PanelFacts, today: string): AdaptiveCard {
  return renderCard(PENDING_CARD, pendingView(waitingRequests(facts), today));
}
