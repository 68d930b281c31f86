import { formatMoney } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_PENDING_ROWS, type PendingView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { isOpen } from '../domain/settlement.js';
import type { StoredRequest } from '../domain/request.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { Panel } from '../panel/panel.js';
import { plural, waited } from './format.js';

/** Requests still waiting for the panel (pending or deferred), oldest first. */
export function pendingRequests(panel: Panel): StoredRequest[] {
  return panel.store.listRequests()
    .filter((r) => isOpen(panel.settlement(r.id).status))
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

/** The pending card: what is waiting and for how long. */
export function pendingCard(panel: Panel): CardJson {
  const today = panel.today();
  const waiting = pendingRequests(panel);
  const view: PendingView = {
    summary: waiting.length === 0 ? 'Nothing is waiting for the panel.' : `${plural(waiting.length, 'request')} waiting for the panel`,
    rows: waiting.slice(0, MAX_PENDING_ROWS).map((r) => ({
      requestId: r.id,
      childRef: escapeMarkdown(r.childRef),
      typeLabel: PLACEMENT_TYPE_LABELS[r.proposed.type],
      weeklyCost: formatMoney(r.proposed.weeklyCost),
      waited: waited(r.receivedAt, today),
      showCommand: `show ${r.id}`,
    })),
    ...(waiting.length > MAX_PENDING_ROWS && { more: `and ${waiting.length - MAX_PENDING_ROWS} more — oldest first` }),
  };
  return renderCard('pending', view) as CardJson;
}
