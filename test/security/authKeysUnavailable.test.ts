import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { MEMBER, TENANT, logLines, startHarness, type Harness } from '../support/botHarness.js';
import {
  FakeChannelIdentity, closedPort, newSigningKey, signHs256WithPublicKey, signNone, signToken, type TokenClaims,
} from './fakeChannelIdentity.js';
import { journalPathFor } from '../../src/store/journal.js';

/**
 * With an app id set and the Bot Framework's OpenID metadata out of reach: a token that is bad on its
 * face is refused (401) without the keys, one that only its signature could decide gets 503 with an
 * empty body, and nothing about the upstream (its URL, the network error) reaches the caller.
 */

const APP_ID = '3f6a1c2e-8d4b-4f1a-9c7e-5b2d0a9e1f00';
const OTHER_APP_ID = '0d9b7a6c-1111-4222-8333-944455566677';
// What the library's errors name: the metadata URL, its host and port, the network error.
const INTERNALS = /127\.0\.0\.1|localhost|ECONNREFUSED|ENOTFOUND|openid|well-known|fetch|request to|reason|Failed to load|stack|\bat /i;

describe('Bot Framework authentication while the signing keys cannot be fetched', function () {
  this.timeout(30_000);
  const key = newSigningKey();
  const forger = newSigningKey();
  let idp: FakeChannelIdentity;
  let h: Harness;

  async function start(): Promise<Harness> {
    return startHarness({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret-value', MicrosoftAppType: 'MultiTenant', ALLOWED_TENANTS: TENANT },
      authOverrides: idp.authOverrides(),
      schedule: false,
    });
  }

  function message(text: string, serviceUrl = h.connector.url): Record<string, unknown> {
    return {
      type: 'message', id: `msg-${Math.random()}`, channelId: 'msteams', serviceUrl, text, deliveryMode: 'expectReplies',
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name },
      recipient: { id: `28:${APP_ID}`, name: 'Placement Panel' },
      conversation: { id: 'personal-1', conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    };
  }

  async function post(authorization: string | undefined, text = 'set panel channel'): Promise<{ status: number; body: string }> {
    const res = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) },
      body: JSON.stringify(message(text)),
    });
    return { status: res.status, body: await res.text() };
  }

  function claims(overrides: TokenClaims = {}): TokenClaims {
    return { iss: idp.issuer, aud: APP_ID, serviceurl: h.connector.url, ...overrides };
  }

  function stored(): string {
    return JSON.stringify({
      file: existsSync(h.storePath) ? readFileSync(h.storePath, 'utf8') : null,
      journal: existsSync(journalPathFor(h.storePath)) ? readFileSync(journalPathFor(h.storePath), 'utf8') : null,
      panel: h.app.store.getConversation('panel') ?? null,
      connectorCalls: h.connector.calls.length,
    });
  }

  const badOnItsFace: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a Basic scheme', () => `Basic ${Buffer.from(`${APP_ID}:x`).toString('base64')}`],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['a token whose parts are not JSON', () => 'Bearer aaaa.bbbb.cccc'],
    ['an unsigned token (alg none)', () => `Bearer ${signNone(claims())}`],
    ['an HS256 token using the public key as the secret', () => `Bearer ${signHs256WithPublicKey(key, claims())}`],
    ['a token with no kid', () => {
      const [, payload, signature] = signToken(key, claims()).split('.');
      return `Bearer ${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${payload}.${signature}`;
    }],
    ['an expired token (past the 5-minute tolerance)', () => `Bearer ${signToken(key, claims({ expiresIn: -600 }))}`],
    ['a token not valid for another hour', () => `Bearer ${signToken(key, claims({ nbf: Math.floor(Date.now() / 1000) + 3600 }))}`],
    ['a token for another bot (wrong audience)', () => `Bearer ${signToken(key, claims({ aud: OTHER_APP_ID }))}`],
    ['a token with no audience', () => `Bearer ${signToken(key, claims({ aud: undefined }))}`],
    ['a token from another issuer', () => `Bearer ${signToken(key, claims({ iss: 'https://evil.example' }))}`],
    ['a token for another serviceUrl', () => `Bearer ${signToken(key, claims({ serviceurl: 'https://smba.evil.example/' }))}`],
    ['a skill token (another bot calling)', () => `Bearer ${signToken(key, claims({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: OTHER_APP_ID }))}`],
  ];

  describe('metadata URL on a closed port (no route to the identity provider)', () => {
    beforeEach(async () => {
      idp = new FakeChannelIdentity([key]);
      idp.url = `http://127.0.0.1:${await closedPort()}`;
      h = await start();
    });
    afterEach(async () => { await h.close(); });

    for (const [name, header] of badOnItsFace) {
      it(`401 for ${name}, with nothing about the upstream in the body; no turn`, async () => {
        const before = stored();
        const linesBefore = logLines.length;
        const res = await post(header());
        assert.equal(res.status, 401, res.body);
        assert.doesNotMatch(res.body, INTERNALS);
        assert.doesNotMatch(res.body, /activities/);
        assert.equal(stored(), before);
        const logged = logLines.slice(linesBefore).filter((l) => /activity refused: not authenticated/.test(l));
        assert.equal(logged.length, 1, 'one log line');
        assert.match(logged[0]!, /Unauthorized/, 'with the reason, for whoever has to find out why');
      });
    }

    const checkedOnlyBySignature: [string, () => string][] = [
      ['a well-formed token signed with the published key', () => `Bearer ${signToken(key, claims())}`],
      ['a forged token (another key under the published kid)', () => `Bearer ${signToken(forger, claims(), key.kid)}`],
      ['a token signed by an unpublished key', () => `Bearer ${signToken(forger, claims())}`],
    ];
    for (const [name, header] of checkedOnlyBySignature) {
      it(`503 with an empty body for ${name}; the cause is logged; no turn`, async () => {
        const before = stored();
        const linesBefore = logLines.length;
        const res = await post(header(), 'help');
        assert.equal(res.status, 503);
        assert.equal(res.body, '', 'no details for the caller');
        assert.equal(stored(), before);
        const logged = logLines.slice(linesBefore).filter((l) => /signing keys could not be fetched/.test(l));
        assert.equal(logged.length, 1, 'one log line');
        assert.match(logged[0]!, /ECONNREFUSED/, 'the cause is in the log');
        assert.doesNotMatch(logged[0]!, /Bearer|eyJ/, 'not the token');
      });
    }
  });

  describe('metadata endpoint answering 500', () => {
    beforeEach(async () => {
      idp = new FakeChannelIdentity([key]);
      idp.failWith = 500;
      await idp.start();
      h = await start();
    });
    afterEach(async () => {
      await h.close();
      await idp.stop();
    });

    it('503 with an empty body for a well-formed token, 401 for an expired one without asking the endpoint', async () => {
      const res = await post(`Bearer ${signToken(key, claims())}`, 'help');
      assert.equal(res.status, 503);
      assert.equal(res.body, '');
      const hits = idp.hits.length;
      assert.ok(hits > 0, 'the metadata was asked for');
      const expired = await post(`Bearer ${signToken(key, claims({ expiresIn: -600 }))}`);
      assert.equal(expired.status, 401);
      assert.equal(idp.hits.length, hits, 'a token bad on its face does not reach the identity provider');
    });
  });

  describe('identity provider up', () => {
    beforeEach(async () => {
      idp = new FakeChannelIdentity([key]);
      await idp.start();
      h = await start();
    });
    afterEach(async () => {
      await h.close();
      await idp.stop();
    });

    it('tokens bad on their face are refused without fetching the keys; a good one still runs its turn', async () => {
      for (const [name, header] of badOnItsFace) assert.equal((await post(header())).status, 401, name);
      assert.deepEqual(idp.hits, [], 'no metadata or keys fetched for them');
      const ok = await post(`Bearer ${signToken(key, claims())}`, 'help');
      assert.equal(ok.status, 200, ok.body);
      assert.equal((JSON.parse(ok.body) as { activities: unknown[] }).activities.length, 1);
    });
  });
});
