import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Money, formatMoney, parseMoney, toPounds } from '../../src/calculators/money.js';
import { addDays, dayNumber, fromDayNumber, isIsoDate } from '../../src/calculators/dates.js';

const RUNS = { numRuns: 2000 };

/** Any amount in pence up to a billion pounds, as a bigint so the oracle has no float error. */
const pence = fc.bigInt({ min: 0n, max: 100_000_000_000n });
const poundsText = (p: bigint) => `${p / 100n}.${String(p % 100n).padStart(2, '0')}`;

/** Strings made mostly of the characters money is written with, so the parser's branches are hit. */
const moneyish = fc.string({ unit: fc.constantFrom(...'0123456789,.£-− \t+eE$'.split('')), maxLength: 20 });

function checkParsed(input: unknown, allowNegative: boolean): void {
  const r = parseMoney(input, { allowNegative });
  if (r.ok) {
    assert.ok(r.value.isFinite(), 'finite');
    assert.ok(r.value.decimalPlaces() <= 2, `at most pence: ${r.value.toString()}`);
    if (!allowNegative) assert.ok(!r.value.isNegative() || r.value.isZero(), 'no negative cost');
  } else {
    assert.equal(typeof r.error, 'string');
    assert.ok(r.error.length > 0, 'a message');
  }
}

describe('fuzz: parseMoney / formatMoney', () => {
  it('never throws on any value at all, and answers a value with ≤2 dp or a message', () => {
    fc.assert(fc.property(fc.anything(), fc.boolean(), (v, neg) => checkParsed(v, neg)), RUNS);
  });

  it('never throws on arbitrary (unicode) strings or money-like strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), moneyish), fc.boolean(), (s, neg) => checkParsed(s, neg)), RUNS);
  });

  it('never throws on any double (NaN, ±Infinity, -0, subnormals, 1e21 …)', () => {
    fc.assert(fc.property(fc.double(), fc.boolean(), (n, neg) => {
      checkParsed(n, neg);
      const r = parseMoney(n, { allowNegative: true });
      // A number is read through its shortest decimal form: if accepted, it is exactly that number.
      if (r.ok) assert.equal(r.value.toNumber(), n === 0 ? 0 : n);
    }), RUNS);
  });

  it('round-trips every pence amount through formatMoney ("£1,234.50") and toPounds ("1234.50")', () => {
    fc.assert(fc.property(pence, (p) => {
      const exact = new Money(poundsText(p));
      const shown = parseMoney(formatMoney(exact));
      assert.ok(shown.ok, formatMoney(exact));
      assert.ok(shown.value.eq(exact), `${formatMoney(exact)} → ${shown.value.toString()}`);
      const stored = parseMoney(toPounds(exact));
      assert.ok(stored.ok && stored.value.eq(exact));
    }), RUNS);
  });

  it('round-trips negative amounts (true minus sign) only when negatives are allowed', () => {
    fc.assert(fc.property(pence.filter((p) => p > 0n), (p) => {
      const exact = new Money(poundsText(p)).negated();
      const text = formatMoney(exact);
      assert.ok(text.startsWith('−£'), text);
      const allowed = parseMoney(text, { allowNegative: true });
      assert.ok(allowed.ok && allowed.value.eq(exact), text);
      const cost = parseMoney(text);
      assert.ok(!cost.ok && /negative/.test(cost.error), text);
    }), RUNS);
  });

  it('accepts exactly the grammar: optional £, thousands in groups of 3 or none, up to 2 decimals', () => {
    const grouped = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 4 }))
      .map(([head, groups]) => ({ text: [String(head), ...groups.map((g) => String(g).padStart(3, '0'))].join(','), digits: `${head}${groups.map((g) => String(g).padStart(3, '0')).join('')}` }));
    const plain = fc.stringMatching(/^\d{1,12}$/).map((d) => ({ text: d, digits: d }));
    const decimals = fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,2}$/));
    fc.assert(fc.property(fc.oneof(grouped, plain), decimals, fc.boolean(), fc.constantFrom('', ' ', '  '), ({ text, digits }, dec, pound, pad) => {
      const input = `${pad}${pound ? '£' : ''}${text}${dec}${pad}`;
      const r = parseMoney(input);
      assert.ok(r.ok, input);
      assert.ok(r.value.eq(new Money(`${digits}${dec}`)), input);
    }), RUNS);
  });

  it('refuses ambiguous amounts: 3+ decimals, bad grouping, a lone £, exponent, two signs', () => {
    const threeDp = fc.tuple(fc.stringMatching(/^\d{1,6}$/), fc.stringMatching(/^\d{3,6}$/)).map(([a, b]) => `${a}.${b}`);
    const badGroup = fc.tuple(fc.stringMatching(/^\d{1,3}$/), fc.stringMatching(/^(\d{1,2}|\d{4,5})$/)).map(([a, b]) => `${a},${b}`);
    const odd = fc.constantFrom('£', '', ' ', '1e3', '1E3', '--1', '−−1', '1.', '.5', '£-1', '1,2,3', '1.2.3', '+1', '0x10', 'Infinity', 'NaN');
    fc.assert(fc.property(fc.oneof(threeDp, badGroup, odd), (s) => {
      const r = parseMoney(s, { allowNegative: true });
      assert.ok(!r.ok, `${JSON.stringify(s)} was accepted as ${r.ok ? r.value.toString() : ''}`);
      if (/^\d+\.\d{3,}$/.test(s)) assert.match(r.error, /decimal places/);
    }), RUNS);
  });
});

describe('fuzz: ISO dates', () => {
  const day = fc.integer({ min: dayNumber('0001-01-01'), max: dayNumber('9999-12-31') });

  it('isIsoDate never throws and agrees with the Gregorian calendar (oracle: Date in UTC)', () => {
    const dateLike = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(fc.oneof(dateLike, fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/)), (s) => {
      const got = isIsoDate(s);
      let expected = false;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (m) {
        const dt = new Date(0);
        dt.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
        expected = Number(m[1]) >= 1 && dt.getUTCFullYear() === Number(m[1]) && dt.getUTCMonth() === Number(m[2]) - 1 && dt.getUTCDate() === Number(m[3]);
      }
      assert.equal(got, expected, s);
    }), RUNS);
  });

  it('dayNumber and fromDayNumber are inverse over years 1–9999 and match Date.UTC', () => {
    fc.assert(fc.property(day, (n) => {
      const d = fromDayNumber(n);
      assert.ok(isIsoDate(d), d);
      assert.equal(dayNumber(d), n);
      const dt = new Date(0);
      dt.setUTCFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
      assert.equal(Math.round(dt.getTime() / 86_400_000), n);
    }), RUNS);
  });

  it('addDays moves by exactly that many days, and consecutive days are one apart and ordered as strings', () => {
    fc.assert(fc.property(day.filter((n) => n < dayNumber('9999-01-01')), fc.integer({ min: -300, max: 300 }), (n, k) => {
      const d = fromDayNumber(n);
      if (n + k >= dayNumber('0001-01-01')) assert.equal(dayNumber(addDays(d, k)), n + k);
      const next = addDays(d, 1);
      assert.ok(next > d, `${next} > ${d}`);
    }), RUNS);
  });

  it('dayNumber refuses (RangeError) anything that is not a date, never anything else', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (s) => {
      if (isIsoDate(s)) return;
      assert.throws(() => dayNumber(s), RangeError);
    }), RUNS);
  });
});
