import { strict as assert } from 'node:assert';
import { API_KEY, logLines, startHarness, type Harness } from '../support/botHarness.js';

/**
 * Failed intake-key checks are throttled per client address: ten in a minute, then 429 for every
 * request from that address until the minute is out, the right key included; other addresses and
 * the key's own allowance are untouched. Every test connects from 127.0.0.1, so other addresses come
 * through X-Forwarded-For, which is believed only with TRUST_PROXY set.
 */
const WRONG = 'wrong-key-of-some-length-00';

describe('intake API: failed key attempts throttled per address', () => {
  let h: Harness;
  afterEach(async () => { await h?.close(); });

  async function get(key: string | null, forwardedFor?: string): Promise<{ status: number; retryAfter: string | null; body: string }> {
    const res = await fetch(`${h.url}/api/savings?asOf=2026-05-01`, {
      headers: { ...(key !== null && { authorization: `Bearer ${key}` }), ...(forwardedFor !== undefined && { 'x-forwarded-for': forwardedFor }) },
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  }

  async function failTenTimes(forwardedFor?: string): Promise<void> {
    for (let i = 0; i < 10; i++) assert.equal((await get(i % 2 ? WRONG : null, forwardedFor)).status, 401, `attempt ${i + 1}`);
  }

  it('ten failures from an address: then 429 with Retry-After for the rest of the minute, even with the right key', async () => {
    h = await startHarness({ schedule: false });
    const before = logLines.length;
    await failTenTimes();
    const wrong = await get(WRONG);
    assert.equal(wrong.status, 429);
    const seconds = Number(wrong.retryAfter);
    assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${wrong.retryAfter}`);
    assert.equal(JSON.parse(wrong.body).error, 'rate_limited');
    const right = await get(API_KEY);
    assert.equal(right.status, 429, 'a right guess looks the same as a wrong one meanwhile');
    assert.doesNotMatch(right.body, /savings|target/i);
    assert.equal((await h.api('POST', '/api/requests', {})).status, 429, 'every route');
    const logged = logLines.slice(before).filter((l) => /repeated failed key attempts/.test(l));
    assert.equal(logged.length, 1, 'logged once');
    assert.doesNotMatch(logged[0]!, /127\.0\.0\.1|::1/, 'the address is not logged');
  });

  it('nine failures leave the right key working', async () => {
    h = await startHarness({ schedule: false });
    for (let i = 0; i < 9; i++) assert.equal((await get(WRONG)).status, 401);
    assert.equal((await get(API_KEY)).status, 200);
  });

  it('without TRUST_PROXY, X-Forwarded-For is not believed: a client cannot pick a fresh address per attempt', async () => {
    h = await startHarness({ schedule: false });
    for (let i = 0; i < 10; i++) assert.equal((await get(WRONG, `198.51.100.${i + 1}`)).status, 401);
    assert.equal((await get(API_KEY, '198.51.100.200')).status, 429);
  });

  describe('with TRUST_PROXY=1 (App Service)', () => {
    beforeEach(async () => { h = await startHarness({ env: { TRUST_PROXY: '1' }, schedule: false }); });

    it('throttles the address the proxy saw; other clients of the same key are not locked out', async () => {
      await failTenTimes('203.0.113.7:54321');
      assert.equal((await get(API_KEY, '203.0.113.7:60000')).status, 429, 'the same address on another port');
      assert.equal((await get(API_KEY, '203.0.113.8:54321')).status, 200, 'another client');
      assert.equal((await get(API_KEY)).status, 200, 'the proxy\'s own address is not the blocked one');
    });

    it('takes the rightmost entry (the proxy\'s): what the client put in front of it does not count', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await get(WRONG, `10.0.0.${i + 1}, 203.0.113.9`)).status, 401);
      assert.equal((await get(API_KEY, '10.0.0.250, 203.0.113.9')).status, 429);
      assert.equal((await get(API_KEY, '203.0.113.9, 203.0.113.10')).status, 200);
    });

    it('counts an IPv6 client by its /64', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await get(WRONG, `[2001:db8:0:1::${(i + 1).toString(16)}]:443`)).status, 401);
      assert.equal((await get(API_KEY, '2001:db8:0:1:ffff:ffff:ffff:ffff')).status, 429, 'same /64');
      assert.equal((await get(API_KEY, '2001:db8:0:2::1')).status, 200, 'another /64');
    });

    it('a forwarded value that is not an address falls back to the connection\'s', async () => {
      await failTenTimes('not-an-address');
      assert.equal((await get(API_KEY)).status, 429, 'counted under 127.0.0.1');
    });
  });
});
