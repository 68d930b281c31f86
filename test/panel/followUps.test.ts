import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { digestCard } from '../../src/views/digestView.js';
import { cardText } from '../cards/cardQuality.js';
import { MEMBER, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

const ACTOR = { aadObjectId: MEMBER.aadObjectId, name: MEMBER.name };

describe('what needs doing: reviews, and the digest\'s summary', () => {
  let clock: sinon.SinonFakeTimers;
  let h: Harness;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-11-02T10:00:00Z'), shouldAdvanceTime: true, toFake: ['Date'] });
    h = await startHarness({ schedule: false });
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  /** A request approved with one condition (due 4 Nov) and a review on 16 Nov, from 2 Nov. */
  async function approvedWithConditions(childRef: string): Promise<string> {
    const made = await h.api('POST', '/api/requests', sampleRequest({ childRef, decideBy: '2026-11-20' }));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id as string;
    const decided = await h.app.panel.decide({
      requestId: id, outcome: 'approve_with_conditions', option: 'alt-1', effectiveFrom: '2026-11-02', reviewDate: '2026-11-16',
      conditions: [{ text: 'Therapy *referral* made', owner: 'Social worker', due: '2026-11-04' }],
    }, ACTOR);
    assert.equal(decided.kind, 'recorded', JSON.stringify(decided));
    // Started on time: not slipping, so only the condition and the review are listed.
    const started = await h.app.panel.recordEvent(id, { type: 'started', date: '2026-11-02' }, ACTOR);
    assert.ok(started.ok, JSON.stringify(started));
    return id;
  }

  const listed = async (asOf: string) => (await h.api('GET', `/api/follow-ups?asOf=${asOf}`)).body.items as { kind: string; due: string; daysOverdue: number }[];

  it('lists a review from its date in force until a review held moves it on', async () => {
    const id = await approvedWithConditions('C-30001');
    assert.deepEqual((await listed('2026-11-15')).map((i) => i.kind), ['condition'], 'the day before the review');
    assert.deepEqual((await listed('2026-11-16')).map((i) => [i.kind, i.due, i.daysOverdue]), [['condition', '2026-11-04', 12], ['review', '2026-11-16', 0]]);
    await clock.tickAsync(16 * 86_400_000);
    const held = await h.app.panel.continueReview(id, { nextReviewDate: '2027-02-01' }, ACTOR);
    assert.ok(held.ok, JSON.stringify(held));
    assert.deepEqual((await listed('2026-11-20')).map((i) => i.kind), ['condition'], 'the next review is in February');
  });

  it('the digest counts them by kind and names the oldest, leaving a review due that day to its own list', async () => {
    await approvedWithConditions('C-30001');
    await approvedWithConditions('C-30002');
    const waiting = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-30003', decideBy: '2026-11-03' }));
    assert.equal(waiting.status, 201);
    const text = cardText(digestCard(h.app.panel.facts(), '2026-11-16'));
    assert.match(text, /What needs doing\n3 follow-ups: 1 past decide-by, 2 conditions overdue\. The oldest:/);
    assert.match(text, /PR-2026-0003 · C-30003 · Past decide-by\*\*\n.*Due 3 Nov 2026 · 13 days overdue/);
    assert.match(text, /Therapy \\\*referral\\\* made/, 'typed text escaped');
    assert.doesNotMatch(text, /Review due · |Review the approval/, 'the reviews due today are in the reviews list only');
    assert.match(text, /Reviews due in the next 14 days[\s\S]*Review due 16 Nov 2026/);
  });
});
