import assert from 'node:assert/strict';
import { agendaOrder } from '../../src/domain/urgency.js';
import { renderCard } from '../../src/cards/renderCard.js';
import { MAX_PENDING_ROWS } from '../../src/cards/viewModels.js';
import { PENDING_CARD, pendingView } from '../../src/views/pendingView.js';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { aRequest } from '../calculators/fixtures.js';

/** A request received at `at`, to start on `start`, with its urgency. */
function waiting(id: string, at: string, start: string, more: Parameters<typeof aRequest>[0] = {}) {
  return aRequest({ id, childRef: `C-${id.slice(-4)}`, receivedAt: at, proposed: { ...aRequest().proposed, startDate: start }, ...more });
}

describe('the pending list in agenda order (issue #15)', () => {
  const routineOld = waiting('PR-2026-0001', '2026-11-01T09:00:00.000Z', '2027-01-04');
  const routineNew = waiting('PR-2026-0002', '2026-11-20T09:00:00.000Z', '2027-01-04', { urgency: 'routine' });
  const urgent = waiting('PR-2026-0003', '2026-11-21T09:00:00.000Z', '2027-01-04', { urgency: 'urgent' });
  const emergency = waiting('PR-2026-0004', '2026-11-25T09:00:00.000Z', '2026-11-27', { urgency: 'emergency' });
  // Came in first but placed last; the other placed first but came in later: the longest unratified leads.
  const ratifyRecent = waiting('PR-2026-0005', '2026-11-24T09:00:00.000Z', '2026-11-24', { urgency: 'emergency', alreadyPlaced: true });
  const ratifyLongest = waiting('PR-2026-0006', '2026-11-25T10:00:00.000Z', '2026-11-22', { urgency: 'emergency', alreadyPlaced: true });
  const all = [routineOld, routineNew, urgent, emergency, ratifyRecent, ratifyLongest];

  it('lists placements to ratify (longest unratified first), then emergencies, urgent and routine, each oldest first', () => {
    const view = pendingView([...all].reverse(), '2026-11-26');
    assert.deepEqual(view.rows.map((r) => r.requestId), [ratifyLongest, ratifyRecent, emergency, urgent, routineOld, routineNew].map((r) => r.id));
    assert.deepEqual(view.rows.map((r) => r.urgency), [
      'Unratified 4 days · emergency placement made 22 Nov 2026', 'Unratified 2 days · emergency placement made 24 Nov 2026',
      'Emergency', 'Urgent', undefined, undefined,
    ]);
    assert.deepEqual([...all].sort(agendaOrder), [ratifyLongest, ratifyRecent, emergency, urgent, routineOld, routineNew]);
  });

  it('counts unratified days from the day the child was placed, one day at a time', () => {
    assert.equal(pendingView([ratifyRecent], '2026-11-24').rows[0]!.urgency, 'Unratified since today · emergency placement made 24 Nov 2026');
    assert.equal(pendingView([ratifyRecent], '2026-11-25').rows[0]!.urgency, 'Unratified 1 day · emergency placement made 24 Nov 2026');
  });

  it('an alreadyPlaced flag without emergency urgency (a hand-edited record) is not a ratification', () => {
    const odd = waiting('PR-2026-0007', '2026-11-01T08:00:00.000Z', '2026-10-30', { urgency: 'urgent', alreadyPlaced: true });
    const view = pendingView([routineOld, odd], '2026-11-26');
    assert.deepEqual(view.rows.map((r) => [r.requestId, r.urgency]), [[odd.id, 'Urgent'], [routineOld.id, undefined]]);
  });

  it('draws a card that passes the quality gate, the urgency in bold under the request', () => {
    const many = Array.from({ length: MAX_PENDING_ROWS + 3 }, (_, i) => waiting(`PR-2026-${String(100 + i).padStart(4, '0')}`, `2026-11-${String(1 + (i % 25)).padStart(2, '0')}T09:00:00.000Z`, '2026-11-01', { urgency: 'emergency', alreadyPlaced: i % 2 === 0 }));
    const card = renderCard(PENDING_CARD, pendingView([...all, ...many], '2026-11-26'));
    assertValidCard(card);
    const text = cardText(card);
    assert.match(text, /Unratified 25 days · emergency placement made 1 Nov 2026/);
    assert.match(text, /and 9 more — in agenda order/);
    assert.doesNotMatch(text, /\$\{/);
  });
});
