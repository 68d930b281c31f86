import { strict as assert } from 'node:assert';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import sinon from 'sinon';
import { RateLimiter, clientAddress, hasValidKey } from '../../src/http/apiKey.js';

const KEY = 'intake-key-0123456789abcdef';
const nodeCrypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

describe('intake API key check (hasValidKey)', () => {
  it('accepts the right key with the Bearer scheme, any case, surrounding spaces trimmed', () => {
    assert.equal(hasValidKey(`Bearer ${KEY}`, KEY), true);
    assert.equal(hasValidKey(`bearer ${KEY}`, KEY), true);
    assert.equal(hasValidKey(`Bearer    ${KEY}  `, KEY), true);
  });

  const refused: [string, string | undefined][] = [
    ['no header', undefined],
    ['an empty header', ''],
    ['the key without "Bearer"', KEY],
    ['another scheme', `Basic ${KEY}`],
    ['"Bearer" and nothing else', 'Bearer '],
    ['"Bearer" alone', 'Bearer'],
    ['a wrong key of the same length', `Bearer ${KEY.slice(0, -1)}X`],
    ['a prefix of the key', `Bearer ${KEY.slice(0, 10)}`],
    ['the key with extra characters', `Bearer ${KEY}0`],
    ['the key in another case', `Bearer ${KEY.toUpperCase()}`],
    ['the key twice', `Bearer ${KEY} ${KEY}`],
    ['a NUL-padded key', `Bearer ${KEY}\u0000`],
  ];
  for (const [name, header] of refused) {
    it(`refuses ${name}`, () => assert.equal(hasValidKey(header, KEY), false));
  }

  it('never accepts anything when the configured key is empty', () => {
    for (const h of ['Bearer ', 'Bearer', '', undefined, 'Bearer x']) assert.equal(hasValidKey(h, ''), false, String(h));
  });

  it('compares with crypto.timingSafeEqual on two 32-byte digests, whatever is presented', () => {
    // Hashing first makes the compare independent of the presented key's length and of where the first
    // difference is. Observed through node's builtin-module sync rather than measured by timing.
    const spy = sinon.spy(nodeCrypto, 'timingSafeEqual');
    syncBuiltinESMExports();
    try {
      for (const header of [`Bearer ${KEY}`, `Bearer ${KEY.slice(0, 3)}`, `Bearer ${'z'.repeat(5000)}`, 'Bearer ', undefined, KEY]) {
        const before = spy.callCount;
        hasValidKey(header, KEY);
        assert.equal(spy.callCount, before + 1, `exactly one constant-time compare for ${String(header).slice(0, 20)}`);
        const [a, b] = spy.lastCall.args as [Buffer, Buffer];
        assert.equal(a.length, 32);
        assert.equal(b.length, 32);
      }
    } finally {
      spy.restore();
      syncBuiltinESMExports();
    }
  });

  it('takes about the same time for a near-miss and a far miss (coarse; a regression guard, not a proof)', () => {
    const near = `Bearer ${KEY.slice(0, -1)}X`;
    const far = `Bearer X${KEY.slice(1)}`;
    const short = 'Bearer x';
    const time = (h: string) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < 1_500; i++) hasValidKey(h, KEY);
      return Number(process.hrtime.bigint() - t0);
    };
    time(near); time(far); time(short); // warm up
    const samples = { near: [] as number[], far: [] as number[], short: [] as number[] };
    for (let r = 0; r < 7; r++) {
      samples.near.push(time(near));
      samples.far.push(time(far));
      samples.short.push(time(short));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [n, f] = [median(samples.near), median(samples.far)];
    // Generous bound: a byte-by-byte early-exit compare would not show at this scale anyway, so this
    // only catches gross regressions such as comparing via a slow path for one kind of input.
    assert.ok(Math.max(n, f) / Math.min(n, f) < 3, `near ${n} ns vs far ${f} ns`);
  });
});

describe('API rate limiter (RateLimiter, fixed window per key)', () => {
  it('allows `limit` requests per window per key, then refuses until the window ends', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, 60_000, () => now);
    assert.deepEqual([1, 2, 3, 4, 5].map(() => limiter.allow('k')), [true, true, true, false, false]);
    now += 59_999;
    assert.equal(limiter.allow('k'), false, 'still inside the window');
    now += 1;
    assert.equal(limiter.allow('k'), true, 'a new window');
    assert.equal(limiter.allow('k'), true);
    assert.equal(limiter.allow('k'), true);
    assert.equal(limiter.allow('k'), false);
  });

  it('counts each key separately', () => {
    const now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    assert.equal(limiter.allow('a'), true);
    assert.equal(limiter.allow('a'), true);
    assert.equal(limiter.allow('a'), false);
    assert.equal(limiter.allow('b'), true, 'another key is not starved');
    assert.equal(limiter.allow('b'), true);
    assert.equal(limiter.allow('b'), false);
  });

  it('refused requests do not extend the window (a client hammering while limited recovers on time)', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now);
    assert.equal(limiter.allow('k'), true);
    for (let t = 1; t < 1000; t += 10) {
      now = t;
      assert.equal(limiter.allow('k'), false);
    }
    now = 1000;
    assert.equal(limiter.allow('k'), true);
  });
});

describe('API rate limiter: memory stays bounded', () => {
  it('drops windows that have ended, so a stream of new addresses does not grow the map', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 60_000, () => now, 1_000_000);
    for (let minute = 0; minute < 10; minute++) {
      for (let i = 0; i < 1000; i++) {
        now = minute * 60_000 + i;
        limiter.allow(`addr-${minute}-${i}`);
      }
    }
    assert.ok(limiter.size <= 2000, `${limiter.size} windows kept after 10 minutes of 1000 new addresses each`);
  });

  it('holds at most maxKeys windows, dropping the oldest', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 60_000, () => now, 100);
    limiter.allow('first');
    assert.equal(limiter.isLimited('first'), true);
    for (let i = 0; i < 500; i++) {
      now += 1;
      limiter.allow(`addr-${i}`);
    }
    assert.equal(limiter.size, 100);
    assert.equal(limiter.isLimited('first'), false, 'the oldest went first');
    assert.equal(limiter.isLimited('addr-499'), true, 'the newest are kept');
  });

  it('isLimited counts nothing; retryAfterSeconds is what is left of the window', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    for (let i = 0; i < 5; i++) assert.equal(limiter.isLimited('k'), false);
    limiter.allow('k');
    limiter.allow('k');
    assert.equal(limiter.isLimited('k'), true);
    now = 45_500;
    assert.equal(limiter.retryAfterSeconds('k'), 15);
    now = 60_000;
    assert.equal(limiter.isLimited('k'), false, 'a new window');
  });
});

describe('client address for throttling (clientAddress)', () => {
  it('is the socket\'s unless proxies are trusted', () => {
    assert.equal(clientAddress('127.0.0.1', '203.0.113.7', 0), '127.0.0.1');
    assert.equal(clientAddress('::ffff:127.0.0.1', undefined, 0), '127.0.0.1');
  });

  it('with n trusted proxies, the nth entry from the right of X-Forwarded-For, without its port', () => {
    assert.equal(clientAddress('10.0.0.1', '198.51.100.1, 203.0.113.7:54321', 1), '203.0.113.7');
    assert.equal(clientAddress('10.0.0.1', '198.51.100.1, 203.0.113.7, 10.0.0.9', 2), '203.0.113.7');
    assert.equal(clientAddress('10.0.0.1', '203.0.113.7', 3), '203.0.113.7', 'fewer entries than proxies: the leftmost');
    assert.equal(clientAddress('10.0.0.1', 'garbage', 1), '10.0.0.1');
    assert.equal(clientAddress('10.0.0.1', '', 1), '10.0.0.1');
  });

  it('counts IPv6 by its /64', () => {
    assert.equal(clientAddress('2001:db8:0:1::5', undefined, 0), '2001:db8:0:1::/64');
    assert.equal(clientAddress('10.0.0.1', '[2001:0db8:0000:0001:ffff::1]:443', 1), '2001:db8:0:1::/64');
    assert.equal(clientAddress('::1', undefined, 0), '0:0:0:0::/64');
    assert.notEqual(clientAddress('2001:db8:0:2::1', undefined, 0), clientAddress('2001:db8:0:1::1', undefined, 0));
  });
});
