import assert from 'node:assert/strict';
import { createLogger } from '../../src/log/logger.js';
import { NOTHING_POSTED, sendOnce, type ClaimingPanel, type SendOnceLog, type SendOnceSteps } from '../../src/schedule/sendOnce.js';

/** Claims as a store keeps them, for one holder: another instance's claim is a key held already. */
function claims(heldElsewhere: string[] = []) {
  const held = new Set(heldElsewhere);
  const released: string[] = [];
  const panel: ClaimingPanel = {
    claimSend: async (key) => {
      if (held.has(key)) return false;
      held.add(key);
      return true;
    },
    releaseSend: async (key) => {
      held.delete(key);
      released.push(key);
    },
  };
  return { panel, released };
}

/** Steps over a marker and a list of what went out, each overridable. */
function steps(overrides: Partial<SendOnceSteps<string>> = {}) {
  const state = { marked: false, posts: [] as string[] };
  const s: SendOnceSteps<string> = {
    claim: 'digest:2026-W48',
    leaseMs: 60_000,
    alreadySent: () => state.marked,
    post: async () => {
      state.posts.push('digest');
      return 'activity-1';
    },
    markSent: async () => { state.marked = true; },
    ...overrides,
  };
  return { s, state };
}

function log(): SendOnceLog & { lines: { level: string; msg: string; fields: unknown }[] } {
  const lines: { level: string; msg: string; fields: unknown }[] = [];
  const logger = createLogger('silent');
  logger.info = ((fields: unknown, msg: string) => { lines.push({ level: 'info', msg, fields }); }) as typeof logger.info;
  logger.error = ((fields: unknown, msg: string) => { lines.push({ level: 'error', msg, fields }); }) as typeof logger.error;
  return { logger, fields: { week: '2026-W48' }, claimedElsewhere: 'elsewhere', notClaimed: 'not claimed', notSent: 'not sent', lines };
}

describe('schedule: sendOnce', () => {
  it('posts, marks it sent, and keeps the claim; a second try posts nothing', async () => {
    const { panel, released } = claims();
    const { s, state } = steps();
    assert.equal(await sendOnce(panel, s, log()), 'sent');
    assert.equal(await sendOnce(panel, s, log()), 'sent already');
    assert.deepEqual(state.posts, ['digest']);
    assert.equal(state.marked, true);
    assert.deepEqual(released, []);
  });

  it('claimed by another instance: nothing posted, nothing marked, the claim left to its holder', async () => {
    const { panel, released } = claims(['digest:2026-W48']);
    const { s, state } = steps();
    const l = log();
    assert.equal(await sendOnce(panel, s, l), 'claimed elsewhere');
    assert.deepEqual(state.posts, []);
    assert.equal(state.marked, false);
    assert.deepEqual(released, []);
    assert.deepEqual(l.lines, [{ level: 'info', msg: 'elsewhere', fields: { week: '2026-W48' } }]);
  });

  it('the marker set between the first look and the claim (another instance sent it): not posted', async () => {
    const { panel } = claims();
    const { s, state } = steps();
    // The claim brings this copy news of the other instance's marker, as a store catching up does.
    const claimSend = panel.claimSend;
    panel.claimSend = async (key, lease) => {
      state.marked = true;
      return claimSend(key, lease);
    };
    assert.equal(await sendOnce(panel, s, log()), 'sent already');
    assert.deepEqual(state.posts, []);
  });

  it('the post fails: released so another instance may try, logged with the fields given', async () => {
    const { panel, released } = claims();
    const { s, state } = steps({ post: async () => { throw new Error('connector said 502'); } });
    const l = log();
    assert.equal(await sendOnce(panel, s, l), 'failed');
    assert.equal(state.marked, false);
    assert.deepEqual(released, ['digest:2026-W48']);
    assert.deepEqual(l.lines, [{ level: 'error', msg: 'not sent', fields: { week: '2026-W48', err: { message: 'connector said 502' } } }]);
    // Released: this or another instance may send it now.
    const again = steps();
    assert.equal(await sendOnce(panel, again.s, log()), 'sent');
  });

  it('posted but the marker not stored: the claim is kept, so nothing goes twice within the lease', async () => {
    const { panel, released } = claims();
    const { s, state } = steps({ markSent: async () => { throw new Error('store down'); } });
    assert.equal(await sendOnce(panel, s, log()), 'failed');
    assert.deepEqual(state.posts, ['digest']);
    assert.deepEqual(released, []);
    assert.equal(await sendOnce(panel, steps().s, log()), 'claimed elsewhere');
  });

  it('nothing to post: marked sent all the same, and released if that marker fails', async () => {
    const quiet = claims();
    const marked: unknown[] = [];
    const nothing = steps({ post: async () => NOTHING_POSTED, markSent: async (sent) => { marked.push(sent); } });
    assert.equal(await sendOnce(quiet.panel, nothing.s, log()), 'sent');
    assert.deepEqual(marked, [NOTHING_POSTED]);

    const failing = claims();
    const unmarked = steps({ post: async () => NOTHING_POSTED, markSent: async () => { throw new Error('store down'); } });
    assert.equal(await sendOnce(failing.panel, unmarked.s, log()), 'failed');
    assert.deepEqual(failing.released, ['digest:2026-W48']);
  });

  it('the claim cannot be asked for: nothing posted, logged, not thrown', async () => {
    const { panel } = claims();
    panel.claimSend = async () => { throw new Error('database gone'); };
    const { s, state } = steps();
    const l = log();
    assert.equal(await sendOnce(panel, s, l), 'failed');
    assert.deepEqual(state.posts, []);
    assert.deepEqual(l.lines.map((x) => x.msg), ['not claimed']);
  });

  it('passes what was posted to the marker', async () => {
    const { panel } = claims();
    const marked: unknown[] = [];
    const { s } = steps({ markSent: async (sent) => { marked.push(sent); } });
    await sendOnce(panel, s, log());
    assert.deepEqual(marked, ['activity-1']);
  });
});
