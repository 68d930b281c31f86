import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEED_LEVEL_RULE, valueCheck } from '../../src/calculators/need.js';
import { defaultNeedBandsPath, loadDefaultNeedBands, loadNeedBands } from '../../src/calculators/needBandsConfig.js';

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
    const dir = mkdtempSync(join(tmpdir(), 'bands-'));
    const path = join(dir, 'bad.json');
    const good = JSON.parse(readFileSync(defaultNeedBandsPath(), 'utf8')) as { bands: { ifa: Record<string, { low: string }> } };
    good.bands.ifa['2']!.low = '9999.00';
    writeFileSync(path, JSON.stringify(good));
    assert.throws(() => loadNeedBands(path), /bands\.ifa\.2\.high: low must not be above high/);
  });
});
