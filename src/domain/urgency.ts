import { daysBetween, type IsoDate } from '../calculators/dates.js';
import type { StoredRequest } from './request.js';

/** How soon the panel must decide (docs/domain.md, "Urgency and ratification"). */
export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const URGENCY_LABELS: Record<Urgency, string> = { routine: 'Routine', urgent: 'Urgent', emergency: 'Emergency' };

type Urgent = Pick<StoredRequest, 'urgency' | 'alreadyPlaced'>;

/** A request's urgency; records from before urgency existed are routine. */
export function urgencyOf(request: Urgent): Urgency {
  return request.urgency ?? 'routine';
}

/** An emergency placement already made: the panel is asked to ratify it, not to agree it. */
export function isRatification(request: Urgent): boolean {
  return request.alreadyPlaced === true && urgencyOf(request) === 'emergency';
}

/** Days a placement made in an emergency has gone unratified by `today` (from the day the child was placed). */
export function unratifiedDays(request: Pick<StoredRequest, 'proposed'>, today: IsoDate): number {
  return Math.max(0, daysBetween(request.proposed.startDate, today));
}

/** Where a waiting request sits on the agenda: placements to ratify, other emergencies, urgent, routine. */
function agendaRank(request: Urgent): number {
  if (isRatification(request)) return 0;
  return { emergency: 1, urgent: 2, routine: 3 }[urgencyOf(request)];
}

/**
 * The agenda's order (sort comparator): placements to ratify first, the longest unratified first;
 * then other emergencies, then urgent, then routine requests, each oldest first.
 */
export function agendaOrder(a: StoredRequest, b: StoredRequest): number {
  const rank = agendaRank(a) - agendaRank(b);
  if (rank !== 0) return rank;
  if (isRatification(a)) {
    const placed = a.proposed.startDate.localeCompare(b.proposed.startDate);
    if (placed !== 0) return placed;
  }
  return a.receivedAt.localeCompare(b.receivedAt);
}
