import { AuthenticationConstants, ConnectorFactory, type ClaimsIdentity, type ConnectorClient } from 'botframework-connector';

/**
 * Clients kept past a turn, by key. CloudAdapter builds a new ConnectorClient and a new user-token
 * client for every activity — credentials and an HTTP pipeline each — which is about a sixth of a
 * turn's CPU, though a card action or a question asked with expectReplies is answered in the HTTP
 * response and never uses either. The clients hold no state of the turn (only the credentials, which
 * keep their token), so one per bot, service URL and audience serves every turn, as Bot Framework's
 * .NET adapter caches them. A failed creation is not kept.
 */
export class ClientCache<T> {
  private readonly clients = new Map<string, Promise<T>>();

  // Service URLs are few (one per Teams region); the cap only bounds what a flood of made-up ones
  // (possible only in local mode, where tokens are not checked) could hold.
  constructor(private readonly max = 64) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    let client = this.clients.get(key);
    if (client === undefined) {
      if (this.clients.size >= this.max) this.clients.clear();
      client = create();
      this.clients.set(key, client);
      client.catch(() => {
        if (this.clients.get(key) === client) this.clients.delete(key);
      });
    }
    return client;
  }
}

/** The bot's own app id in a turn's claims, as botframework-connector reads it: the audience, else the appid claim. */
export function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim)
    ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** A ConnectorFactory whose clients come from a cache, made by `inner` the first time. */
export class ReusedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: ClientCache<ConnectorClient>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}
