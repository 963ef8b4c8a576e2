// A local OAuth2 authorization server for tests, on 127.0.0.1: authorization endpoint with a
// consent page (oauth-consent.ts plays the browser), token endpoint (authorization code with PKCE,
// refresh with rotation, device code), device authorization endpoint with slow_down, and a
// tokeninfo endpoint for Dovecot's oauth2 passdb. Access tokens expire and refresh tokens are
// revoked on command; the token endpoint can fail, be slow, or answer as odd providers do.
// The endpoints are in oauth-server-pages.ts (the browser's) and oauth-server-token.ts (the client's).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorize, consent, verifyDevice } from './oauth-server-pages.js';
import {
  html,
  type CannedTokenAnswer,
  type OAuthCounts,
  type OAuthServerState,
  type TokenEndpointMode,
} from './oauth-server-state.js';
import { deviceAuthorization, tokenEndpoint, tokenInfo } from './oauth-server-token.js';

export interface OAuthServerOptions {
  clientId?: string;
  /** When set, token requests must carry it (client_secret_post). */
  clientSecret?: string;
  /** The address the signed-in user has (what tokeninfo answers as `email`). */
  email?: string;
  accessTokenSeconds?: number;
  deviceIntervalSeconds?: number;
  deviceExpiresSeconds?: number;
}

export interface OAuthTestServer {
  url: string;
  clientId: string;
  clientSecret?: string;
  authorizationUrl: string;
  tokenUrl: string;
  deviceAuthorizationUrl: string;
  /** For Dovecot's `tokeninfo_url`: the token is appended. */
  tokenInfoUrl: string;
  /** Every token and code handed out, to check none of them leaks into output or files. */
  issued: string[];
  /** Requests seen, by grant type, and tokeninfo answers. */
  counts: OAuthCounts;
  setTokenEndpoint(mode: TokenEndpointMode): void;
  /** Each token request is answered this much later (two clients' requests overlap). */
  setTokenDelay(ms: number): void;
  /** Grants (code, refresh, device) are answered with `shape(body)`: a provider's odd answers. */
  shapeGrants(shape: (body: Record<string, unknown>) => Record<string, unknown>): void;
  /** Token requests are answered with this status and JSON body, `times` times or until undefined. */
  answerTokenRequests(answer: CannedTokenAnswer): void;
  /** The next N device-code polls get `slow_down`. */
  slowDown(polls: number): void;
  /** Every access token issued so far stops working (tokeninfo answers 401). */
  expireAccessTokens(): void;
  /** Every refresh token issued so far is revoked (`invalid_grant`). */
  revokeRefreshTokens(): void;
  /** Every device code issued so far is expired (`expired_token`). */
  expireDeviceCodes(): void;
  /** From now on tokeninfo vouches for this address (another user than the IMAP login: Dovecot refuses). */
  setEmail(email: string): void;
  /** What a user does on the device page: enter the code and approve or deny. */
  decideDevice(userCode: string, approve: boolean): Promise<number>;
  stop(): Promise<void>;
}

export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthTestServer> {
  const state = newState(options);
  const server = createServer((req, res) => route(state, req, res));
  // Dovecot's HTTP client keeps the connection for its next token check; Node's 5 s keep-alive
  // timeout closed it under Dovecot, and a check sent as it closed came back as Dovecot's
  // "Temporary authentication failure". Connections stay until Dovecot (or close()) ends them.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = (state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return {
    url: base,
    clientId: state.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    authorizationUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    deviceAuthorizationUrl: `${base}/device`,
    tokenInfoUrl: `${base}/tokeninfo?access_token=`,
    issued: state.issued,
    counts: state.counts,
    setTokenEndpoint: (m) => void (state.mode = m),
    setTokenDelay: (ms) => void (state.delayMs = ms),
    shapeGrants: (f) => void (state.shape = f),
    answerTokenRequests: (a) => void (state.answer = a),
    slowDown: (polls) => void (state.slowDowns = polls),
    expireAccessTokens: () => state.accessTokens.forEach((entry) => (entry.expiresAt = 0)),
    revokeRefreshTokens: () => state.refreshTokens.clear(),
    setEmail: (value) => void (state.email = value),
    expireDeviceCodes: () => state.devices.forEach((device) => (device.state = 'expired')),
    async decideDevice(userCode, approve) {
      const body = new URLSearchParams({ user_code: userCode, decision: approve ? 'approve' : 'deny' });
      return (await fetch(`${base}/device/verify`, { method: 'POST', body })).status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function newState(options: OAuthServerOptions): OAuthServerState {
  return {
    clientId: options.clientId ?? 'mailkeep-test-client',
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    email: options.email ?? 'oauth@example.test',
    accessTokenSeconds: options.accessTokenSeconds ?? 3600,
    deviceIntervalSeconds: options.deviceIntervalSeconds ?? 5,
    deviceExpiresSeconds: options.deviceExpiresSeconds ?? 900,
    base: '',
    issued: [],
    counts: { authorization_code: 0, refresh_token: 0, device_code: 0, tokeninfoOk: 0, tokeninfoRejected: 0 },
    consents: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Set(),
    devices: new Map(),
    mode: 'ok',
    delayMs: 0,
    shape: (body) => body,
    answer: undefined,
    slowDowns: 0,
  };
}

const FORM_ROUTES: Record<string, (state: OAuthServerState, form: URLSearchParams, res: ServerResponse) => void> = {
  'POST /consent': consent,
  'POST /token': tokenEndpoint,
  'POST /device': deviceAuthorization,
  'POST /device/verify': verifyDevice,
};

function route(state: OAuthServerState, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', state.base);
  const path = `${req.method} ${url.pathname}`;
  if (path === 'GET /authorize') return authorize(state, url, res);
  if (path === 'GET /tokeninfo') return tokenInfo(state, url, req, res);
  const handler = FORM_ROUTES[path];
  if (handler === undefined) return html(res, 404, '<h1>not found</h1>');
  formBody(req).then(
    (form) =>
      path === 'POST /token' ? setTimeout(() => handler(state, form, res), state.delayMs) : handler(state, form, res),
    () => res.destroy(),
  );
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
