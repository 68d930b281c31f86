import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/** An RSA signing key as the Bot Connector service would publish it. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey };
}

/**
 * The Bot Framework channel's identity side on a loopback port: OpenID metadata at
 * `/.well-known/openid-configuration` pointing at a JWKS with the published keys (endorsed for
 * `msteams`), so botframework-connector validates real RS256 tokens with no network.
 */
export class FakeChannelIdentity {
  readonly issuer = 'https://api.botframework.test';
  readonly hits: string[] = [];
  /** Answer every request with this status instead (e.g. 500 to play an outage). */
  failWith?: number;
  private server?: http.Server;
  url = '';

  constructor(readonly published: SigningKey[], readonly endorsements: string[] = ['msteams']) {}

  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.hits.push(req.url ?? '');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.failWith !== undefined) return send(this.failWith, { error: 'outage' });
      if (req.url === '/.well-known/openid-configuration') {
        return send(200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.url}/authorize`,
          jwks_uri: `${this.url}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      }
      if (req.url === '/keys') {
        return send(200, {
          keys: this.published.map((k) => {
            const jwk = k.publicKey.export({ format: 'jwk' });
            return { kty: 'RSA', use: 'sig', kid: k.kid, n: jwk.n, e: jwk.e, endorsements: this.endorsements };
          }),
        });
      }
      // Anything else (e.g. an AAD token request the bot should never make here) is recorded and refused.
      return send(404, { error: 'not_found' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  /** Settings for ConfigurationBotFrameworkAuthentication: public-cloud values except where tokens come from. */
  authOverrides(): Record<string, string> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: this.metadataUrl,
      ToBotFromChannelTokenIssuer: this.issuer,
      // Once any of these is set, botframework-connector takes all of them as given: keep the rest public-cloud.
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.url}/emulator/.well-known/openid-configuration`,
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
    };
  }
}

export interface TokenClaims {
  aud?: string;
  iss?: string;
  serviceurl?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  [claim: string]: unknown;
}

/** A channel token (RS256) signed with `key`, carrying `kid` in its header. */
export function signToken(key: SigningKey, claims: TokenClaims, kid = key.kid, algorithm: jwt.Algorithm = 'RS256'): string {
  const { expiresIn = 3600, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000);
  const payload = { nbf: now - 60, iat: now - 60, exp: now + expiresIn, ...rest };
  return jwt.sign(payload, key.privateKey, { algorithm, keyid: kid });
}

/** A port with nothing listening on it (bound once, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** An unsigned token (alg none) with good claims otherwise. */
export function signNone(claims: TokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ ...claims, nbf: now - 60, exp: now + 3600 })).toString('base64url');
  return `${header}.${payload}.`;
}

/** An HS256 token whose secret is `key`'s public key in PEM (the algorithm-confusion attack). */
export function signHs256WithPublicKey(key: SigningKey, claims: TokenClaims): string {
  const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid })).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, nbf: now - 60, exp: now + 3600 })).toString('base64url');
  return `${header}.${payload}.${createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url')}`;
}
