import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { cardText } from '../cards/cardQuality.js';
import { cardOf, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

type Problems = { field: string; problem: string }[];

describe('POST /api/requests: the decide-by date and alternatives\' providers (issue #14)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-03-25T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('keeps a decide-by date and an alternative\'s provider, answers them back, and shows both on the card', async () => {
    const body = sampleRequest({
      decideBy: '2026-04-01',
      alternatives: [{ id: 'alt-1', label: 'In-house foster care', type: 'in_house_fostering', provider: 'Council fostering service', weeklyCost: '1200.00' }],
    });
    const res = await h.api('POST', '/api/requests', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.decideBy, '2026-04-01');
    const id = String(res.body.id);
    const read = await h.api('GET', `/api/requests/${id}`);
    assert.equal(read.status, 200);
    assert.match(JSON.stringify(read.body), /"decideBy":"2026-04-01"/);
    assert.match(JSON.stringify(read.body), /"provider":"Council fostering service"/);
    const text = cardText(cardOf((await h.say(`show ${id}`))[0])!);
    assert.match(text, /Decide by 1 Apr 2026/);
    assert.match(text, /Council fostering service/);
  });

  it('without a decide-by date the card shows the rule\'s: the proposed start', async () => {
    const res = await h.api('POST', '/api/requests', sampleRequest());
    assert.equal(res.status, 201);
    assert.equal('decideBy' in res.body, false, 'nothing made up is stored');
    const text = cardText(cardOf((await h.say(`show ${String(res.body.id)}`))[0])!);
    assert.match(text, /Decide by 6 Apr 2026/);
  });

  it('refuses a decide-by date that is no date, or outside 1990–2100, naming the field', async () => {
    for (const decideBy of ['1989-12-31', '2101-01-01', '2026-02-30', 'next week', 20260401, null]) {
      const res = await h.api('POST', '/api/requests', sampleRequest({ decideBy }));
      assert.equal(res.status, 400, `${JSON.stringify(decideBy)}: ${res.status}`);
      assert.deepEqual((res.body.problems as Problems).map((p) => p.field), ['decideBy'], JSON.stringify(decideBy));
    }
    for (const decideBy of ['1990-01-01', '2100-12-31']) {
      const res = await h.api('POST', '/api/requests', sampleRequest({ decideBy, childRef: `C-${decideBy.slice(0, 4)}1` }));
      assert.equal(res.status, 201, `${decideBy}: ${JSON.stringify(res.body)}`);
    }
    assert.equal(h.app.store.listRequests().length, 2);
  });

  it('refuses an alternative\'s provider that is empty once cleaned or over 120 characters', async () => {
    for (const provider of ['  ', 'x'.repeat(121)]) {
      const res = await h.api('POST', '/api/requests', sampleRequest({
        alternatives: [{ id: 'alt-1', label: 'IFA', type: 'ifa', provider, weeklyCost: '1200.00' }],
      }));
      assert.equal(res.status, 400);
      assert.deepEqual((res.body.problems as Problems).map((p) => p.field), ['alternatives.0.provider']);
    }
  });
});
