import type { AdaptiveCard } from '../cards/renderCard.js';
import type { IsoDate } from '../calculators/dates.js';
import type { DelegationRecord } from '../domain/meeting.js';
import { formatDate } from './format.js';
import { messageCard } from './simpleCards.js';

/** "in force", "from 20 Dec 2026", "ended": where a delegation stands on `today`. */
function standing(d: DelegationRecord, today: IsoDate): string {
  if (d.until < today) return 'ended';
  return d.from > today ? 'to come' : 'in force';
}

/** One line per delegation not yet over, earliest first: what members ask "who is deputising?" for. */
export function delegationLines(delegations: readonly DelegationRecord[], today: IsoDate): string[] {
  return delegations
    .filter((d) => d.until >= today)
    .sort((a, b) => a.from.localeCompare(b.from) || a.role.localeCompare(b.role))
    .map((d) => {
      const behalf = d.onBehalfOf !== undefined ? ` for ${d.onBehalfOf.name}` : '';
      return `${d.to.name} holds ${d.role}${behalf}, ${formatDate(d.from)} to ${formatDate(d.until)} (${standing(d, today)}; set by ${d.recordedBy.name})`;
    });
}

/** The delegations card: who deputises for whom, now and to come. */
export function delegationsCard(delegations: readonly DelegationRecord[], today: IsoDate): AdaptiveCard {
  const lines = delegationLines(delegations, today);
  return messageCard('Delegations', lines.length > 0 ? lines : ['No role is delegated now or to come. "delegate chair to @name until 24/12/2026" sets one.']);
}
