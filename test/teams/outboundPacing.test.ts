import { strict as assert } from 'node:assert';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { Outbound, TEAMS_CONVERSATION_LIMITS } from '../../src/teams/outbound.js';
import { createLogger } from '../../src/log/logger.js';

/**
 * Pacing against Teams' per-conversation limits, on a virtual clock: the adapter stands in for the
 * Bot Connector (the boundary), and records the virtual time of each send.
 */
function harness() {
  let clock = 0;
  const sent: { conversation: string; at: number }[] = [];
  const adapter = {
    continueConversationAsync: async (_appId: string, reference: { conversation: { id: string } }, logic: (context: TurnContext) => Promise<void>) => {
      await logic({ sendActivity: async () => { sent.push({ conversation: reference.conversation.id, at: clock }); return { id: `m-${sent.length}` }; } } as unknown as TurnContext);
    },
  } as unknown as CloudAdapter;
  const outbound = new Outbound(adapter, 'app-id', createLogger('silent'), {
    now: () => clock,
    sleep: async (ms) => { clock += ms; },
  });
  const post = (conversation: string) => outbound.post({ conversation: { id: conversation } as never }, { type: 'message', text: 'x' }, 'test post');
  return { sent, post, elapsed: () => clock };
}

/** The most sends to one conversation in any window of `ms`. */
function busiest(times: readonly number[], ms: number): number {
  let most = 0;
  for (const [i, t] of times.entries()) most = Math.max(most, times.slice(i).filter((u) => u < t + ms).length);
  return most;
}

describe('outbound pacing (Teams: 7 a second, 8 in 2 s, 60 in 30 s, 1,800 an hour, per conversation)', () => {
  it('130 posts to one conversation stay under every window, and go as fast as the windows allow', async () => {
    const h = harness();
    for (let i = 0; i < 130; i++) await h.post('panel');
    const times = h.sent.map((s) => s.at);
    assert.equal(times.length, 130);
    for (const { count, ms } of TEAMS_CONVERSATION_LIMITS) {
      assert.ok(busiest(times, ms) <= count, `at most ${count} in any ${ms} ms (saw ${busiest(times, ms)})`);
    }
    // 60 in 30 s binds: post 121 waits for post 61 + 30 s; the last nine then go 8 per 2 s. Each
    // window is kept with a quarter-second margin for arrival jitter: about 63 s, not much more.
    assert.ok(h.elapsed() >= 60_000, `took ${h.elapsed()} ms`);
    assert.ok(h.elapsed() <= 64_000, `took ${h.elapsed()} ms`);
  });

  it('keeps conversations apart: posts to another conversation do not wait', async () => {
    const h = harness();
    for (let i = 0; i < 10; i++) await h.post('panel');
    const before = h.elapsed();
    await h.post('leadership');
    assert.equal(h.sent.at(-1)!.conversation, 'leadership');
    assert.equal(h.sent.at(-1)!.at, before, 'the leadership post went at once');
  });
});
