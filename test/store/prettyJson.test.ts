import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { cachingPrettyJson } from '../../src/store/prettyJson.js';

describe('store/prettyJson', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, for any JSON value', () => {
    const stringify = cachingPrettyJson();
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      assert.equal(stringify(value), JSON.stringify(value, null, 2));
    }), { numRuns: 2000 });
  });

  it('stays exact while frozen records are appended, removed and replaced between writes', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ id: fc.string(), amount: fc.string() }), { maxLength: 600 }),
      fc.array(fc.tuple(fc.constantFrom('push', 'splice', 'replace'), fc.nat(), fc.record({ id: fc.string(), amount: fc.string() })), { maxLength: 20 }),
      (initial, edits) => {
        const stringify = cachingPrettyJson();
        const data = { version: 1, decisions: initial.map((r) => Object.freeze({ ...r })) };
        assert.equal(stringify(data), JSON.stringify(data, null, 2));
        for (const [op, at, record] of edits) {
          const frozen = Object.freeze({ ...record });
          const i = data.decisions.length === 0 ? 0 : at % data.decisions.length;
          if (op === 'push') data.decisions.push(frozen);
          else if (op === 'splice') data.decisions.splice(i, 1);
          else if (data.decisions.length > 0) data.decisions[i] = frozen;
          assert.equal(stringify(data), JSON.stringify(data, null, 2));
        }
      },
    ), { numRuns: 200 });
  });
});
