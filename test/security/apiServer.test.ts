import { strict as assert } from 'node:assert';
import { API_KEY, MEMBER, PERSONAL, TENANT, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

/** A JSON body of about `bytes` bytes that would otherwise be a valid request. */
function paddedRequest(bytes: number): string {
  return JSON.stringify(sampleRequest({ reason: 'x'.repeat(bytes) }));
}

describe('intake API over HTTP: key, rate limit, body size', () => {
  let h: Harness;
  afterEach(async () => { await h?.close(); });

  it('answers 401 for a missing, wrong, prefix or non-Bearer key on every route, and stores nothing', async () => {
    // Each attempt from its own address (through a trusted proxy), to stay under the per-address
    // limit on failures (authThrottle.test.ts).
    h = await startHarness({ env: { TRUST_PROXY: '1' }, schedule: false });
    const keys: (string | null)[] = [null, '', 'wrong-key-of-some-length-00', API_KEY.slice(0, -1), `${API_KEY}x`];
    let client = 0;
    for (const key of keys) {
      for (const [method, path] of [['POST', '/api/requests'], ['GET', '/api/requests/PR-2026-0001'], ['POST', '/api/requests/PR-2026-0001/events'], ['GET', '/api/savings']] as const) {
        client += 1;
        const res = await fetch(`${h.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${client}`, ...(key !== null && { authorization: `Bearer ${key}` }) },
          ...(method === 'POST' && { body: JSON.stringify(sampleRequest()) }),
        });
        assert.equal(res.status, 401, `${method} ${path} with ${String(key)}`);
      }
    }
    const basic = await fetch(`${h.url}/api/requests`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${API_KEY}` }, body: JSON.stringify(sampleRequest()),
    });
    assert.equal(basic.status, 401);
    assert.equal(h.app.store.listRequests().length, 0);
  });

  it('answers 503 when INTAKE_API_KEY is not set (the API is off, not open)', async () => {
    h = await startHarness({ env: { INTAKE_API_KEY: '' }, schedule: false });
    const res = await h.api('POST', '/api/requests', sampleRequest(), 'anything-at-all-0000');
    assert.equal(res.status, 503);
    const none = await h.api('GET', '/api/savings', undefined, null);
    assert.equal(none.status, 503);
    assert.equal(h.app.store.listRequests().length, 0);
  });

  it('rate-limits per key: over the limit answers 429 with Retry-After, and does not store', async () => {
    h = await startHarness({ apiRateLimit: 3, schedule: false });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.api('GET', '/api/savings?asOf=2026-05-01')).status);
    assert.deepEqual(statuses, [200, 200, 200]);
    const over = await fetch(`${h.url}/api/requests`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: JSON.stringify(sampleRequest()),
    });
    assert.equal(over.status, 429);
    const retryAfter = Number(over.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: the seconds left in the minute, ${retryAfter}`);
    assert.equal(((await over.json()) as { error: string }).error, 'rate_limited');
    assert.equal(h.app.store.listRequests().length, 0);
    // Bad keys are refused before counting, so they cannot use up the real key's allowance; and
    // the limited key stays limited.
    assert.equal((await h.api('GET', '/api/savings', undefined, 'wrong-key-of-some-length-00')).status, 401);
    assert.equal((await h.api('GET', '/api/savings')).status, 429);
  });

  it('failed key attempts do not count against the real key', async () => {
    h = await startHarness({ apiRateLimit: 2, schedule: false });
    // Fewer than the per-address limit on failures (authThrottle.test.ts), more than the key's allowance.
    for (let i = 0; i < 5; i++) assert.equal((await h.api('GET', '/api/savings', undefined, `wrong-${i}-key-padding-000`)).status, 401);
    assert.equal((await h.api('GET', '/api/savings')).status, 200);
    assert.equal((await h.api('GET', '/api/savings')).status, 200);
  });

  it('413 for a body over 256 KiB on /api/requests; just under is fine', async () => {
    h = await startHarness({ schedule: false });
    const over = await h.api('POST', '/api/requests', paddedRequest(256 * 1024 + 10));
    assert.equal(over.status, 413);
    assert.equal(h.app.store.listRequests().length, 0);
    // Under the limit it is parsed and answered on its merits (the reason is too long: 400, not 413).
    const under = await h.api('POST', '/api/requests', paddedRequest(200 * 1024));
    assert.equal(under.status, 400);
    assert.ok((under.body.problems as { field: string }[]).some((p) => p.field === 'reason'));
  });

  it('413 for a body over 256 KiB on /api/messages, and the turn never runs', async () => {
    h = await startHarness({ schedule: false });
    const activity = {
      type: 'message', id: 'big-1', channelId: 'msteams', serviceUrl: h.connector.url, deliveryMode: 'expectReplies',
      text: `help ${'x'.repeat(300 * 1024)}`,
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name }, recipient: { id: '28:bot', name: 'Placement Panel' },
      conversation: { id: PERSONAL.id, conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
    };
    const res = await h.activity(activity);
    assert.equal(res.status, 413);
    assert.doesNotMatch(await res.text(), /activities/);
    assert.equal(h.connector.calls.length, 0);
    // The server is still up and answering.
    assert.equal((await h.say('help')).length, 1);
  });

  it('413 also when the size is hidden (chunked, no Content-Length)', async () => {
    h = await startHarness({ schedule: false });
    const big = Buffer.from(paddedRequest(300 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 16 * 1024) controller.enqueue(big.subarray(i, i + 16 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${h.url}/api/requests`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: stream, duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    assert.equal(res.status, 413);
    assert.equal(h.app.store.listRequests().length, 0);
  });
});
