// One account's OAuth client as oauth4webapi wants it: the authorization server (endpoints), the
// client (ID, secret) and the request options. Plain http is allowed only for endpoints on this
// machine (the test authorization server), never for a remote one.
import * as oauth from 'oauth4webapi';
import { oauthEndpoints, type OAuthEndpoints, type OAuthSettings } from '../../config/oauth-providers.js';
import { OAuthError, endpointFailure } from './oauth-errors.js';

export interface OAuthClient {
  account: string;
  endpoints: OAuthEndpoints;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  options: { [oauth.allowInsecureRequests]?: boolean; signal?: AbortSignal };
  /** Runs one endpoint request and turns any failure into a one-line OAuthError. */
  call<T>(url: string, request: () => Promise<T>, refreshing?: boolean): Promise<T>;
}

export function oauthClient(account: string, settings: OAuthSettings): OAuthClient {
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
    options: insecure ? { [oauth.allowInsecureRequests]: true } : {},
    async call(url, request, refreshing = false) {
      try {
        return await request();
      } catch (error) {
        throw endpointFailure(error, { account, clientId, url, refreshing });
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
