import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import sinon from 'sinon';
import { openStore } from '../../src/store/lowdbStore.js';
import { cardText } from '../cards/cardQuality.js';
import { API_KEY, MEMBER, PERSONAL, cardOf, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { decision, meta, sampleRequest as storedSample } from '../store/helpers.js';

type Problem = { field: string; problem: string };

function fields(body: Record<string, unknown>): string[] {
  return ((body.problems ?? []) as Problem[]).map((p) => p.field);
}

/** The text of the card in an invoke answer. */
function invokedCard(body: Record<string, unknown>): string {
  return cardText(body.value as object);
}

const QUESTIONS = ['savings to date', 'savings this year', 'savings 2026/27', 'digest', 'pending', 'top 15', 'value check', 'cohort', 'help'];

describe('hostile dates: no date can take the bot down or overstate a saving', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  afterEach(async () => {
    await h?.close();
    clock?.restore();
  });

  describe('at the boundary', () => {
    beforeEach(async () => {
      clock = sinon.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date'] });
      h = await startHarness({ schedule: false });
    });

    it('refuses a date of birth of 9999-12-31 (a case system\'s "unknown") naming the field, and stays up', async () => {
      const res = await h.api('POST', '/api/requests', sampleRequest({ dateOfBirth: '9999-12-31' }));
      assert.equal(res.status, 400);
      const problem = (res.body.problems as Problem[]).find((p) => p.field === 'dateOfBirth');
      assert.match(problem!.problem, /from 1990-01-01 to 2100-12-31/);
      assert.equal(h.app.store.listRequests().length, 0);
      assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
    });

    it('bounds every date a record carries: start, planned end, event dates', async () => {
      const far = await h.api('POST', '/api/requests', sampleRequest({
        proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '1989-12-31', plannedEndDate: '2101-01-01' },
      }));
      assert.equal(far.status, 400);
      assert.deepEqual(fields(far.body).sort(), ['proposed.plannedEndDate', 'proposed.startDate']);
      const ok = await h.api('POST', '/api/requests', sampleRequest({
        proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '2026-04-06' },
      }));
      assert.equal(ok.status, 201);
      const id = ok.body.id as string;
      assert.equal((await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'proposed' })).status, 200);
      const event = await h.api('POST', `/api/requests/${id}/events`, { type: 'ended', date: '9999-12-31', reason: 'turned_18' });
      assert.equal(event.status, 400);
      assert.deepEqual(fields(event.body), ['date']);
    });

    it('bounds as-of dates to 2000–2100 in the API and in chat, naming the field', async () => {
      for (const asOf of ['9999-12-31', '1999-12-31', '2101-01-01', '2026-02-30']) {
        const res = await h.api('GET', `/api/savings?asOf=${asOf}`);
        assert.equal(res.status, 400, asOf);
        assert.deepEqual(fields(res.body), ['asOf']);
      }
      assert.equal((await h.api('GET', '/api/savings?asOf=2000-01-01')).status, 200);
      const [reply] = await h.say('savings to date as of 9999-12-31');
      assert.match(String(reply!.text), /as of 31 Dec 9999: ask for a date from 1 Jan 2000 to 31 Dec 2100/);
    });
  });

  describe('a store written before dates were bounded', () => {
    let dir: string;

    beforeEach(async () => {
      clock = sinon.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date'] });
      dir = await mkdtemp(join(tmpdir(), 'panel-old-dates-'));
      // What older versions accepted: a child "born" 9999-12-31, an approval effective 9999-12-31,
      // another effective on a far-off start, and a decision naming an option the request lacks.
      const store = await openStore(join(dir, 'panel.json'));
      const born = await store.addRequest({ ...storedSample('C-90001'), ageYears: undefined, dateOfBirth: '9999-12-31' }, meta());
      await store.appendDecision(born.id, () => ({ ...decision(), effectiveFrom: '9999-12-31' }));
      const far = await store.addRequest({ ...storedSample('C-90002'), proposed: { ...storedSample().proposed, startDate: '9999-12-31' } }, meta());
      await store.appendDecision(far.id, () => ({ ...decision(), effectiveFrom: '9999-12-31' }));
      const odd = await store.addRequest(storedSample('C-90003'), meta());
      await store.appendDecision(odd.id, () => ({ ...decision(), option: 'gone' }));
      await store.appendEvent(odd.id, { type: 'ended', date: '9999-12-31', reason: 'turned_18', recordedBy: { aadObjectId: 'api', name: 'API' }, recordedAt: '2026-05-01T10:00:00.000Z' });
      await store.close();
      h = await startHarness({ schedule: false, dir });
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('answers every API read and every question, and sends the digest, without a 500 or an apology', async () => {
      for (const id of ['PR-2026-0001', 'PR-2026-0002', 'PR-2026-0003']) {
        const detail = await h.api('GET', `/api/requests/${id}`);
        assert.equal(detail.status, 200, `${id}: ${JSON.stringify(detail.body)}`);
        const [shown] = await h.say(`show ${id}`, MEMBER, PERSONAL);
        assert.doesNotMatch(cardText(cardOf(shown)!), /Something went wrong/i, id);
      }
      for (const asOf of ['2000-01-01', '2026-11-25', '2100-12-31']) {
        const savings = await h.api('GET', `/api/savings?asOf=${asOf}`);
        assert.equal(savings.status, 200, asOf);
        // Nothing takes effect before 9999, and the unknown option counts nothing.
        assert.equal(savings.body.total, '0.00', asOf);
      }
      for (const question of QUESTIONS) {
        const [reply] = await h.say(question);
        const card = cardOf(reply);
        assert.ok(card, question);
        assert.doesNotMatch(cardText(card), /Something went wrong|Quote ref/i, question);
      }
      // The decisions export works out each approval's follow-through as of today: nothing due before 9999.
      const exported = await fetch(`${h.url}/api/export/decisions.csv`, { headers: { authorization: `Bearer ${API_KEY}` } });
      assert.equal(exported.status, 200);
      const rows = parse(Buffer.from(await exported.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
      assert.deepEqual(rows.map((r) => [r['Request id'], r['Follow-through'], r['Slippage to date']]), [
        ['PR-2026-0001', 'Not yet confirmed', '0.00'], ['PR-2026-0002', 'Not yet confirmed', '0.00'], ['PR-2026-0003', '', ''],
      ]);
      await h.app.digest.runOnce();
      assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
    });
  });

  describe('effective dates of approvals', () => {
    beforeEach(async () => {
      clock = sinon.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date'] });
      h = await startHarness({ schedule: false });
    });

    // The child turns 18 on 1 Mar 2028.
    let children = 0;
    async function requestStarting(startDate: string, extra: Record<string, unknown> = {}): Promise<string> {
      children += 1;
      const res = await h.api('POST', '/api/requests', sampleRequest({
        childRef: `C-3000${children}`,
        dateOfBirth: '2010-03-01',
        proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate, ...extra },
      }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    }

    it('refuses an effective date before the start (one slipped digit would add millions), on the card, and nothing is stored', async () => {
      const id = await requestStarting('2027-01-04');
      const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '1990-01-01' });
      assert.equal(res.status, 200);
      assert.match(invokedCard(res.body), /Effective from: must be on or after the proposed start date 2027-01-04/);
      assert.equal(h.app.store.decisionsFor(id).length, 0);
      assert.equal((await h.api('GET', '/api/savings?asOf=2100-01-01')).body.total, '0.00');
    });

    it('refuses one on or after the 18th birthday, past the planned end or more than three years after the start, without naming the birthday', async () => {
      const id = await requestStarting('2027-01-04', { plannedEndDate: '2028-02-01' });
      const cases: [string, RegExp][] = [
        ['2028-02-01', /must be before the planned end date 2028-02-01/],
      ];
      const open = await requestStarting('2027-01-05');
      const birthday = await h.invoke('decide', { requestId: open, outcome: 'approve', option: 'proposed', effectiveFrom: '2028-03-01' });
      assert.match(invokedCard(birthday.body), /must be before the child's 18th birthday/);
      assert.doesNotMatch(invokedCard(birthday.body), /2028-03-01|1 Mar 2028/, 'the birthday is never shown');
      for (const [effectiveFrom, why] of cases) {
        const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'proposed', effectiveFrom });
        const text = invokedCard(res.body);
        assert.match(text, why, effectiveFrom);
      }
      const young = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20002', dateOfBirth: '2020-01-01' }));
      const late = await h.invoke('decide', { requestId: young.body.id, outcome: 'approve', option: 'proposed', effectiveFrom: '2029-04-07' });
      assert.match(invokedCard(late.body), /within 3 years of the proposed start date \(by 2029-04-06\)/);
      assert.equal(h.app.store.allDecisions().length, 0);
    });

    it('keeps back-dated decisions possible: a start in the past, approved from that start', async () => {
      const id = await requestStarting('2025-06-02');
      const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2025-06-02' });
      assert.doesNotMatch(invokedCard(res.body), /Effective from: must/);
      assert.equal(h.app.store.decisionsFor(id).length, 1);
      // (6,108 − 1,200) × 7 days ÷ 7 = £4,908.00 in the first week.
      assert.equal((await h.api('GET', '/api/savings?asOf=2025-06-09')).body.total, '4908.00');
    });
  });

  describe('the card\'s figures after a deferral', () => {
    beforeEach(async () => {
      clock = sinon.useFakeTimers({ now: new Date('2027-09-01T10:00:00Z'), toFake: ['Date'] });
      h = await startHarness({ schedule: false });
    });

    it('uses the decision\'s effective date, exactly as the API does', async () => {
      const created = await h.api('POST', '/api/requests', sampleRequest({
        proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '2027-10-11' },
      }));
      const id = created.body.id as string;
      await h.invoke('decide', { requestId: id, outcome: 'defer', comment: 'More information on the IFA' });
      const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2027-11-01' });
      // (6,108 − 1,200) × 152 days (1 Nov 2027 to 31 Mar 2028, a leap year) ÷ 7 = £106,573.71;
      // from the start date (173 days) it would be £121,297.71.
      const card = invokedCard(res.body);
      assert.match(card, /£106,573\.71/);
      assert.doesNotMatch(card, /£121,297\.71/);
      const detail = await h.api('GET', `/api/requests/${id}`);
      const alt = (detail.body.savings as { projected: { option: string; inYear: string }[] }).projected.find((p) => p.option === 'alt-1');
      assert.equal(alt!.inYear, '106573.71');
    });
  });

  describe('an error in one route or turn', () => {
    beforeEach(async () => {
      clock = sinon.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date'] });
      h = await startHarness({ schedule: false });
    });

    it('answers 500 in JSON with a reference and no internals, the apology card in Teams, and the process keeps serving', async () => {
      const created = await h.api('POST', '/api/requests', sampleRequest());
      const boom = sinon.stub(h.app.panel, 'facts').throws(new RangeError('secret internal detail at /srv/app.ts'));
      try {
        for (const path of [`/api/requests/${String(created.body.id)}`, '/api/savings']) {
          const res = await h.api('GET', path);
          assert.equal(res.status, 500, path);
          assert.equal(res.body.error, 'internal');
          assert.match(String(res.body.reference), /^[0-9a-f]{8}$/);
          assert.doesNotMatch(JSON.stringify(res.body), /secret|\/srv|RangeError|stack/);
        }
        const [reply] = await h.say('pending');
        assert.doesNotMatch(JSON.stringify(reply), /secret|\/srv/);
        assert.match(cardText(cardOf(reply)!), /ref [0-9a-f]{8}/);
      } finally {
        boom.restore();
      }
      assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
      assert.equal((await h.api('GET', '/api/savings')).status, 200);
    });
  });
});
