import type { StoredRequest } from '../domain/request.js';
import type { Settlement } from '../domain/settlement.js';
import { isOpen } from '../domain/settlement.js';
import { isRatification, unratifiedDays, urgencyOf, URGENCY_LABELS } from '../domain/urgency.js';
import { isApproval } from '../domain/vocabulary.js';
import { formatDate, plural } from './format.js';

type Urgent = Pick<StoredRequest, 'urgency' | 'alreadyPlaced' | 'proposed'>;

/** 'Unratified 4 days': how long a placement made in an emergency has gone without the panel's agreement. */
export function unratifiedText(request: Urgent, today: string): string {
  const days = unratifiedDays(request, today);
  return days === 0 ? 'Unratified since today' : `Unratified ${plural(days, 'day')}`;
}

/**
 * What the pending list and the card's headline say of a request's urgency, or undefined for a
 * routine one: 'Unratified 4 days · emergency placement made 22 Nov 2026', 'Emergency', 'Urgent';
 * once decided, whether the placement already made was ratified.
 */
export function urgencyLine(request: Urgent, today: string, settlement?: Settlement): string | undefined {
  if (isRatification(request)) {
    const made = `emergency placement made ${formatDate(request.proposed.startDate)}`;
    if (settlement === undefined || isOpen(settlement.status)) return `${unratifiedText(request, today)} · ${made}`;
    if (settlement.settledBy !== undefined && isApproval(settlement.settledBy.outcome)) return `Ratified · ${made}`;
    // The child is already there: declining does not move them (docs/domain.md, "Urgency and ratification").
    return `Not ratified · ${made}: the child stays until a move is agreed, brought to the panel as a change request`;
  }
  const urgency = urgencyOf(request);
  return urgency === 'routine' ? undefined : URGENCY_LABELS[urgency];
}
