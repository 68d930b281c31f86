import { strict as assert } from 'node:assert';
import { assertValidCard, cardText, findActions } from '../cards/cardQuality.js';
import { MEMBER, PANEL_CHANNEL, TENANT, cardOf, installInPanelChannel, startHarness, type Activity, type Harness } from '../support/botHarness.js';
import { COMMANDS, listingsOf } from '../../src/bot/commandTable.js';

type Posted = { attachments?: { content: object }[]; text?: string };

describe('the welcome card in a personal chat, through the real server', () => {
  let h: Harness;
  let seq = 0;

  beforeEach(async () => {
    h = await startHarness({ schedule: false });
  });
  afterEach(async () => {
    await h.close();
  });

  /** An activity Teams sends when the app is added to (or changed in) a conversation; returns the bot's replies. */
  async function event(type: 'installationUpdate' | 'conversationUpdate', conversation: { id: string; conversationType: string; teamId?: string }, extra: Record<string, unknown> = {}): Promise<Activity[]> {
    seq += 1;
    const res = await h.activity({
      type, id: `event-${seq}`, channelId: 'msteams', serviceUrl: h.connector.url, deliveryMode: 'expectReplies',
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name }, recipient: { id: '28:bot', name: 'Placement Panel' },
      conversation: { id: conversation.id, conversationType: conversation.conversationType, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, ...(conversation.teamId && { team: { id: conversation.teamId }, channel: { id: conversation.id } }) },
      ...extra,
    });
    assert.ok(res.status < 300, `${type} answered ${res.status}`);
    const text = await res.text();
    return text ? (JSON.parse(text) as { activities?: Activity[] }).activities ?? [] : [];
  }
  const install = (chat: string) => event('installationUpdate', { id: chat, conversationType: 'personal' }, { action: 'add' });
  const botAdded = (chat: string) => event('conversationUpdate', { id: chat, conversationType: 'personal' }, { membersAdded: [{ id: '28:bot' }] });
  const welcomes = (replies: Activity[]) => replies.filter((r) => /Welcome to the placement panel bot/.test(cardText(cardOf(r) ?? {})));

  it('sends the welcome once for the two events of one install, in either order: what the bot does and question buttons', async () => {
    const first = await install('a:personal-1');
    assert.equal(welcomes(first).length, 1);
    assert.equal(welcomes(await botAdded('a:personal-1')).length, 0, 'the install\'s conversationUpdate');
    assert.equal(welcomes(await botAdded('a:personal-2')).length, 1, 'another chat, conversationUpdate first');
    assert.equal(welcomes(await install('a:personal-2')).length, 0, 'then its installationUpdate');

    const card = cardOf(first[0])!;
    assertValidCard(card);
    const buttons = findActions(card).filter((a) => a.type === 'Action.Execute');
    // The same buttons as the help card: every command listed with one.
    assert.deepEqual(buttons.map((b) => (b.data as { ask: string }).ask), listingsOf(COMMANDS).filter((l) => l.button).map((l) => l.title));
    assert.ok(buttons.every((b) => b.verb === 'ask'));
    assert.ok(buttons.some((b) => b.title === 'Pending') && buttons.some((b) => b.title === 'Savings this year'));
  });

  it('does not welcome on other conversation updates, on an upgrade, or in a channel', async () => {
    await install('a:personal-3');
    assert.equal(welcomes(await event('conversationUpdate', { id: 'a:personal-3', conversationType: 'personal' }, { membersAdded: [{ id: MEMBER.id }] })).length, 0);
    assert.equal(welcomes(await event('installationUpdate', { id: 'a:personal-4', conversationType: 'personal' }, { action: 'add-upgrade' })).length, 0);
    const before = h.connector.posts().length;
    await installInPanelChannel(h);
    const channel = await event('conversationUpdate', { id: PANEL_CHANNEL.id, conversationType: 'channel', teamId: PANEL_CHANNEL.teamId }, { membersAdded: [{ id: '28:bot' }] });
    assert.equal(welcomes(channel).length, 0);
    assert.equal(h.connector.posts().slice(before).filter((p) => /Welcome/.test(JSON.stringify(p.body))).length, 0);
  });

  it('welcomes again after the app was removed and added back', async () => {
    assert.equal(welcomes(await install('a:personal-5')).length, 1);
    await event('installationUpdate', { id: 'a:personal-5', conversationType: 'personal' }, { action: 'remove' });
    assert.equal(welcomes(await install('a:personal-5')).length, 1);
  });

  it('its buttons answer: "Pending" answers with the pending card in a message of its own', async () => {
    const card = cardOf((await install('a:personal-6'))[0])!;
    const pending = findActions(card).find((a) => a.title === 'Pending')!;
    const before = h.connector.posts().length;
    const res = await h.invoke(String(pending.verb), pending.data as Record<string, unknown>);
    assert.equal(res.status, 200);
    const posted = h.connector.posts().slice(before).map((p) => p.body as Posted);
    assert.equal(posted.length, 1);
    assert.match(cardText(posted[0]!.attachments![0]!.content), /waiting for the panel|Nothing waiting/i);
  });
});

describe('the help card', () => {
  it('lists every command the table lists, update and set panel channel among them', async () => {
    const h = await startHarness({ schedule: false });
    try {
      const text = cardText(cardOf((await h.say('help'))[0])!);
      for (const listing of listingsOf(COMMANDS)) assert.ok(text.includes(`${listing.title}: `), listing.title);
      for (const title of ['update', 'set panel channel', 'set digest channel', 'show', 'digest']) assert.match(text, new RegExp(`^${title}: `, 'm'), title);
    } finally {
      await h.close();
    }
  });
});
