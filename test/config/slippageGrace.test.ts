import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config/env.js';

describe('SLIPPAGE_GRACE_DAYS (issue #15)', () => {
  it('is 7 days when unset or empty, and takes a whole number of days from 0 to 365', () => {
    assert.equal(loadConfig({}).SLIPPAGE_GRACE_DAYS, 7);
    assert.equal(loadConfig({ SLIPPAGE_GRACE_DAYS: ' ' }).SLIPPAGE_GRACE_DAYS, 7);
    assert.equal(loadConfig({ SLIPPAGE_GRACE_DAYS: '0' }).SLIPPAGE_GRACE_DAYS, 0);
    assert.equal(loadConfig({ SLIPPAGE_GRACE_DAYS: '365' }).SLIPPAGE_GRACE_DAYS, 365);
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['a week', '7.5', '-1', '366', '1e9']) {
      assert.throws(() => loadConfig({ SLIPPAGE_GRACE_DAYS: value }), (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /SLIPPAGE_GRACE_DAYS: must be a whole number of days \(0 to 365\)/, value);
        return true;
      });
    }
  });
});
