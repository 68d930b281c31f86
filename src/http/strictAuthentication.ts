import {
  CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse, type TurnContext,
} from 'botbuilder';
import {
  AseChannelValidation, AuthenticationConstants, AuthenticationError, EmulatorValidation, GovernmentConstants, SkillValidation,
  type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from '../log/logger.js';
import { ClientCache, ReusedConnectorFactory, appIdOf } from '../teams/reusedConnectors.js';
import { SingleAttemptConnectorFactory } from '../teams/singleAttemptConnectors.js';
import { StatusCodes } from 'botbuilder';
import type { Activity } from 'botbuilder';

/**
 * The caller's token could not be checked because the identity provider's OpenID metadata or signing
 * keys could not be fetched: the caller is not at fault, so it is told to come back (503), and the
 * cause, which names upstream hosts and network errors, goes to the log only.
 */
export class SigningKeysUnavailableError extends Error {}

// botframework-connector's own tolerance, for channel and emulator tokens alike.
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

/** The settings that make botframework-connector take every endpoint and issuer as given (BotFrameworkAuthenticationFactory). */
const PARAMETERIZED = [
  'ToChannelFromBotLoginUrl', 'ToChannelFromBotOAuthScope', 'ToBotFromChannelTokenIssuer', 'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl', 'ToBotFromEmulatorOpenIdMetadataUrl', 'CallerId',
] as const;

function channelIssuerOf(options: ConfigurationBotFrameworkAuthenticationOptions): string | undefined {
  const given = (key: string) => typeof options[key] === 'string' && options[key] !== '';
  if (PARAMETERIZED.some(given)) return given('ToBotFromChannelTokenIssuer') ? String(options.ToBotFromChannelTokenIssuer) : undefined;
  return options.ChannelService === GovernmentConstants.ChannelService
    ? GovernmentConstants.ToBotFromChannelTokenIssuer
    : AuthenticationConstants.ToBotFromChannelTokenIssuer;
}

function jsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a token cannot pass botframework-connector's validation, judged from its header and claims
 * alone, before any key is fetched (nothing here is verified, so passing proves nothing); undefined
 * when only its signature is left to check. Each rule mirrors one the library applies after the
 * signature, so no token it would accept is refused here.
 */
export function tokenProblemOnItsFace(
  authHeader: string, activity: Pick<Activity, 'channelId' | 'serviceUrl'>, appId: string, channelIssuer: string | undefined, nowSeconds: number,
): string | undefined {
  const parts = authHeader.split(' ');
  if (parts.length !== 2 || parts[0] !== 'Bearer' || !parts[1]) return 'send Authorization: Bearer <token>';
  const segments = parts[1].split('.');
  const header = segments.length === 3 ? jsonSegment(segments[0]!) : undefined;
  const claims = segments.length === 3 ? jsonSegment(segments[1]!) : undefined;
  if (!header || !claims) return 'the token is not a JWT';
  if (typeof header.alg !== 'string' || !AuthenticationConstants.AllowedSigningAlgorithms.includes(header.alg)) return 'the token\'s signing algorithm is not accepted';
  if (typeof header.kid !== 'string' || header.kid === '' || segments[2] === '') return 'the token names no signing key';
  const { exp, nbf } = claims;
  if ((exp !== undefined && typeof exp !== 'number') || (nbf !== undefined && typeof nbf !== 'number')) return 'the token\'s validity period is not valid';
  if (typeof exp === 'number' && nowSeconds >= exp + CLOCK_TOLERANCE_SECONDS) return 'the token has expired';
  if (typeof nbf === 'number' && nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS) return 'the token is not valid yet';

  // Which validation the library applies, in its order (ParameterizedBotFrameworkAuthentication).
  if (AseChannelValidation.isTokenFromAseChannel(activity.channelId)) return undefined;
  // Without a claims validator, which this bot does not configure, the library refuses every skill token.
  if (SkillValidation.isSkillToken(authHeader)) return 'calls from other bots are not accepted';
  if (EmulatorValidation.isTokenFromEmulator(authHeader)) {
    const version = claims.ver;
    if (version === undefined || version === null) return 'the token has no version';
    const emulatorAppId = !version || version === '1.0' ? claims.appid : version === '2.0' ? claims.azp : undefined;
    return emulatorAppId === appId ? undefined : 'the token is for another bot';
  }
  if (claims.iss !== channelIssuer) return 'the token is from another issuer';
  if (claims.aud !== appId) return 'the token is for another bot';
  if (activity.serviceUrl && claims.serviceurl !== activity.serviceUrl) return 'the token is for another service URL';
  return undefined;
}

/**
 * Bot Framework authentication from configuration, where every failure to validate a token is an
 * AuthenticationError, whose proactive connector clients make one call per send (see
 * singleAttemptConnectors.ts), and whose clients are reused from turn to turn (reusedConnectors.ts).
 * botframework-connector 4.23 lets jsonwebtoken's own errors (a bad signature, a wrong algorithm)
 * escape unwrapped, which the CloudAdapter answers with a 500 and the library's message; a caller
 * with a forged token should get a plain 401 like any other. A token that is bad on its face is
 * refused before the signing keys are fetched, so it gets its 401 even while they cannot be; a
 * failure to fetch them is a SigningKeysUnavailableError (see StrictCloudAdapter).
 */
export class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  // Replies within a turn keep the connector client's own retries; proactive sends (Outbound) do not.
  private readonly turnConnectors = new ClientCache<ConnectorClient>();
  private readonly proactiveConnectors = new ClientCache<ConnectorClient>();
  private readonly userTokenClients = new ClientCache<UserTokenClient>();

  private readonly appId: string | undefined;
  private readonly channelIssuer: string | undefined;

  constructor(options: ConfigurationBotFrameworkAuthenticationOptions, private readonly now: () => number = Date.now) {
    super(options);
    this.appId = typeof options.MicrosoftAppId === 'string' && options.MicrosoftAppId !== '' ? options.MicrosoftAppId : undefined;
    this.channelIssuer = channelIssuerOf(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const factory = new SingleAttemptConnectorFactory(super.createConnectorFactory(claimsIdentity));
    return new ReusedConnectorFactory(factory, appIdOf(claimsIdentity), this.proactiveConnectors);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    // Without an app id the library ignores the header altogether (local mode), and so does this.
    if (this.appId !== undefined && authHeader.trim() !== '') {
      const problem = tokenProblemOnItsFace(authHeader, activity, this.appId, this.channelIssuer, Math.floor(this.now() / 1000));
      if (problem) throw new AuthenticationError(`Unauthorized: ${problem}`, StatusCodes.UNAUTHORIZED);
    }
    try {
      const result = await super.authenticateRequest(activity, authHeader);
      const inner = result.connectorFactory;
      return inner ? { ...result, connectorFactory: new ReusedConnectorFactory(inner, appIdOf(result.claimsIdentity), this.turnConnectors) } : result;
    } catch (err) {
      if (err instanceof AuthenticationError && err.statusCode === StatusCodes.UNAUTHORIZED) throw err;
      const name = (err as Error)?.name;
      if (name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError') {
        throw new AuthenticationError('Unauthorized: the token is not valid', StatusCodes.UNAUTHORIZED);
      }
      // Everything else comes from fetching the OpenID metadata or its keys: a network error, an
      // error status (an AuthenticationError with status 500), or a body that is not what it should be.
      throw new SigningKeysUnavailableError('the Bot Framework signing keys could not be fetched', { cause: err });
    }
  }
}

/**
 * The CloudAdapter, except that a request whose token could not be checked is answered 503 with no
 * body, and any other failure outside a turn 500 with no body, the cause going to the log: the
 * CloudAdapter itself answers 500 with the error's message, which names upstream URLs and errors.
 * A refused token is answered 401 with its reason, as the CloudAdapter does.
 */
export class StrictCloudAdapter extends CloudAdapter {
  constructor(auth: StrictBotFrameworkAuthentication, private readonly logger: Logger) {
    super(auth);
  }

  protected override async processActivity(
    authHeaderOrResult: string | AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      return typeof authHeaderOrResult === 'string'
        ? await super.processActivity(authHeaderOrResult, activity, logic)
        : await super.processActivity(authHeaderOrResult, activity, logic);
    } catch (err) {
      // Answered here rather than rethrown: the CloudAdapter would also print the error's stack to
      // stderr for every refused caller, outside the structured log.
      if (err instanceof AuthenticationError) {
        this.logger.warn({ err: { message: err.message } }, 'activity refused: not authenticated');
        return { status: StatusCodes.UNAUTHORIZED, body: err.message };
      }
      const cause = err instanceof SigningKeysUnavailableError ? err.cause : err;
      const message = cause instanceof Error ? cause.message : String(cause);
      if (err instanceof SigningKeysUnavailableError) {
        this.logger.error({ err: { message } }, 'cannot authenticate an activity: the Bot Framework signing keys could not be fetched; answered 503');
        return { status: 503 };
      }
      this.logger.error({ err: { message }, type: activity.type }, 'an activity failed outside its turn; answered 500');
      return { status: StatusCodes.INTERNAL_SERVER_ERROR };
    }
  }
}
