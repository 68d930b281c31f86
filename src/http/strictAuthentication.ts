import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import {
  AuthenticationError, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient,
} from 'botframework-connector';
import { ClientCache, ReusedConnectorFactory, appIdOf } from '../teams/reusedConnectors.js';
import { SingleAttemptConnectorFactory } from '../teams/singleAttemptConnectors.js';
import { StatusCodes } from 'botbuilder';
import type { Activity } from 'botbuilder';

/**
 * Bot Framework authentication from configuration, where every failure to validate a token is an
 * AuthenticationError, whose proactive connector clients make one call per send (see
 * singleAttemptConnectors.ts), and whose clients are reused from turn to turn (reusedConnectors.ts).
 * botframework-connector 4.23 lets jsonwebtoken's own errors (a bad signature, a wrong algorithm)
 * escape unwrapped, which the CloudAdapter answers with a 500 and the library's message; a caller
 * with a forged token should get a plain 401 like any other.
 */
export class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  // Replies within a turn keep the connector client's own retries; proactive sends (Outbound) do not.
  private readonly turnConnectors = new ClientCache<ConnectorClient>();
  private readonly proactiveConnectors = new ClientCache<ConnectorClient>();
  private readonly userTokenClients = new ClientCache<UserTokenClient>();

  constructor(options: ConfigurationBotFrameworkAuthenticationOptions) {
    super(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const factory = new SingleAttemptConnectorFactory(super.createConnectorFactory(claimsIdentity));
    return new ReusedConnectorFactory(factory, appIdOf(claimsIdentity), this.proactiveConnectors);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      const result = await super.authenticateRequest(activity, authHeader);
      const inner = result.connectorFactory;
      return inner ? { ...result, connectorFactory: new ReusedConnectorFactory(inner, appIdOf(result.claimsIdentity), this.turnConnectors) } : result;
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      const name = (err as Error)?.name;
      if (name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError') {
        throw new AuthenticationError('Unauthorized: the token is not valid', StatusCodes.UNAUTHORIZED);
      }
      throw err;
    }
  }
}
