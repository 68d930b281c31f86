import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { CardSweep } from '../../src/schedule/cardSweep.js';

describe('schedule: the card sweep', () => {
  it('the card sweep looks for missing and stale cards every five minutes', async () => {
    const clock = sinon.useFakeTimers({ now: new Date('2026-11-26T10:00:30Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const announcer = { catchUp: sinon.spy() };
      const sweep = new CardSweep(announcer);
      sweep.start();
      await clock.tickAsync(4 * 60_000);
      assert.equal(announcer.catchUp.callCount, 0, 'not before 10:05');
      await clock.tickAsync(60_000);
      assert.equal(announcer.catchUp.callCount, 1);
      await clock.tickAsync(10 * 60_000);
      assert.equal(announcer.catchUp.callCount, 3);
      sweep.stop();
      await clock.tickAsync(10 * 60_000);
      assert.equal(announcer.catchUp.callCount, 3, 'stopped');
    } finally {
      clock.restore();
    }
  });

});
