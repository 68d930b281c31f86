import type { AgendaItem, MinutedItem, Minutes } from '../../src/domain/meeting.js';

/** Typed text at its most hostile: markdown, HTML and a link, as a condition or a name might hold them. */
export const TYPED_MARKDOWN = '**bold** <b>';

/** An agenda item; `n` numbers the request and the child. */
export function agendaItem(n: number, more: Partial<AgendaItem> = {}): AgendaItem {
  return {
    requestId: `PR-2026-${String(n).padStart(4, '0')}`,
    childRef: `C-${10000 + n}`,
    section: 'decide',
    ageYears: 14,
    urgency: 'routine',
    ask: 'Residential children\'s home, new placement',
    weeklyCost: '6108.00',
    since: '2026-11-03',
    decideBy: '2026-12-01',
    status: 'pending',
    ...more,
  };
}

/** A minuted item; `n` numbers the request and the child. */
export function minutedItem(n: number, more: Partial<MinutedItem> = {}): MinutedItem {
  return {
    requestId: `PR-2026-${String(n).padStart(4, '0')}`,
    childRef: `C-${10000 + n}`,
    section: 'decide',
    outcome: 'approved',
    option: 'Proposed',
    weeklyCost: '6108.00',
    conditions: [],
    reviewDate: '2027-03-01',
    votes: [
      { name: 'Jane Smith', roles: ['chair'], outcome: 'approve', option: 'Proposed', at: '2026-11-26T10:10:00.000Z' },
      { name: 'Sam Patel', roles: ['finance'], outcome: 'approve', option: 'Proposed', at: '2026-11-26T10:11:00.000Z' },
    ],
    conflicts: [],
    ...more,
  };
}

/**
 * A meeting with one of everything the minutes say: an approval with conditions (one typed with
 * markdown), a decline, a recommendation above a limit by a deputy, a conflict declared, a review
 * not on the agenda, items not reached and an apology.
 */
export function fullMinutes(more: Partial<Minutes> = {}): Minutes {
  return {
    meetingId: 'G-000012',
    startedAt: '2026-11-26T10:00:00.000Z',
    endedAt: '2026-11-26T11:45:00.000Z',
    startedBy: 'Jane Smith',
    endedBy: 'Ann Lee',
    present: [{ name: 'Jane Smith', roles: ['chair'] }, { name: 'Sam Patel', roles: ['finance'] }, { name: 'Ann Lee', roles: ['commissioning', 'health'] }],
    apologies: [{ name: 'Education member', roles: ['education'] }],
    items: [
      minutedItem(2, {
        outcome: 'declined', option: undefined, weeklyCost: undefined, reviewDate: undefined,
        votes: [{ name: 'Sam Patel', roles: ['finance'], outcome: 'decline', option: 'Proposed', at: '2026-11-26T10:30:00.000Z' }],
      }),
      minutedItem(1, {
        section: 'ratify',
        outcome: 'approved_with_conditions',
        option: 'In-house foster care',
        weeklyCost: '1200.00',
        conditions: [
          { text: 'Health assessment booked', owner: 'Jo Bloggs (social worker)', due: '2026-12-01' },
          { text: TYPED_MARKDOWN, owner: 'Virtual school head', due: '2027-01-31' },
        ],
        votes: [
          { name: 'Jane Smith', roles: ['chair'], outcome: 'approve_with_conditions', option: 'In-house foster care', at: '2026-11-26T10:05:00.000Z' },
        ],
        conflicts: [{ name: 'Ann Lee', note: 'Knows the family' }],
      }),
      minutedItem(3, {
        section: 'review',
        outcome: 'recommended',
        option: 'Oakfield House',
        weeklyCost: '6108.00',
        reviewDate: undefined,
        votes: [{
          name: 'Ann Lee', roles: ['commissioning'], outcome: 'approve', option: 'Oakfield House', asDeputyFor: 'Jane Smith (chair)',
          recommendation: true, at: '2026-11-26T11:00:00.000Z',
        }],
      }),
      minutedItem(4, { section: undefined, outcome: 'deferred', option: undefined, weeklyCost: undefined, reviewDate: undefined,
        votes: [{ name: 'Jane Smith', roles: ['chair'], outcome: 'defer', option: 'Proposed', at: '2026-11-26T11:10:00.000Z' }] }),
    ],
    notReached: [{ requestId: 'PR-2026-0007', childRef: 'C-10007', section: 'decide' }, { requestId: 'PR-2026-0008', childRef: 'C-10008', section: 'review' }],
    quorate: true,
    ...more,
  };
}
