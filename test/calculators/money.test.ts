import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import {
  Money, asMoney, fixedPlaces, formatMoney, formatShort, formatWholePounds, parseMoney, roundPence, sum, toPounds,
} from '../../src/calculators/money.js';

describe('money', () => {
  it('rounds to pence half-up, away from zero for negatives', () => {
    assert.equal(toPounds('1.005'), '1.01');
    assert.equal(toPounds('-1.005'), '-1.01');
    assert.equal(toPounds('-0.001'), '0.00');
    assert.equal(roundPence('2.675').toString(), '2.68');
  });

  it('writes fixed places without Number#toFixed', () => {
    assert.equal(fixedPlaces('3.58288', 1), '3.6');
    assert.equal(fixedPlaces('12', 2), '12.00');
    assert.equal(fixedPlaces('0.0000001', 2), '0.00');
  });

  it('formats amounts as finance reports print them', () => {
    assert.equal(formatMoney('765692.72'), '£765,692.72');
    assert.equal(formatMoney('-142.959'), '−£142.96');
    assert.equal(formatWholePounds('1007221.02'), '£1,007,221');
    assert.equal(formatShort('253410'), '£253k');
    assert.equal(formatShort('1578000'), '£1.58m');
  });

  it('reuses a Money as it is, but makes a plain Decimal into Money (its own precision would apply)', () => {
    const m = new Money('6108.00');
    assert.equal(asMoney(m), m);
    const plain = new Decimal('1');
    const converted = asMoney(plain);
    assert.notEqual(converted, plain);
    // 1/3 to Money's 40 significant digits, where a default Decimal gives 20.
    assert.equal(converted.dividedBy(3).toString().length, '0.'.length + 40);
    assert.equal(asMoney('12.50').toFixed(2), '12.50');
  });

  it('sums exactly', () => {
    assert.equal(sum(['0.1', '0.2', '0.3']).toString(), '0.6');
  });

  it('parseMoney(formatMoney(x)) gives x back for any amount in pence (negatives use a true minus sign)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (pence) => {
      const amount = new Money(pence.toString()).dividedBy(100);
      const parsed = parseMoney(formatMoney(amount), { allowNegative: true });
      assert.ok(parsed.ok);
      assert.ok(parsed.value.eq(amount), `${formatMoney(amount)} → ${parsed.value.toString()}`);
    }));
  });
});
