import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NEED_LEVEL_RULE, valueCheck } from '../../src/calculators/need.js';
import { loadDefaultNeedBands, parseNeedBands } from '../../src/config/needBands.js';

describe('config/need-bands.json', () => {
  it('loads, validates and says it holds illustrative defaults', () => {
    const bands = loadDefaultNeedBands();
    assert.match(bands._note, /ILLUSTRATIVE DEFAULTS/);
    assert.equal(bands.needLevelRule, NEED_LEVEL_RULE);
    assert.match(bands.description, /Complex \(4\) when three or more domains score 3\+/);
  });

  it('puts the 2024 average residential cost of £6,108 a week (001) inside the residential bands', () => {
    const bands = loadDefaultNeedBands();
    assert.ok(!valueCheck('residential', 2, '6108.00', bands).aboveBand);
    assert.ok(valueCheck('residential', 1, '6108.00', bands).aboveBand);
    assert.ok(valueCheck('ifa', 4, '6108.00', bands).aboveBand);
  });

  it('reports every problem in a council\'s own file', () => {
    const edited = JSON.parse(readFileSync('config/need-bands.json', 'utf8')) as { bands: { ifa: Record<string, { low: string }> } };
    edited.bands.ifa['2']!.low = '9999.00';
    assert.throws(() => parseNeedBands(edited, 'config/need-bands.json'), /config\/need-bands\.json is not a valid need-band table:\n.*bands\.ifa\.2\.high: low must not be above high/);
  });
});
