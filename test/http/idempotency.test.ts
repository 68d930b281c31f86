import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { API_KEY, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { storeOnDisk } from '../store/helpers.js';

interface Answer { status: number; body: Record<string, unknown>; location: string | null; replayed: string | null }

/** A POST with an Idempotency-Key header (the harness's api() sends none). */
async function post(h: Harness, path: string, body: unknown, key?: string): Promise<Answer> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...(key !== undefined && { 'idempotency-key': key }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as Record<string, unknown>, location: res.headers.get('location'), replayed: res.headers.get('idempotent-replayed') };
}

const mentionsHeader = (a: Answer) => JSON.stringify(a.body).includes('Idempotency-Key');

describe('intake API: Idempotency-Key on POST /api/requests and /api/requests/:id/events', () => {
  let h: Harness;
  let dir: string;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    dir = await mkdtemp(join(tmpdir(), 'panel-idem-'));
    h = await startHarness({ dir });
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
    await rm(dir, { recursive: true, force: true });
  });

  /** A request approved, so that events may be recorded on it. */
  async function approvedRequest(childRef: string): Promise<string> {
    const created = await h.api('POST', '/api/requests', sampleRequest({ childRef }));
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const decided = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-04-06' });
    assert.equal(decided.status, 200);
    return id;
  }

  it('the same key and body twice: one request, the same answer (201, record, Location), the repeat marked replayed', async () => {
    const first = await post(h, '/api/requests', sampleRequest(), 'case-system:req-42');
    const again = await post(h, '/api/requests', sampleRequest(), 'case-system:req-42');
    assert.equal(first.status, 201);
    assert.deepEqual(again, { ...first, replayed: 'true' });
    assert.equal(first.location, `/api/requests/${first.body.id as string}`);
    assert.equal(h.app.store.listRequests().length, 1);
    assert.equal((await storeOnDisk(h.storePath)).requests.length, 1);
  });

  it('the same body with its keys in another order is the same body', async () => {
    const body = sampleRequest();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await post(h, '/api/requests', body, 'k-order');
    const again = await post(h, '/api/requests', JSON.stringify(reordered, null, 2), 'k-order');
    assert.equal(again.status, 201);
    assert.equal(again.body.id, first.body.id);
  });

  it('sent twice at once under one key: both answered with the one request', async () => {
    const [a, b] = await Promise.all([post(h, '/api/requests', sampleRequest(), 'k-race'), post(h, '/api/requests', sampleRequest(), 'k-race')]);
    assert.equal(a!.status, 201);
    assert.equal(b!.status, 201);
    assert.equal(a!.body.id, b!.body.id);
    assert.equal(h.app.store.listRequests().length, 1);
  });

  it('the same key with a different body: 422 naming the header, nothing stored', async () => {
    const first = await post(h, '/api/requests', sampleRequest(), 'k-1');
    const other = await post(h, '/api/requests', sampleRequest({ childRef: 'C-20002' }), 'k-1');
    assert.equal(other.status, 422);
    assert.ok(mentionsHeader(other), JSON.stringify(other.body));
    assert.match(JSON.stringify(other.body), /different body/);
    assert.deepEqual(h.app.store.listRequests().map((r) => r.id), [first.body.id]);
  });

  it('a key that is empty, too long or not visible ASCII: 400 naming the header, nothing stored', async () => {
    for (const key of ['', 'x'.repeat(201), 'two words', 'clé']) {
      const res = await fetch(`${h.url}/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, 'idempotency-key': Buffer.from(key).toString('latin1') },
        body: JSON.stringify(sampleRequest()),
      });
      const body = await res.json() as Record<string, unknown>;
      assert.equal(res.status, 400, `key ${JSON.stringify(key)}`);
      assert.ok(JSON.stringify(body).includes('Idempotency-Key'));
    }
    assert.equal((await post(h, '/api/requests', sampleRequest(), 'x'.repeat(200))).status, 201, '200 characters is allowed');
    assert.equal(h.app.store.listRequests().length, 1);
  });

  it('events: the same key and body give the one event; an end sent again is not refused as a second end', async () => {
    const id = await approvedRequest('C-30001');
    const cost = { type: 'cost_change', date: '2026-04-13', weeklyCost: '1300.00', reason: 'uplift_agreed' };
    const first = await post(h, `/api/requests/${id}/events`, cost, 'ev-1');
    const again = await post(h, `/api/requests/${id}/events`, cost, 'ev-1');
    assert.equal(first.status, 201);
    assert.deepEqual(again, { ...first, replayed: 'true' });
    const end = { type: 'ended', date: '2026-04-20', reason: 'turned_18' };
    const ended = await post(h, `/api/requests/${id}/events`, end, 'ev-end');
    const endedAgain = await post(h, `/api/requests/${id}/events`, end, 'ev-end');
    assert.equal(ended.status, 201, JSON.stringify(ended.body));
    assert.equal(endedAgain.status, 201, JSON.stringify(endedAgain.body));
    assert.equal(endedAgain.body.id, ended.body.id);
    assert.deepEqual(h.app.store.eventsFor(id).map((e) => e.id), [first.body.id, ended.body.id]);
  });

  it('events: a key sent again with another body, on another request, or first used for a request: 422', async () => {
    const id = await approvedRequest('C-30001');
    const other = await approvedRequest('C-30002');
    const cost = { type: 'cost_change', date: '2026-04-13', weeklyCost: '1300.00', reason: 'uplift_agreed' };
    assert.equal((await post(h, `/api/requests/${id}/events`, cost, 'ev-2')).status, 201);
    const changed = await post(h, `/api/requests/${id}/events`, { ...cost, weeklyCost: '1400.00' }, 'ev-2');
    const elsewhere = await post(h, `/api/requests/${other}/events`, cost, 'ev-2');
    assert.equal((await post(h, '/api/requests', sampleRequest({ childRef: 'C-30003' }), 'shared')).status, 201);
    const crossed = await post(h, `/api/requests/${id}/events`, cost, 'shared');
    for (const refused of [changed, elsewhere, crossed]) {
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.ok(mentionsHeader(refused));
    }
    assert.equal(h.app.store.eventsFor(id).length, 1);
    assert.equal(h.app.store.eventsFor(other).length, 0);
  });

  it('keys are remembered across a restart (kept in the store file and its journal)', async () => {
    const id = await approvedRequest('C-30001');
    const cost = { type: 'cost_change', date: '2026-04-13', weeklyCost: '1300.00', reason: 'uplift_agreed' };
    const request = await post(h, '/api/requests', sampleRequest({ childRef: 'C-30004' }), 'restart-req');
    const event = await post(h, `/api/requests/${id}/events`, cost, 'restart-ev');
    await h.close();
    h = await startHarness({ dir });
    const requestAgain = await post(h, '/api/requests', sampleRequest({ childRef: 'C-30004' }), 'restart-req');
    const eventAgain = await post(h, `/api/requests/${id}/events`, cost, 'restart-ev');
    assert.deepEqual(requestAgain, { ...request, replayed: 'true' });
    assert.deepEqual(eventAgain, { ...event, replayed: 'true' });
    assert.equal((await post(h, '/api/requests', sampleRequest({ childRef: 'C-39999' }), 'restart-req')).status, 422);
    assert.equal(h.app.store.listRequests().length, 2);
    assert.equal(h.app.store.eventsFor(id).length, 1);
  });

  it('without the header nothing changes: a second send is a second request (refused here as a second open request for the child)', async () => {
    assert.equal((await post(h, '/api/requests', sampleRequest())).status, 201);
    assert.equal((await post(h, '/api/requests', sampleRequest())).status, 409);
  });
});
