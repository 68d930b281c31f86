import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { Money, roundPence, sum } from '../../src/calculators/money.js';
import { penniesAddingUp } from '../../src/exports/pennies.js';
import { tableOf, type Sheet } from '../../src/exports/sheet.js';
import { csvOf, neutralised } from '../../src/exports/writeSheet.js';

describe('exports: writing cells', () => {
  it('keeps text a spreadsheet would run as a formula as text, and leaves other text alone', () => {
    for (const text of ['=1+2', '+44 20', '-1', '@SUM(A1)', '\tTAB', '\rCR', '=HYPERLINK("http://example.invalid")']) {
      assert.equal(neutralised(text), `'${text}`, JSON.stringify(text));
    }
    for (const text of ['C-1001', 'Step down', '1+1', 'a=b', '']) assert.equal(neutralised(text), text);
  });

  it('writes CSV with quoting by csv-stringify: money as numbers to pence, negative ones unquoted and unneutralised', () => {
    type R = { name: string; amount: Money; day: string };
    const sheet: Sheet<R> = {
      name: 'T',
      columns: [
        { header: 'Name', kind: 'text', width: 10, value: (r) => r.name },
        { header: 'Amount', kind: 'money', width: 10, value: (r) => r.amount },
        { header: 'Day', kind: 'date', width: 10, value: (r) => r.day },
      ],
      rows: [
        { name: 'Comma, "quoted"\nand two lines', amount: new Money('1234.5'), day: '2026-04-06' },
        { name: '-minus', amount: new Money('-0.005'), day: '2027-03-31' },
      ],
    };
    const text = csvOf(tableOf(sheet)).toString('utf8');
    assert.ok(text.startsWith('\uFEFFName,Amount,Day\r\n'));
    assert.match(text, /,-0\.01,2027-03-31\r\n$/);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows, [
      { Name: 'Comma, "quoted"\nand two lines', Amount: '1234.50', Day: '2026-04-06' },
      { Name: '\'-minus', Amount: '-0.01', Day: '2027-03-31' },
    ]);
  });
});

describe('exports: pennies that add up', () => {
  it('gives back the pennies rounding each part lost, where it lost most', () => {
    // Each third rounds to 0.33 and the three to 0.99; their exact total rounds to 1.00.
    const third = new Money(1).dividedBy(3);
    assert.deepEqual(penniesAddingUp([third, third, third]).map(String), ['0.34', '0.33', '0.33']);
    // Three halves of a penny each round up, to 0.03; their total, 0.015, rounds to 0.02.
    const half = new Money('0.005');
    assert.deepEqual(penniesAddingUp([half, half, half]).map(String), ['0', '0.01', '0.01']);
    assert.deepEqual(penniesAddingUp([new Money('-0.004'), new Money('-0.004'), new Money('0.4')]).map(String), ['-0.01', '0', '0.4']);
    assert.deepEqual(penniesAddingUp([]), []);
  });

  it('always adds up to the exact total rounded, each part within a penny of its exact value', () => {
    const amount = fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }).map((n) => new Money(n.toString()).dividedBy(7 * 1000));
    fc.assert(fc.property(fc.array(amount, { maxLength: 40 }), (exact) => {
      const parts = penniesAddingUp(exact);
      assert.ok(sum(parts).eq(roundPence(sum(exact))));
      parts.forEach((p, i) => {
        assert.ok(p.minus(exact[i]!).abs().lt('0.01'), `${p.toString()} is a penny or more from ${exact[i]!.toString()}`);
        assert.ok(p.decimalPlaces() <= 2);
      });
    }));
  });
});
