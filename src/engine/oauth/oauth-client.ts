// One account's OAuth client as oauth4webapi wants it: the authorization server (endpoints), the
// client (ID, secret) and the request options. Plain http is allowed only for endpoints on this
// machine (the test authorization server), never for a remote one.
import * as oauth from 'oauth4webapi';
import { oauthEndpoints, type OAuthEndpoints, type OAuthSettings } from '../../config/oauth-providers.js';
import { OAuthError, endpointFailure } from './oauth-errors.js';

export type RequestOptions = { [oauth.allowInsecureRequests]?: boolean; signal?: AbortSignal };

export interface OAuthClient {
  account: string;
  endpoints: OAuthEndpoints;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /**
   * Runs one endpoint request with the options it must pass on (each request its own time limit)
   * and turns any failure into a one-line OAuthError.
   */
  call<T>(url: string, request: (options: RequestOptions) => Promise<T>, refreshing?: boolean): Promise<T>;
}

export interface RequestLimits {
  /** Each request's time limit (the account's Timeout); 0 or absent = none. */
  timeoutMs?: number;
  /** Cancels a request under way (Ctrl-C during a sign-in). */
  signal?: AbortSignal;
}

export function oauthClient(account: string, settings: OAuthSettings, limits: RequestLimits = {}): OAuthClient {
  const endpoints = oauthEndpoints(settings);
  if (typeof endpoints === 'string') throw new OAuthError('OAUTH_CONFIG', `account '${account}': ${endpoints}`);
  const urls = [endpoints.authorizationUrl, endpoints.tokenUrl, endpoints.deviceAuthorizationUrl].filter(
    (u) => u !== undefined,
  );
  const insecure = urls.some((u) => u.startsWith('http:'));
  const as: oauth.AuthorizationServer = {
    issuer: endpoints.issuer ?? new URL(endpoints.authorizationUrl).origin,
    authorization_endpoint: endpoints.authorizationUrl,
    token_endpoint: endpoints.tokenUrl,
    ...(endpoints.deviceAuthorizationUrl !== undefined
      ? { device_authorization_endpoint: endpoints.deviceAuthorizationUrl }
      : {}),
  };
  const clientId = settings.clientId;
  return {
    account,
    endpoints,
    as,
    client: { client_id: clientId },
    auth: settings.clientSecret ? oauth.ClientSecretPost(settings.clientSecret) : oauth.None(),
    async call(url, request, refreshing = false) {
      const { timeoutMs, signal } = limits;
      const signals = [...(timeoutMs ? [AbortSignal.timeout(timeoutMs)] : []), ...(signal ? [signal] : [])];
      try {
        return await request({
          ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
          ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
        });
      } catch (error) {
        throw endpointFailure(error, { account, clientId, url, refreshing, ...(timeoutMs ? { timeoutMs } : {}) });
      }
    },
  };
}

export interface TokenSet {
  accessToken: string;
  /** Milliseconds since the epoch; undefined when the provider did not say. */
  expiresAt?: number;
  refreshToken?: string;
}

export function tokenSetOf(response: oauth.TokenEndpointResponse, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    ...(response.expires_in !== undefined ? { expiresAt: now + response.expires_in * 1000 } : {}),
    ...(response.refresh_token !== undefined ? { refreshToken: response.refresh_token } : {}),
  };
}
