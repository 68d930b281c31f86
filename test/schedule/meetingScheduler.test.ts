import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { installInPanelChannel, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

/** MEETING_CRON (issue #16): the day's meeting opened once, across runs and restarts, never over one under way. */
describe('the meeting schedule', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness({ env: { MEETING_CRON: '0 10 * * 3' }, schedule: false });
    await installInPanelChannel(h);
    assert.equal((await h.api('POST', '/api/requests', sampleRequest())).status, 201);
  });

  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('opens the day\'s meeting with the agenda, once however often it runs that day', async () => {
    await h.app.meetings!.runOnce();
    await h.app.meetings!.runOnce();
    const meetings = h.app.panel.meetings();
    assert.equal(meetings.length, 1);
    assert.equal(meetings[0]!.started.agenda.length, 1);
    assert.equal(meetings[0]!.started.recordedBy.name, 'Placement Panel');
    // Ended, the same day: not opened again. The next week: opened.
    await h.app.panel.endMeeting(meetings[0]!.id, { aadObjectId: 'aad-member-a', name: 'Jane Chair' });
    await h.app.meetings!.runOnce();
    assert.equal(h.app.panel.meetings().length, 1);
    clock.setSystemTime(new Date('2026-12-09T10:00:00Z'));
    await h.app.meetings!.runOnce();
    assert.equal(h.app.panel.meetings().length, 2);
  });

  it('leaves a meeting a member opened to run', async () => {
    const opened = await h.app.panel.startMeeting({ aadObjectId: 'aad-member-a', name: 'Jane Chair' });
    assert.ok(opened.ok);
    clock.setSystemTime(new Date('2026-12-03T10:00:00Z'));
    await h.app.meetings!.runOnce();
    assert.equal(h.app.panel.meetings().length, 1, 'the meeting under way is not doubled');
  });
});
