import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { startHarness, sampleRequest, type Harness, API_KEY } from '../support/botHarness.js';
import { storeOnDisk } from '../store/helpers.js';

describe('POST /api/requests (intake API)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('stores a valid request and answers 201 with its id', async () => {
    const res = await h.api('POST', '/api/requests', sampleRequest());
    assert.equal(res.status, 201);
    assert.equal(res.body.id, 'PR-2026-0001');
    assert.equal((res.body.proposed as { weeklyCost: string }).weeklyCost, '6108.00');
    const second = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20001' }));
    assert.equal(second.body.id, 'PR-2026-0002');
    const onDisk = await storeOnDisk(h.storePath);
    assert.deepEqual(onDisk.requests.map((r) => r.id), ['PR-2026-0001', 'PR-2026-0002']);
  });

  it('lists every problem by field and stores nothing', async () => {
    const bad = sampleRequest({
      childRef: '',
      kind: 'change',
      proposed: { type: 'castle', provider: 'X', weeklyCost: '-100', startDate: '2026-02-30', funding: { socialCare: 50, health: 20, education: 0 } },
      alternatives: [{ id: 'a', label: 'Foster', type: 'ifa', weeklyCost: '12.345' }],
    });
    delete bad.requestedBy;
    const res = await h.api('POST', '/api/requests', bad);
    assert.equal(res.status, 400);
    const fields = (res.body.problems as { field: string; problem: string }[]).map((p) => p.field);
    for (const f of ['childRef', 'proposed.type', 'proposed.weeklyCost', 'proposed.startDate', 'proposed.funding', 'alternatives.0.weeklyCost', 'requestedBy', 'current']) {
      assert.ok(fields.includes(f), `expected ${f} in ${fields.join(', ')}`);
    }
    const money = (res.body.problems as { field: string; problem: string }[]).find((p) => p.field === 'proposed.weeklyCost');
    assert.match(money!.problem, /negative/);
    assert.equal(h.app.store.listRequests().length, 0);
  });

  it('refuses ambiguous money with a message', async () => {
    const res = await h.api('POST', '/api/requests', sampleRequest({ proposed: { ...(sampleRequest().proposed as object), weeklyCost: '1,2,3' } }));
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /not a clear amount/);
  });

  it('answers 413 over 256 KiB, 400 for malformed JSON, 401 without the key', async () => {
    const huge = sampleRequest({ reason: 'x'.repeat(300 * 1024) });
    assert.equal((await h.api('POST', '/api/requests', huge)).status, 413);
    const malformed = await h.api('POST', '/api/requests', '{"childRef": ');
    assert.equal(malformed.status, 400);
    assert.equal((await h.api('POST', '/api/requests', sampleRequest(), null)).status, 401);
    assert.equal((await h.api('POST', '/api/requests', sampleRequest(), `${API_KEY}x`)).status, 401);
    assert.equal((await h.api('GET', '/api/savings', undefined, null)).status, 401);
    assert.equal(h.app.store.listRequests().length, 0);
  });

  it('records events after an approval and shows them with savings', async () => {
    const created = await h.api('POST', '/api/requests', sampleRequest());
    const id = created.body.id as string;
    const early = await h.api('POST', `/api/requests/${id}/events`, { type: 'ended', date: '2026-06-01', reason: 'turned_18' });
    assert.equal(early.status, 409, 'no events before a decision');
    const decided = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-04-06' });
    assert.equal(decided.status, 200);
    const ev = await h.api('POST', `/api/requests/${id}/events`, { type: 'cost_change', date: '2026-04-13', weeklyCost: '1300.00', reason: 'uplift_agreed' });
    assert.equal(ev.status, 201);
    const badEv = await h.api('POST', `/api/requests/${id}/events`, { type: 'cost_change', date: '2026-04-13', weeklyCost: 'lots', reason: 'whim' });
    assert.equal(badEv.status, 400);
    const fields = (badEv.body.problems as { field: string }[]).map((p) => p.field);
    assert.ok(fields.includes('weeklyCost') && fields.includes('reason'));
    const detail = await h.api('GET', `/api/requests/${id}?asOf=2026-04-20`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.status, 'approved');
    assert.equal((detail.body.events as unknown[]).length, 1);
    // Baseline £6,108/wk; alt-1 £1,200/wk for 7 days (6–12 Apr), then £1,300/wk for 7 days (13–19 Apr):
    // (6108 − 1200) + (6108 − 1300) = 4908 + 4808 = £9,716.00
    assert.equal((detail.body.savings as { realised: string }).realised, '9716.00');
    const missing = await h.api('GET', '/api/requests/PR-2026-9999');
    assert.equal(missing.status, 404);
  });
});

describe('intake API without a key configured', () => {
  it('answers 503', async () => {
    const h = await startHarness({ env: { INTAKE_API_KEY: '' } });
    try {
      const res = await h.api('POST', '/api/requests', sampleRequest());
      assert.equal(res.status, 503);
    } finally {
      await h.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight writes before the store is released', async () => {
    const h = await startHarness();
    // Close once the server has begun reading requests, not after a fixed time: a slow machine may not
    // have read any in 20 ms, and then nothing would be in flight.
    let received = 0;
    const reading = new Promise<void>((resolve) => h.app.server.server.on('request', () => { received += 1; if (received === 3) resolve(); }));
    const sends = Array.from({ length: 20 }, (_, i) => h.api('POST', '/api/requests', sampleRequest({ childRef: `C-${7000 + i}` })));
    await reading;
    const closing = h.app.close();
    // A connection not yet read when the server closes is refused; only what was acknowledged must be kept.
    const answers = await Promise.allSettled(sends);
    await closing;
    const acknowledged = answers.flatMap((a) => (a.status === 'fulfilled' && a.value.status === 201 ? [a.value.body.id as string] : []));
    assert.ok(acknowledged.length > 0, 'some writes were in flight');
    const onDisk = await storeOnDisk(h.storePath);
    for (const id of acknowledged) assert.ok(onDisk.requests.some((r) => r.id === id), `${id} is on disk`);
    await h.connector.stop();
  });
});
