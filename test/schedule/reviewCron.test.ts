import { strict as assert } from 'node:assert';
import { envSchema } from '../../src/config/env.js';

describe('config: REVIEW_CRON', () => {
  it('is daily at 09:00 unless set, and a bad expression is refused naming the variable', () => {
    assert.equal(envSchema.parse({}).REVIEW_CRON, '0 9 * * *');
    assert.equal(envSchema.parse({ REVIEW_CRON: '30 8 * * 1-5' }).REVIEW_CRON, '30 8 * * 1-5');
    for (const bad of ['every day', '61 9 * * *', '0 9 * *']) {
      const parsed = envSchema.safeParse({ REVIEW_CRON: bad });
      assert.equal(parsed.success, false, bad);
      assert.deepEqual(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]), [['REVIEW_CRON', 'must be a valid cron expression, e.g. "0 9 * * *"']]);
    }
  });
});
