import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationError, type ClaimsIdentity, type ConnectorFactory } from 'botframework-connector';
import { SingleAttemptConnectorFactory } from '../teams/singleAttemptConnectors.js';
import { StatusCodes } from 'botbuilder';
import type { Activity } from 'botbuilder';

/**
 * Bot Framework authentication from configuration, where every failure to validate a token is an
 * AuthenticationError, and whose connector clients make one call per send (see
 * singleAttemptConnectors.ts). botframework-connector 4.23 lets jsonwebtoken's own errors (a bad signature,
 * a wrong algorithm) escape unwrapped, which the CloudAdapter answers with a 500 and the library's
 * message; a caller with a forged token should get a plain 401 like any other.
 */
export class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(options: ConfigurationBotFrameworkAuthenticationOptions) {
    super(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new SingleAttemptConnectorFactory(super.createConnectorFactory(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
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
