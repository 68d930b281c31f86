import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { MEMBER, PANEL_CHANNEL, TENANT, startHarness, type Harness } from '../support/botHarness.js';
import {
  FakeChannelIdentity, closedPort, newSigningKey, signHs256WithPublicKey, signNone, signToken, type TokenClaims,
} from './fakeChannelIdentity.js';
import { journalPathFor } from '../../src/store/journal.js';

/**
 * Real Bot Framework token validation (botframework-connector's ChannelValidation path, nothing
 * mocked): the test is the channel's identity provider on loopback, with its own RSA keys.
 */

const APP_ID = '3f6a1c2e-8d4b-4f1a-9c7e-5b2d0a9e1f00';
const OTHER_APP_ID = '0d9b7a6c-1111-4222-8333-944455566677';

interface Probe {
  status: number;
  body: string;
}

/** What a tampered request may not change: the store on disk and in memory, and the connector. */
function snapshot(h: Harness): string {
  return JSON.stringify({
    file: existsSync(h.storePath) ? readFileSync(h.storePath, 'utf8') : null,
    journal: existsSync(journalPathFor(h.storePath)) ? readFileSync(journalPathFor(h.storePath), 'utf8') : null,
    panel: h.app.store.getConversation('panel') ?? null,
    leadership: h.app.store.getConversation('leadership') ?? null,
    requests: h.app.store.listRequests().length,
    decisions: h.app.store.allDecisions().length,
    connectorCalls: h.connector.calls.length,
  });
}

describe('Bot Framework authentication on /api/messages (real token validation, no network)', function () {
  this.timeout(30_000);
  const key = newSigningKey();
  const forger = newSigningKey();
  let idp: FakeChannelIdentity;
  let h: Harness;

  async function start(overrides: Record<string, string>, env: Record<string, string> = {}): Promise<Harness> {
    return startHarness({
      env: {
        MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret-value', MicrosoftAppType: 'MultiTenant', ALLOWED_TENANTS: TENANT,
        ...env,
      },
      authOverrides: overrides,
      schedule: false,
    });
  }

  /** An installation in the panel channel: processing it stores the channel, so it shows whether the turn ran. */
  function installActivity(serviceUrl: string, channelId = 'msteams'): Record<string, unknown> {
    return {
      type: 'installationUpdate', action: 'add', id: `install-${Math.random()}`, channelId, serviceUrl,
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name },
      recipient: { id: `28:${APP_ID}`, name: 'Placement Panel' },
      conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: PANEL_CHANNEL.teamId }, channel: { id: PANEL_CHANNEL.id } },
    };
  }

  function messageActivity(serviceUrl: string, text: string): Record<string, unknown> {
    return {
      type: 'message', id: `msg-${Math.random()}`, channelId: 'msteams', serviceUrl, text, deliveryMode: 'expectReplies',
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name },
      recipient: { id: `28:${APP_ID}`, name: 'Placement Panel' },
      conversation: { id: 'personal-1', conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    };
  }

  async function post(activity: Record<string, unknown>, authorization?: string): Promise<Probe> {
    const res = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text() };
  }

  function goodClaimsFor(provider: FakeChannelIdentity): TokenClaims {
    return { iss: provider.issuer, aud: APP_ID, serviceurl: h.connector.url };
  }

  function goodClaims(overrides: TokenClaims = {}): TokenClaims {
    return { iss: idp.issuer, aud: APP_ID, serviceurl: h.connector.url, ...overrides };
  }

  describe('with the channel identity provider up', () => {
    before(async () => {
      idp = new FakeChannelIdentity([key]);
      await idp.start();
    });
    after(async () => { await idp.stop(); });
    beforeEach(async () => { h = await start(idp.authOverrides()); });
    afterEach(async () => { await h.close(); });

    it('a validly signed token: 200, the turn runs and the bot answers (expectReplies, nothing posted outbound)', async () => {
      const bearer = `Bearer ${signToken(key, goodClaims())}`;
      const install = await post(installActivity(h.connector.url), bearer);
      assert.equal(install.status, 200, install.body);
      assert.equal(h.app.store.getConversation('panel')?.conversation?.id, PANEL_CHANNEL.id, 'the install was processed');

      const res = await post(messageActivity(h.connector.url, 'help'), bearer);
      assert.equal(res.status, 200, res.body);
      const replies = (JSON.parse(res.body) as { activities: { attachments?: unknown[] }[] }).activities;
      assert.equal(replies.length, 1);
      assert.ok(replies[0]!.attachments?.length, 'the help card');
      assert.equal(h.connector.calls.length, 0, 'expectReplies: nothing sent to the connector, so no AAD token needed');
      assert.ok(idp.hits.includes('/keys'), 'keys were fetched from the loopback JWKS');
      assert.ok(!idp.hits.some((p) => !p.startsWith('/.well-known') && p !== '/keys'), `no other calls: ${idp.hits.join(', ')}`);
    });

    // botframework-connector 4.23 rethrows jsonwebtoken's own errors (bad signature, disallowed
    // algorithm) unwrapped, which CloudAdapter would answer with 500; StrictBotFrameworkAuthentication
    // (src/http/strictAuthentication.ts) turns them into 401 like every other failure.
    const rejected: [string, () => string | undefined][] = [
      ['no Authorization header', () => undefined],
      ['an empty bearer token', () => 'Bearer '],
      ['a token that is not a JWT', () => 'Bearer not-a-token'],
      ['a Basic scheme', () => `Basic ${Buffer.from(`${APP_ID}:x`).toString('base64')}`],
      ['a token signed by another key under the published kid (forged)', () => `Bearer ${signToken(forger, goodClaims(), key.kid)}`],
      ['a token signed by an unpublished key', () => `Bearer ${signToken(forger, goodClaims())}`],
      ['an expired token (past the 5-minute clock tolerance)', () => `Bearer ${signToken(key, goodClaims({ expiresIn: -600 }))}`],
      ['a token for another bot (wrong audience)', () => `Bearer ${signToken(key, goodClaims({ aud: OTHER_APP_ID }))}`],
      ['a token with no audience', () => `Bearer ${signToken(key, goodClaims({ aud: undefined }))}`],
      ['a token from another issuer', () => `Bearer ${signToken(key, goodClaims({ iss: 'https://evil.example' }))}`],
      ['a token for another serviceUrl (claim mismatch)', () => `Bearer ${signToken(key, goodClaims({ serviceurl: 'https://smba.evil.example/' }))}`],
      ['a token with no serviceurl claim', () => `Bearer ${signToken(key, goodClaims({ serviceurl: undefined }))}`],
      ['an HS256 token using the public key as the secret (algorithm confusion)', () => `Bearer ${signHs256WithPublicKey(key, goodClaims())}`],
      ['an unsigned token (alg none)', () => `Bearer ${signNone(goodClaims())}`],
    ];

    for (const [name, header] of rejected) {
      it(`rejects ${name}: 401, no turn, store unchanged, no reply`, async () => {
        const expected = [401];
        const before = snapshot(h);
        const install = await post(installActivity(h.connector.url), header());
        assert.ok(expected.includes(install.status), `${install.status} ${install.body}`);
        const msg = await post(messageActivity(h.connector.url, 'set panel channel'), header());
        assert.ok(expected.includes(msg.status), `${msg.status} ${msg.body}`);
        assert.doesNotMatch(msg.body, /activities/, 'no replies in the body');
        assert.equal(snapshot(h), before);
        assert.equal(h.app.store.getConversation('panel'), undefined);
      });
    }

    it('rejects a token whose key is endorsed for msteams when the activity claims another channel', async () => {
      const before = snapshot(h);
      const res = await post(installActivity(h.connector.url, 'webchat'), `Bearer ${signToken(key, goodClaims())}`);
      assert.equal(res.status, 401, res.body);
      assert.equal(snapshot(h), before);
    });

    it('rejects a replayed valid token on an activity for another serviceUrl', async () => {
      const before = snapshot(h);
      const res = await post(installActivity('https://smba.evil.example/'), `Bearer ${signToken(key, goodClaims())}`);
      assert.equal(res.status, 401, res.body);
      assert.equal(snapshot(h), before);
    });
  });

  describe('single-tenant app registration', () => {
    before(async () => {
      idp = new FakeChannelIdentity([key]);
      await idp.start();
    });
    after(async () => { await idp.stop(); });
    afterEach(async () => { await h.close(); });

    it('validates the same way (audience = app id) and processes a valid turn', async () => {
      h = await start(idp.authOverrides(), { MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT });
      const ok = await post(installActivity(h.connector.url), `Bearer ${signToken(key, goodClaims())}`);
      assert.equal(ok.status, 200, ok.body);
      assert.ok(h.app.store.getConversation('panel'));
      const bad = await post(messageActivity(h.connector.url, 'help'), `Bearer ${signToken(key, goodClaims({ aud: OTHER_APP_ID }))}`);
      assert.equal(bad.status, 401);
    });

    it('a validly signed turn from a tenant not in ALLOWED_TENANTS is authenticated but ignored (single-tenant registration does not restrict callers)', async () => {
      h = await start(idp.authOverrides(), { MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, ALLOWED_TENANTS: TENANT });
      const before = snapshot(h);
      const foreign = installActivity(h.connector.url);
      foreign.channelData = { tenant: { id: 'tenant-evil' }, team: { id: PANEL_CHANNEL.teamId }, channel: { id: PANEL_CHANNEL.id } };
      foreign.conversation = { id: PANEL_CHANNEL.id, conversationType: 'channel', tenantId: 'tenant-evil' };
      const res = await post(foreign, `Bearer ${signToken(key, goodClaims())}`);
      assert.equal(res.status, 200, res.body);
      const msg = messageActivity(h.connector.url, 'help');
      msg.channelData = { tenant: { id: 'tenant-evil' } };
      const reply = await post(msg, `Bearer ${signToken(key, goodClaims())}`);
      assert.equal(reply.status, 200);
      assert.deepEqual((JSON.parse(reply.body) as { activities: unknown[] }).activities, [], 'no answer');
      assert.equal(snapshot(h), before);
    });
  });

  describe('keys are cached per metadata URL (botframework-connector: 24 h)', () => {
    it('after the keys were fetched, an outage of the metadata endpoint still accepts valid and refuses forged tokens', async () => {
      const cached = new FakeChannelIdentity([key]);
      await cached.start();
      h = await start(cached.authOverrides());
      try {
        const first = await post(messageActivity(h.connector.url, 'help'), `Bearer ${signToken(key, goodClaimsFor(cached))}`);
        assert.equal(first.status, 200, first.body);
        await cached.stop();
        const again = await post(messageActivity(h.connector.url, 'help'), `Bearer ${signToken(key, goodClaimsFor(cached))}`);
        assert.equal(again.status, 200, 'served from the cache');
        const before = snapshot(h);
        const forged = await post(installActivity(h.connector.url), `Bearer ${signToken(forger, goodClaimsFor(cached), key.kid)}`);
        assert.equal(forged.status, 401);
        const unknownKid = await post(installActivity(h.connector.url), `Bearer ${signToken(forger, goodClaimsFor(cached))}`);
        assert.equal(unknownKid.status, 401);
        assert.equal(snapshot(h), before);
      } finally {
        await h.close();
      }
    });
  });

  describe('fails closed when the signing keys cannot be fetched', () => {
    afterEach(async () => { await h.close(); });

    it('metadata URL on a closed port: 503 with an empty body, never processed', async () => {
      const port = await closedPort();
      const down = new FakeChannelIdentity([key]);
      down.url = `http://127.0.0.1:${port}`;
      h = await start(down.authOverrides());
      const before = snapshot(h);
      for (const text of ['help', 'set panel channel']) {
        const res = await post(messageActivity(h.connector.url, text), `Bearer ${signToken(key, { iss: down.issuer, aud: APP_ID, serviceurl: h.connector.url })}`);
        assert.equal(res.status, 503, res.body);
        assert.equal(res.body, '');
      }
      const install = await post(installActivity(h.connector.url), `Bearer ${signToken(key, { iss: down.issuer, aud: APP_ID, serviceurl: h.connector.url })}`);
      assert.equal(install.status, 503, install.body);
      assert.equal(snapshot(h), before);
    });

    it('metadata endpoint answering 500: 503 with an empty body, never processed', async () => {
      const outage = new FakeChannelIdentity([key]);
      outage.failWith = 500;
      await outage.start();
      try {
        h = await start(outage.authOverrides());
        const before = snapshot(h);
        const res = await post(installActivity(h.connector.url), `Bearer ${signToken(key, { iss: outage.issuer, aud: APP_ID, serviceurl: h.connector.url })}`);
        assert.equal(res.status, 503, res.body);
        assert.equal(res.body, '');
        assert.equal(snapshot(h), before);
        assert.ok(outage.hits.length > 0, 'the bot did try to fetch the metadata');
      } finally {
        await outage.stop();
      }
    });

    it('JWKS that does not hold the token\'s key (rotated away): 401', async () => {
      const rotated = new FakeChannelIdentity([newSigningKey()]);
      await rotated.start();
      try {
        h = await start(rotated.authOverrides());
        const before = snapshot(h);
        const res = await post(installActivity(h.connector.url), `Bearer ${signToken(key, { iss: rotated.issuer, aud: APP_ID, serviceurl: h.connector.url })}`);
        assert.equal(res.status, 401, res.body);
        assert.equal(snapshot(h), before);
      } finally {
        await rotated.stop();
      }
    });
  });
});
