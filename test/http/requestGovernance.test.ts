import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { installInPanelChannel, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

/*
 * GET /api/requests/:id under the panel's governance (issue #16), through the real server: the
 * conflicts declared (who, when, note) and an approval waiting for higher approval (the option, its
 * council cost, the highest recommender's limit and who can approve it) beside the decisions.
 */

const CHAIR = { id: '29:chair', aadObjectId: 'aad-chair', name: 'Jane Smith' };
const FINANCE = { id: '29:fin', aadObjectId: 'aad-fin', name: 'Sam Finance' };
const COMMISSIONING = { id: '29:comm', aadObjectId: 'aad-comm', name: 'Chris Commissioner' };
const HEALTH = { id: '29:health', aadObjectId: 'aad-health', name: 'Alex Brown' };

interface Detail {
  status: string;
  decisions: { decidedBy: { name: string }; recommendation?: { councilCost: string; limit: string } }[];
  conflicts: { by: { aadObjectId: string; name: string }; date: string; recordedAt: string; note: string | null }[];
  awaiting: { option: string; councilCost: string; limit: string; whoCanApprove: string[] } | null;
}

describe('GET /api/requests/:id: conflicts and higher approval (issue #16)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-04-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness({
      env: {
        PANEL_MEMBERS: '',
        PANEL_ROLES: 'aad-chair=chair,aad-fin=finance,aad-comm=commissioning,aad-health=health',
        APPROVAL_LIMITS: 'commissioning=2500,finance=5000,chair=none',
      },
      schedule: false,
    });
    await installInPanelChannel(h);
  });

  afterEach(async () => {
    await h?.close();
    clock.restore();
  });

  async function detail(id: string): Promise<Detail> {
    const res = await h.api('GET', `/api/requests/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as unknown as Detail;
  }

  async function vote(member: typeof CHAIR, requestId: string): Promise<string> {
    const res = await h.invoke('decide', { requestId, outcome: 'approve', option: 'proposed' }, member);
    assert.equal(res.status, 200);
    return JSON.stringify(res.body);
  }

  it('gives the conflicts declared and what a recommended approval waits for, until someone whose limit covers it approves', async () => {
    const created = await h.api('POST', '/api/requests', sampleRequest());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    let d = await detail(id);
    assert.deepEqual(d.conflicts, []);
    assert.equal(d.awaiting, null);

    // A conflict from chat with a note (chat reads its text in lower case), and one from the card's button without.
    clock.setSystemTime(new Date('2026-04-01T10:05:00Z'));
    await h.say(`declare conflict ${id}: knows the family`, HEALTH);
    const pressed = await h.invoke('declareConflict', { requestId: id }, FINANCE);
    assert.equal(pressed.status, 200);
    d = await detail(id);
    assert.deepEqual(d.conflicts, [
      { by: { aadObjectId: HEALTH.aadObjectId, name: HEALTH.name }, date: '2026-04-01', recordedAt: '2026-04-01T10:05:00.000Z', note: 'knows the family' },
      { by: { aadObjectId: FINANCE.aadObjectId, name: FINANCE.name }, date: '2026-04-01', recordedAt: '2026-04-01T10:05:00.000Z', note: null },
    ]);

    // £6,108.00 a week is over commissioning's £2,500.00: a recommendation, waiting for the chair.
    const card = await vote(COMMISSIONING, id);
    assert.ok(card.includes('Recommended: needs the chair — £6,108.00 a week is over £2,500.00'), card);
    assert.ok(card.includes('Conflict of interest declared: Alex Brown, Sam Finance'), 'the live card lists the conflicts');
    d = await detail(id);
    assert.equal(d.status, 'pending');
    assert.deepEqual(d.awaiting, { option: 'proposed', councilCost: '6108.00', limit: '2500.00', whoCanApprove: ['chair'] });

    await vote(CHAIR, id);
    d = await detail(id);
    assert.equal(d.status, 'approved');
    assert.equal(d.awaiting, null, 'settled: nothing waits');
    assert.equal(d.conflicts.length, 2, 'the conflicts stay on record');
  });
});
