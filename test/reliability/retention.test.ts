import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { Outcome } from '../../src/domain/vocabulary.js';
import { RetentionJob, expiredRequests } from '../../src/schedule/retention.js';
import { createLogger } from '../../src/log/logger.js';
import { logLines, startHarness, type Harness } from '../support/botHarness.js';
import { sampleRequest } from '../store/helpers.js';
import { storeOnDisk } from '../store/helpers.js';

/**
 * RETENTION_DAYS: a daily job purges closed requests (declined, or approved and since ended) whose
 * last activity is older than the period — never open ones — logs only how many, and keeps the hash
 * chain verifiable. Wired into the app: started on listen, stopped on close. With a fixed clock.
 */
const NOW = new Date('2026-09-01T03:00:00Z');
const STAFF = { aadObjectId: 'staff-1', name: 'Staff' };

describe('reliability: retention (RETENTION_DAYS)', function () {
  this.timeout(20_000);
  let h: Harness;
  let ids: Record<string, string>;

  async function seed(): Promise<Record<string, string>> {
    const store = h.app.store;
    const add = async (childRef: string, receivedAt: string) =>
      (await store.addRequest(sampleRequest(childRef), { receivedVia: 'api', receivedBy: 'test', receivedAt: new Date(receivedAt) })).id;
    const decide = async (id: string, outcome: Outcome, at: string) => {
      const r = await store.appendDecision(id, () => ({
        outcome, option: 'proposed', comment: 'c', effectiveFrom: '2026-04-06', decidedBy: { aadObjectId: 'aad-m1', name: 'Member 1' }, decidedAt: at,
      }));
      assert.ok(r.ok);
    };
    const ended = (id: string, date: string, at: string) => store.appendEvent(id, { type: 'ended', date, reason: 'return_home', recordedBy: STAFF, recordedAt: at });
    const out: Record<string, string> = {};
    out.declinedOld = await add('C-50001', '2026-06-20T10:00:00Z');
    await decide(out.declinedOld, 'decline', '2026-07-01T10:00:00Z');
    out.declinedRecent = await add('C-50002', '2026-08-10T10:00:00Z');
    await decide(out.declinedRecent, 'decline', '2026-08-20T10:00:00Z');
    out.endedOld = await add('C-50003', '2026-04-01T10:00:00Z');
    await decide(out.endedOld, 'approve', '2026-05-01T10:00:00Z');
    await ended(out.endedOld, '2026-06-30', '2026-07-01T10:00:00Z');
    out.approvedRunning = await add('C-50004', '2025-01-01T10:00:00Z');
    await decide(out.approvedRunning, 'approve', '2025-01-05T10:00:00Z');
    out.pendingOld = await add('C-50005', '2025-01-01T10:00:00Z');
    out.deferredOld = await add('C-50006', '2025-01-01T10:00:00Z');
    await decide(out.deferredOld, 'defer', '2025-01-02T10:00:00Z');
    out.endingLater = await add('C-50007', '2026-04-01T10:00:00Z');
    await decide(out.endingLater, 'approve', '2026-05-01T10:00:00Z');
    await ended(out.endingLater, '2026-08-20', '2026-07-01T10:00:00Z');
    out.costChangedOnly = await add('C-50008', '2026-04-01T10:00:00Z');
    await decide(out.costChangedOnly, 'approve', '2026-05-01T10:00:00Z');
    await store.appendEvent(out.costChangedOnly, { type: 'cost_change', date: '2026-06-01', weeklyCost: '1300.00', reason: 'uplift_agreed', recordedBy: STAFF, recordedAt: '2026-06-01T10:00:00Z' });
    return out;
  }

  beforeEach(async () => {
    h = await startHarness({ now: () => NOW, env: { RETENTION_DAYS: '30' } });
    ids = await seed();
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('purges only closed requests older than the period, logs only the count, and the chain still verifies', async () => {
    assert.deepEqual(expiredRequests(h.app.panel.facts(), 30, NOW).sort(), [ids.declinedOld, ids.endedOld].sort());
    const decisionsBefore = h.app.store.allDecisions().length;
    const from = logLines.length;
    const purged = await h.app.retention!.runOnce();
    assert.equal(purged, 2);
    for (const gone of [ids.declinedOld!, ids.endedOld!]) {
      assert.equal(h.app.store.getRequest(gone), undefined, `${gone} purged`);
      assert.equal(h.app.store.decisionsFor(gone).length, 0);
      assert.equal(h.app.store.eventsFor(gone).length, 0);
    }
    for (const [what, id] of Object.entries(ids)) {
      if (id === ids.declinedOld || id === ids.endedOld) continue;
      assert.ok(h.app.store.getRequest(id), `${what} kept`);
    }
    assert.equal(h.app.store.allDecisions().length, decisionsBefore - 2);
    assert.ok(h.app.store.verify().ok, 'the chain verifies across the purge');
    const disk = await storeOnDisk(h.storePath);
    assert.ok(!disk.requests.some((r) => r.childRef === 'C-50001' || r.childRef === 'C-50003'), 'gone from the file too');

    const logged = logLines.slice(from).join('');
    assert.match(logged, /"purged":2/);
    assert.doesNotMatch(logged, /C-5000|PR-\d{4}-\d+/, 'no case references or request ids in the log');

    assert.equal(await h.app.retention!.runOnce(), 0, 'a second run finds nothing more');
  });

  it('is scheduled daily when the app listens and stopped when it closes; absent without RETENTION_DAYS', async () => {
    const next = h.app.retention!.nextRun();
    assert.ok(next, 'scheduled once listening');
    const london = next.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
    assert.equal(london, '02:30');
    assert.ok(next.getTime() - Date.now() <= 86_400_000);
    const job = h.app.retention!;
    await h.app.close();
    assert.equal(job.nextRun(), null, 'stopped on close');
    const { connector } = h;
    h = { ...h, close: () => connector.stop() };

    const without = await startHarness();
    try {
      assert.equal(without.app.retention, undefined);
    } finally {
      await without.close();
    }
  });

  it('fires at 02:30 on a fake clock and purges', async () => {
    const clock = sinon.useFakeTimers({ now: new Date('2026-09-01T00:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const job = new RetentionJob(h.app.panel, createLogger('silent'), { days: 30, timeZone: 'Europe/London' });
    job.start();
    try {
      assert.ok(h.app.store.getRequest(ids.declinedOld!));
      await clock.tickAsync(60 * 60_000); // 01:00 UTC = 02:00 BST: not yet
      assert.ok(h.app.store.getRequest(ids.declinedOld!));
      await clock.tickAsync(31 * 60_000); // past 01:30 UTC = 02:30 BST
      await job.idle();
      clock.restore();
      await job.idle();
      assert.equal(h.app.store.getRequest(ids.declinedOld!), undefined, 'purged by the scheduled run');
      assert.ok(h.app.store.getRequest(ids.pendingOld!));
    } finally {
      job.stop();
      clock.restore();
    }
  });
});
