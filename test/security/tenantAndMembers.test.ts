import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import {
  MEMBER, OUTSIDER, PANEL_CHANNEL, TENANT, logLines, sampleRequest, startHarness, type Harness,
} from '../support/botHarness.js';
import { journalPathFor } from '../../src/store/journal.js';

const OTHER_TENANT = 'tenant-evil';

function snapshot(h: Harness): string {
  return JSON.stringify({
    file: existsSync(h.storePath) ? readFileSync(h.storePath, 'utf8') : null,
    journal: existsSync(journalPathFor(h.storePath)) ? readFileSync(journalPathFor(h.storePath), 'utf8') : null,
    panel: h.app.store.getConversation('panel') ?? null,
    requests: h.app.store.listRequests().length,
    decisions: h.app.store.allDecisions().length,
    connectorCalls: h.connector.calls.length,
  });
}

function activityFrom(h: Harness, tenant: { channelData?: string; conversation?: string }, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `act-${Math.random()}`, channelId: 'msteams', serviceUrl: h.connector.url,
    from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name },
    recipient: { id: '28:bot', name: 'Placement Panel' },
    conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel', ...(tenant.conversation && { tenantId: tenant.conversation }) },
    channelData: { ...(tenant.channelData && { tenant: { id: tenant.channelData } }), team: { id: PANEL_CHANNEL.teamId }, channel: { id: PANEL_CHANNEL.id } },
    ...extra,
  };
}

describe('tenant allow-list (ALLOWED_TENANTS)', () => {
  let h: Harness;
  let requestId: string;

  beforeEach(async () => {
    h = await startHarness({ env: { ALLOWED_TENANTS: `${TENANT}, tenant-2` }, schedule: false });
    const res = await h.api('POST', '/api/requests', sampleRequest());
    requestId = res.body.id as string;
    await h.app.announcer.idle();
  });
  afterEach(async () => { await h.close(); });

  it('answers an allowed tenant', async () => {
    const replies = await h.say('help');
    assert.equal(replies.length, 1);
  });

  const blocked: [string, { channelData?: string; conversation?: string }][] = [
    ['another tenant', { channelData: OTHER_TENANT, conversation: OTHER_TENANT }],
    ['another tenant in channelData even when conversation.tenantId names an allowed one', { channelData: OTHER_TENANT, conversation: TENANT }],
    ['no tenant at all', {}],
  ];

  for (const [name, tenant] of blocked) {
    it(`ignores ${name}: no reply, no state change, a log line`, async () => {
      const before = snapshot(h);
      const linesBefore = logLines.length;

      const msg = await h.activity(activityFrom(h, tenant, { type: 'message', text: 'set panel channel', deliveryMode: 'expectReplies' }));
      assert.ok(msg.status < 500, `message answered ${msg.status}`);
      const body = await msg.text();
      const replies = body ? (JSON.parse(body) as { activities?: unknown[] }).activities ?? [] : [];
      assert.equal(replies.length, 0, 'no replies');

      const install = await h.activity(activityFrom(h, tenant, { type: 'installationUpdate', action: 'add' }));
      assert.ok(install.status < 500, `install answered ${install.status}`);

      const decide = await h.activity(activityFrom(h, tenant, {
        type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-msg-1',
        value: { action: { type: 'Action.Execute', verb: 'decide', data: { requestId, outcome: 'approve', option: 'proposed' } }, trigger: 'manual' },
      }));
      const decideBody = await decide.text();
      assert.doesNotMatch(decideBody, /adaptive/, 'no card returned');

      await h.app.announcer.idle();
      assert.equal(snapshot(h), before, 'nothing stored, nothing posted');
      assert.equal(h.app.store.decisionsFor(requestId).length, 0);
      const logged = logLines.slice(linesBefore).filter((l) => /tenant that is not allowed/.test(l));
      assert.equal(logged.length, 3, 'one log line per ignored activity');
      if (tenant.channelData) assert.match(logged[0]!, new RegExp(tenant.channelData));
    });
  }

  it('lets a second allowed tenant through (the list is comma-separated, spaces trimmed)', async () => {
    const res = await h.activity(activityFrom(h, { channelData: 'tenant-2' }, { type: 'message', text: 'help', deliveryMode: 'expectReplies' }));
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { activities: unknown[] }).activities.length, 1);
  });
});

describe('only PANEL_MEMBERS decide, by Entra object id', () => {
  let h: Harness;
  let requestId: string;

  beforeEach(async () => {
    h = await startHarness({ schedule: false });
    const res = await h.api('POST', '/api/requests', sampleRequest());
    requestId = res.body.id as string;
  });
  afterEach(async () => { await h.close(); });

  it('refuses someone who puts a member\'s object id in from.id but has no aadObjectId', async () => {
    const spoof = { id: MEMBER.aadObjectId, name: 'Mallory', aadObjectId: undefined as unknown as string };
    const res = await h.invoke('decide', { requestId, outcome: 'approve', option: 'proposed' }, spoof);
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(res.body), /Only panel members can decide/);
    assert.equal(h.app.store.decisionsFor(requestId).length, 0);
  });

  it('refuses someone whose from.id is a member\'s but whose aadObjectId is their own', async () => {
    const spoof = { ...OUTSIDER, id: MEMBER.aadObjectId };
    const res = await h.invoke('decide', { requestId, outcome: 'approve', option: 'proposed' }, spoof);
    assert.match(JSON.stringify(res.body), /Only panel members can decide/);
    assert.equal(h.app.store.decisionsFor(requestId).length, 0);
  });

  it('refuses a member\'s object id in a different case or with spaces', async () => {
    for (const aad of [MEMBER.aadObjectId.toUpperCase(), ` ${MEMBER.aadObjectId} `]) {
      const res = await h.invoke('decide', { requestId, outcome: 'approve', option: 'proposed' }, { ...OUTSIDER, aadObjectId: aad });
      assert.match(JSON.stringify(res.body), /Only panel members can decide/, aad);
    }
    assert.equal(h.app.store.decisionsFor(requestId).length, 0);
  });

  it('the Action.Submit fallback (a message carrying the data) is checked the same way', async () => {
    const res = await h.activity({
      id: 'fallback-1', channelId: 'msteams', serviceUrl: h.connector.url, type: 'message', deliveryMode: 'expectReplies',
      from: { id: MEMBER.aadObjectId, name: 'Mallory' }, recipient: { id: '28:bot', name: 'Placement Panel' },
      conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      value: { verb: 'decide', requestId, outcome: 'approve', option: 'proposed' },
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Only panel members can decide/);
    assert.equal(h.app.store.decisionsFor(requestId).length, 0);
  });

  it('a real member still decides', async () => {
    const res = await h.invoke('decide', { requestId, outcome: 'approve', option: 'proposed' }, MEMBER);
    assert.equal(res.status, 200);
    assert.equal(h.app.store.decisionsFor(requestId).length, 1);
  });
});
