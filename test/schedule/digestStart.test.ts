import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { createLogger } from '../../src/log/logger.js';
import { DigestScheduler, type DigestPanel } from '../../src/schedule/digestScheduler.js';
import type { Outbound } from '../../src/teams/outbound.js';

/** A panel that last sent a digest weeks ago, counting the claims its scheduler makes to send one. */
function panelSentLongAgo(): DigestPanel & { claims: string[] } {
  const claims: string[] = [];
  return {
    claims,
    now: () => new Date(),
    lastDigestWeek: () => '2026-W01',
    conversation: () => undefined,
    claimSend: async (key: string) => { claims.push(key); return false; },
  } as unknown as DigestPanel & { claims: string[] };
}

describe('schedule: the digest at start', () => {
  let clock: sinon.SinonFakeTimers;
  afterEach(() => clock?.restore());

  it('a weekly schedule whose run fell while the bot was down sends at start', async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z'), toFake: ['Date'] });
    const panel = panelSentLongAgo();
    const scheduler = new DigestScheduler(panel, {} as Outbound, createLogger('silent'), { cron: '0 9 * * 1', timeZone: 'Europe/London' });
    const send = sinon.stub(scheduler, 'runOnce').resolves();
    scheduler.start();
    scheduler.stop();
    assert.equal(send.callCount, 1, 'the 09:00 run was missed: caught up');
  });

  it('a schedule running every second is not walked through a week of runs at start: its next run comes instead', async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z'), toFake: ['Date'] });
    const panel = panelSentLongAgo();
    const scheduler = new DigestScheduler(panel, {} as Outbound, createLogger('silent'), { cron: '* * * * * *', timeZone: 'Europe/London' });
    const send = sinon.stub(scheduler, 'runOnce').resolves();
    const nextRun = sinon.spy(Object.getPrototypeOf(new (await import('croner')).Cron('* * * * *', { paused: true })), 'nextRun');
    try {
      scheduler.start();
      scheduler.stop();
      assert.equal(send.callCount, 0, 'nothing to catch up at start');
      assert.ok(nextRun.callCount <= 1_001, `looked at ${nextRun.callCount} runs, not the 604,800 of a week`);
    } finally {
      nextRun.restore();
    }
  });
});
