import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { cardOf, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

type Problems = { field: string; problem: string }[];
type Month = { month: string; cost: string; cumulative: string };
type Slippage = { effectiveFrom: string; started?: string; confirmed: boolean; slipping: boolean; weeklySaving: string; daysLate: number; weeksLate: number; cost: string; byMonth: Month[] };
type SavingsSlippage = { total: string; confirmed: string; slipping: string; byMonth: Month[]; slippingRequests: string[] };

/*
 * The sample request: residential at £6,108 a week, or in-house fostering (alt-1) at £1,200; approving
 * alt-1 saves £4,908 a week (all social care). Approved to take effect on Monday 15 June 2026.
 */
describe('started events and slippage through the real server (issue #15)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  const at = (iso: string) => clock.setSystemTime(new Date(`${iso}T10:00:00Z`));

  async function approved(childRef: string): Promise<string> {
    const created = await h.api('POST', '/api/requests', sampleRequest({ childRef }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = String(created.body.id);
    const decided = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-06-15' });
    assert.equal(decided.status, 200);
    return id;
  }

  async function slippageOf(id: string, query = ''): Promise<Slippage> {
    const res = await h.api('GET', `/api/requests/${id}${query}`);
    assert.equal(res.status, 200);
    return res.body.slippage as Slippage;
  }

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-06-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('a start three weeks late, said in chat: realised savings from the start, slippage by month in the request and the savings answers', async () => {
    const id = await approved('C-20001');
    at('2026-07-10');
    const card = cardOf((await h.say(`update ${id} started 6 July 2026`))[0])!;
    assertValidCard(card);
    const reply = cardText(card);
    assert.match(reply, new RegExp(`${id}: started on 6 Jul 2026\\.`));
    assert.match(reply, /3 weeks after its effective date \(15 Jun 2026\)/);
    assert.match(reply, /Slippage: £4,908\.00 a week × 3 weeks = £14,724\.00\./);

    // By hand: 15 June to 5 July is 21 days, 3 weeks: £4,908 × 3 = £14,724.00. It crosses a month end:
    // 15–30 June, 16 days: £4,908 × 16 ÷ 7 = £11,218.2857… → £11,218.29; 1–5 July, 5 days:
    // £4,908 × 5 ÷ 7 = £3,505.714… → £3,505.71; cumulative £11,218.29, then £14,724.00.
    const s = await slippageOf(id, '?asOf=2026-08-01');
    assert.deepEqual(s, {
      effectiveFrom: '2026-06-15', started: '2026-07-06', confirmed: true, slipping: false,
      weeklySaving: '4908.00', daysLate: 21, weeksLate: 3, cost: '14724.00',
      byMonth: [{ month: '2026-06', cost: '11218.29', cumulative: '11218.29' }, { month: '2026-07', cost: '3505.71', cumulative: '14724.00' }],
    });
    // Realised to 1 August (not counted), from 6 July: 26 days, £4,908 × 26 ÷ 7 = £18,229.714… → £18,229.71.
    // On time it would have been 47 days, £32,953.714… → £32,953.71: £14,724.00 more, the slippage.
    const detail = await h.api('GET', `/api/requests/${id}?asOf=2026-08-01`);
    assert.equal((detail.body.savings as { realised: string }).realised, '18229.71');
    const savings = await h.api('GET', '/api/savings?asOf=2026-08-01');
    assert.equal(savings.body.total, '18229.71');
    assert.deepEqual(savings.body.byMonth, { '2026-07': '18229.71' });
    const total = savings.body.slippage as SavingsSlippage;
    assert.deepEqual(total, { total: '14724.00', confirmed: '14724.00', slipping: '0.00', byMonth: s.byMonth, slippingRequests: [] });
  });

  it('the same start by the API; a second start, a later one after a cost change, and a start to come are refused', async () => {
    const id = await approved('C-20002');
    at('2026-07-10');
    const first = await h.api('POST', `/api/requests/${id}/events`, { type: 'started', date: '2026-07-06' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.type, 'started');
    assert.match(String(first.body.hash), /^[0-9a-f]{64}$/, 'hash-chained like every event');
    const again = await h.api('POST', `/api/requests/${id}/events`, { type: 'started', date: '2026-07-07' });
    assert.equal(again.status, 409);
    assert.match((again.body.problems as Problems)[0]!.problem, /already started on 2026-07-06/);
    const before = await h.api('POST', `/api/requests/${id}/events`, { type: 'cost_change', date: '2026-07-01', weeklyCost: '1300.00', reason: 'uplift_agreed' });
    assert.equal(before.status, 409, 'no cost change before the start');
    assert.equal(h.app.store.eventsFor(id).length, 1);

    const other = await approved('C-20003');
    const future = await h.api('POST', `/api/requests/${other}/events`, { type: 'started', date: '2026-07-11' });
    assert.equal(future.status, 400);
    assert.deepEqual(future.body.problems, [{ field: 'date', problem: 'is after today (2026-07-10): record a start once it has happened' }]);
    const early = await h.api('POST', `/api/requests/${other}/events`, { type: 'started', date: '2026-06-14' });
    assert.equal(early.status, 400);
    assert.match((early.body.problems as Problems)[0]!.problem, /on or after the decision's effective date 2026-06-15/);
  });

  it('refuses hostile dates naming the field, in the API and in chat, and stores nothing', async () => {
    const id = await approved('C-20004');
    at('2026-07-10');
    for (const date of ['9999-12-31', '0000-01-01', '2026-02-30', 'tomorrow', 20260706]) {
      const res = await h.api('POST', `/api/requests/${id}/events`, { type: 'started', date });
      assert.equal(res.status, 400, JSON.stringify(date));
      assert.deepEqual((res.body.problems as Problems).map((p) => p.field), ['date'], JSON.stringify(date));
    }
    const chat = cardText(cardOf((await h.say(`update ${id} started 31/12/9999`))[0])!);
    assert.match(chat, /Not recorded/);
    assert.match(chat, /date: must be a date from 1990-01-01 to 2100-12-31/);
    assert.equal(h.app.store.eventsFor(id).length, 0);
    const pending = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20005' }));
    const notApproved = await h.api('POST', `/api/requests/${String(pending.body.id)}/events`, { type: 'started', date: '2026-07-06' });
    assert.equal(notApproved.status, 409, 'only after an approval');
    assert.equal((await h.api('GET', `/api/requests/${String(pending.body.id)}`)).body.slippage, null);
  });

  it('an unconfirmed change is flagged as slipping once the grace days after its effective date have passed, costed to today', async () => {
    const id = await approved('C-20006');
    at('2026-06-22');
    // 15 June + 7 grace days = 22 June: not yet slipping.
    assert.equal((await slippageOf(id)).slipping, false);
    assert.equal((await slippageOf(id)).cost, '0.00');
    at('2026-06-23');
    const s = await slippageOf(id);
    // 15 to 22 June, 8 days to today (not counted): £4,908 × 8 ÷ 7 = £5,609.142… → £5,609.14.
    assert.equal(s.slipping, true);
    assert.equal(s.confirmed, false);
    assert.equal(s.daysLate, 8);
    assert.equal(s.cost, '5609.14');
    const savings = await h.api('GET', '/api/savings');
    assert.deepEqual((savings.body.slippage as SavingsSlippage).slippingRequests, [id]);
    assert.equal((savings.body.slippage as SavingsSlippage).slipping, '5609.14');
    // Savings still count the days as saved until a start says otherwise: 8 days, £5,609.14.
    assert.equal(savings.body.total, '5609.14');
    // The request card says so to whoever opens it, in the colour that asks for attention.
    const shown = cardOf((await h.say(`show ${id}`))[0])!;
    assertValidCard(shown);
    assert.match(cardText(shown), /Slipping\n.*Not confirmed as started 8 days \(1\.14 weeks\) after its effective date \(15 Jun 2026\): slipping\.\nSavings at risk so far: £4,908\.00 a week × 8 days \(1\.14 weeks\) = £5,609\.14\./);
    assert.ok(JSON.stringify(shown).includes('"text":"Slipping","wrap":true,"weight":"Bolder","color":"attention"'));
    at('2026-06-24');
    await h.say(`update ${id} started 23 June 2026`);
    const after = await slippageOf(id);
    assert.match(cardText(cardOf((await h.say(`show ${id}`))[0])!), /Follow-through\nStarted 23 Jun 2026, 8 days \(1\.14 weeks\) after its effective date \(15 Jun 2026\)\.\nSlippage: £4,908\.00 a week × 8 days \(1\.14 weeks\) = £5,609\.14\./);
    assert.equal(after.slipping, false);
    assert.equal(after.started, '2026-06-23');
    assert.equal(after.cost, '5609.14', 'the same 8 days, now confirmed');
  });

  it('takes the grace days from SLIPPAGE_GRACE_DAYS', async () => {
    await h.close();
    h = await startHarness({ env: { SLIPPAGE_GRACE_DAYS: '10' } });
    const id = await approved('C-20007');
    at('2026-06-25');
    assert.equal((await slippageOf(id)).slipping, false, '15 June + 10 days = 25 June');
    at('2026-06-26');
    assert.equal((await slippageOf(id)).slipping, true);
  });
});
