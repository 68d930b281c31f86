import { strict as assert } from 'node:assert';
import { assertValidCard, cardSize, cardText, findActions } from '../cards/cardQuality.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import type { ReviewRecord } from '../../src/domain/review.js';
import { reviewsDue } from '../../src/panel/reviews.js';
import { changeFormValues, reviewCard } from '../../src/views/reviewView.js';
import { aDecision, aRequest, costChange, ended } from '../calculators/fixtures.js';
import { factsOf } from './facts.js';

const HOSTILE = '**Bold** [link](https://evil.example) <at>x</at> _i_ # 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 '.repeat(20);

function conditional(requestId: string, reviewDate: string | undefined, conditions: DecisionRecord['conditions']): DecisionRecord {
  return { ...aDecision(requestId, 'alt-1', '2026-05-04', 'approve_with_conditions'), ...(reviewDate !== undefined && { reviewDate }), ...(conditions && { conditions }) };
}

const review = (requestId: string, on: string, next: string, reviewDate: string): ReviewRecord => ({
  id: `E-${requestId}-${on}-r`, requestId, type: 'review', date: on, reviewDate, outcome: 'continued', nextReviewDate: next,
  recordedBy: { aadObjectId: 'aad-1', name: HOSTILE.slice(0, 60) }, recordedAt: `${on}T10:00:00.000Z`,
});

describe('views: the review card', () => {
  const request = aRequest({
    childRef: 'C-10423',
    alternatives: [{ id: 'alt-1', label: HOSTILE.slice(0, 200), type: 'ifa', provider: HOSTILE.slice(0, 120), weeklyCost: '3000.00', funding: { socialCare: 100, health: 0, education: 0 } }],
  } as never);
  const decision = conditional(request.id, '2026-08-03', [
    { text: HOSTILE.slice(0, 500), owner: HOSTILE.slice(0, 120), due: '2026-06-01' },
    { text: 'Done already', owner: 'IRO', due: '2026-06-01' },
    { text: HOSTILE.slice(0, 500), owner: HOSTILE.slice(0, 120), due: '2026-12-01' },
  ]);

  it('passes the quality gate with every typed field at its longest and markdown in it, escaped', () => {
    const reviews = Array.from({ length: 12 }, (_, i) => review(request.id, `2026-0${(i % 9) + 1}-01`, '2027-01-01', '2026-08-03'));
    const facts = factsOf({ requests: [request], decisions: [decision], events: [costChange(request.id, '2026-06-01', '3100.00')] });
    // Reviews are read from the events chain as the store keeps it; factsOf's source takes any record.
    const withReviews = factsOf({ requests: [request], decisions: [decision], events: [costChange(request.id, '2026-06-01', '3100.00'), ...reviews as never[]] });
    for (const f of [facts, withReviews]) {
      const card = reviewCard(f, request.id, '2026-08-03')!;
      assertValidCard(card);
      assert.ok(cardSize(card).utf8Bytes < 28 * 1024);
      const text = cardText(card);
      assert.doesNotMatch(text, /(^|[^\\])\*\*Bold\*\*/, 'typed markdown is escaped');
      assert.doesNotMatch(JSON.stringify(card), /2012-|dateOfBirth/, 'no date of birth');
    }
  });

  it('lists only the open conditions, with owner, due date and how overdue', () => {
    const facts = factsOf({ requests: [request], decisions: [conditional(request.id, '2026-08-03', [
      { text: 'Health assessment', owner: 'Social worker', due: '2026-06-01' },
      { text: 'Education plan', owner: 'Virtual school', due: '2026-08-10' },
    ])] });
    const text = cardText(reviewCard(facts, request.id, '2026-08-03')!);
    assert.match(text, /Health assessment[\s\S]*Owner: Social worker · due 1 Jun 2026[\s\S]*Overdue by 63 days/);
    assert.match(text, /Education plan[\s\S]*Due in 7 days/);
  });

  it('an ended placement shows when and why, and offers nothing to do; no review is due for it', () => {
    const facts = factsOf({ requests: [request], decisions: [decision], events: [ended(request.id, '2026-07-01')] });
    const card = reviewCard(facts, request.id, '2026-08-03')!;
    assertValidCard(card);
    assert.match(cardText(card), /Ended[\s\S]*1 Jul 2026: return home/);
    assert.equal(findActions(card).length, 0);
    assert.deepEqual(reviewsDue(facts, '2026-08-03'), []);
    assert.equal(changeFormValues(facts, request.id, '2026-08-03'), undefined);
  });

  it('a review is due from its date, once per date, and the latest continue moves it', () => {
    const facts = factsOf({ requests: [request], decisions: [decision] });
    assert.deepEqual(reviewsDue(facts, '2026-08-02'), []);
    assert.deepEqual(reviewsDue(facts, '2026-08-03'), [{ requestId: request.id, reviewDate: '2026-08-03' }]);
    assert.deepEqual(reviewsDue(facts, '2027-01-01'), [{ requestId: request.id, reviewDate: '2026-08-03' }], 'one entry however late');
    const posted = { id: 'E-p', requestId: request.id, type: 'review_posted', date: '2026-08-03', recordedBy: { aadObjectId: 'bot', name: 'bot' }, recordedAt: '2026-08-03T08:00:00.000Z' };
    const afterPost = factsOf({ requests: [request], decisions: [decision], events: [posted as never] });
    assert.deepEqual(reviewsDue(afterPost, '2026-08-04'), []);
    const continued = factsOf({ requests: [request], decisions: [decision], events: [posted as never, review(request.id, '2026-08-03', '2026-11-02', '2026-08-03') as never] });
    assert.deepEqual(reviewsDue(continued, '2026-11-01'), []);
    assert.deepEqual(reviewsDue(continued, '2026-11-02'), [{ requestId: request.id, reviewDate: '2026-11-02' }]);
    // An approval without a review date, and a request not approved, are never due.
    const plain = factsOf({ requests: [request], decisions: [aDecision(request.id, 'alt-1', '2026-05-04')] });
    assert.deepEqual(reviewsDue(plain, '2030-01-01'), []);
  });

  it('a store holding a far-off review date (9999-12-31) is read without failing, and never due', () => {
    const facts = factsOf({ requests: [request], decisions: [{ ...decision, reviewDate: '9999-12-31' }] });
    assert.deepEqual(reviewsDue(facts, '2026-08-03'), []);
    assertValidCard(reviewCard(facts, request.id, '2026-08-03')!);
  });
});
