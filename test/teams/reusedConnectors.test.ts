import { strict as assert } from 'node:assert';
import type { ConnectorClient } from 'botframework-connector';
import type { Activity, ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { StrictBotFrameworkAuthentication } from '../../src/http/strictAuthentication.js';
import { ClientCache } from '../../src/teams/reusedConnectors.js';

/**
 * Connector and user-token clients are made once per bot, service URL and audience and reused by
 * later turns, instead of rebuilt for every activity; in-turn replies keep the client's own retries,
 * proactive sends (Outbound) do not. Through the bot's real authentication, in local mode.
 */

const TEAMS = 'https://smba.trafficmanager.net/uk/';
const OTHER = 'https://smba.trafficmanager.net/emea/';

function activity(serviceUrl: string): Activity {
  return { type: 'message', channelId: 'msteams', serviceUrl, conversation: { id: '19:c' }, from: { id: '29:u' }, recipient: { id: '28:b' } } as Activity;
}

/** The names of the HTTP pipeline policies of a connector client. */
function policies(client: ConnectorClient): string[] {
  const inner = (client as unknown as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }).client;
  return inner.pipeline.getOrderedPolicies().map((p) => p.name);
}

describe('teams/reusedConnectors: clients kept from turn to turn', () => {
  const auth = () => new StrictBotFrameworkAuthentication({} as ConfigurationBotFrameworkAuthenticationOptions);

  async function turnClient(a: StrictBotFrameworkAuthentication, serviceUrl: string): Promise<ConnectorClient> {
    const result = await a.authenticateRequest(activity(serviceUrl), '');
    return result.connectorFactory!.create(serviceUrl, result.audience);
  }

  it('gives every turn to the same service URL the same connector client, and another URL its own', async () => {
    const a = auth();
    const first = await turnClient(a, TEAMS);
    assert.equal(await turnClient(a, TEAMS), first);
    const other = await turnClient(a, OTHER);
    assert.notEqual(other, first);
    assert.equal(await turnClient(a, OTHER), other);
    assert.notEqual(await turnClient(auth(), TEAMS), first, 'each bot keeps its own');
  });

  it('keeps the client’s own retries for replies within a turn, and none for proactive sends, each kept apart', async () => {
    const a = auth();
    const inTurn = await turnClient(a, TEAMS);
    const { claimsIdentity, audience } = await a.authenticateRequest(activity(TEAMS), '');
    const proactive = await a.createConnectorFactory(claimsIdentity).create(TEAMS, audience);
    assert.equal(await a.createConnectorFactory(claimsIdentity).create(TEAMS, audience), proactive);
    assert.notEqual(proactive, inTurn);
    assert.ok(policies(inTurn).includes('defaultRetryPolicy'));
    assert.ok(!policies(proactive).includes('defaultRetryPolicy'));
  });

  it('reuses the user-token client', async () => {
    const a = auth();
    const { claimsIdentity } = await a.authenticateRequest(activity(TEAMS), '');
    assert.equal(await a.createUserTokenClient(claimsIdentity), await a.createUserTokenClient(claimsIdentity));
  });

  describe('ClientCache', () => {
    it('does not keep a creation that failed: the next turn tries again', async () => {
      const cache = new ClientCache<string>();
      let calls = 0;
      const create = async () => {
        calls += 1;
        if (calls === 1) throw new Error('no credentials yet');
        return `client ${calls}`;
      };
      await assert.rejects(cache.get('k', create), /no credentials yet/);
      assert.equal(await cache.get('k', create), 'client 2');
      assert.equal(await cache.get('k', create), 'client 2');
      assert.equal(calls, 2);
    });

    it('holds at most its cap, starting afresh when full', async () => {
      const cache = new ClientCache<number>(2);
      let made = 0;
      const create = async () => ++made;
      for (const key of ['a', 'b', 'a', 'b']) await cache.get(key, create);
      assert.equal(made, 2);
      await cache.get('c', create);
      assert.equal(await cache.get('a', create), 4, 'made again after the cap cleared it');
    });
  });
});
