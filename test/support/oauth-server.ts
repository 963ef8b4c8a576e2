// A local OAuth2 authorization server for tests, on 127.0.0.1: authorization endpoint with a
// consent page (oauth-consent.ts plays the browser), token endpoint (authorization code with PKCE,
// refresh with rotation, device code), device authorization endpoint with slow_down, and a
// tokeninfo endpoint for Dovecot's oauth2 passdb. Access tokens expire and refresh tokens are
// revoked on command; the token endpoint can fail, be slow, or answer as odd providers do.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** `silent`: the request is read and never answered (a provider hanging behind a proxy). */
export type TokenEndpointMode = 'ok' | 'down' | 'html' | 'silent';

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
  counts: Record<'authorization_code' | 'refresh_token' | 'device_code' | 'tokeninfoOk' | 'tokeninfoRejected', number>;
  setTokenEndpoint(mode: TokenEndpointMode): void;
  /** Each token request is answered this much later (two clients' requests overlap). */
  setTokenDelay(ms: number): void;
  /** Grants (code, refresh, device) are answered with `shape(body)`: a provider's odd answers. */
  shapeGrants(shape: (body: Record<string, unknown>) => Record<string, unknown>): void;
  /** Token requests are answered with this status and JSON body, `times` times or until undefined. */
  answerTokenRequests(answer: { status: number; body: unknown; times?: number } | undefined): void;
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

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

interface Device {
  deviceCode: string;
  state: 'pending' | 'approved' | 'denied' | 'expired';
  scope: string;
}

const token = (prefix: string) => `${prefix}-${randomBytes(24).toString('base64url')}`;

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function html(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html><body>${body}</body></html>`);
}

export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthTestServer> {
  const clientId = options.clientId ?? 'mailkeep-test-client';
  let email = options.email ?? 'oauth@example.test';
  const issued: string[] = [];
  const counts = { authorization_code: 0, refresh_token: 0, device_code: 0, tokeninfoOk: 0, tokeninfoRejected: 0 };
  const consents = new Map<string, PendingCode & { state: string | null }>();
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, { expiresAt: number }>();
  const refreshTokens = new Set<string>();
  const devices = new Map<string, Device>();
  let mode: TokenEndpointMode = 'ok';
  let delayMs = 0;
  let shape = (body: Record<string, unknown>) => body;
  let answer: Parameters<OAuthTestServer['answerTokenRequests']>[0];
  let slowDowns = 0;
  let base = '';

  const issue = (prefix: string) => {
    const value = token(prefix);
    issued.push(value);
    return value;
  };
  const grant = (res: ServerResponse, scope: string) => {
    const access = issue('at');
    const refresh = issue('rt');
    const seconds = options.accessTokenSeconds ?? 3600;
    accessTokens.set(access, { expiresAt: Date.now() + seconds * 1000 });
    refreshTokens.add(refresh);
    const body = { access_token: access, token_type: 'Bearer', expires_in: seconds, refresh_token: refresh, scope };
    json(res, 200, shape(body));
  };
  const clientOk = (form: URLSearchParams) =>
    form.get('client_id') === clientId &&
    (options.clientSecret === undefined || form.get('client_secret') === options.clientSecret);

  const authorize = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    // RFC 6749 §4.1.2.1: an unknown client or redirect URI is shown to the user, never redirected.
    if (q.get('client_id') !== clientId) {
      return html(res, 400, '<h1>Error 401: invalid_client</h1><p>The OAuth client was not found.</p>');
    }
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri)) return html(res, 400, '<h1>redirect_uri_mismatch</h1>');
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return html(res, 400, '<h1>invalid_request</h1><p>PKCE with S256 is required.</p>');
    }
    const request = randomBytes(9).toString('base64url');
    consents.set(request, {
      clientId,
      redirectUri,
      challenge: q.get('code_challenge')!,
      scope: q.get('scope') ?? '',
      state: q.get('state'),
    });
    return html(
      res,
      200,
      `<h1>mailkeep wants to read your mail</h1><form method="post" action="/consent">` +
        `<input type="hidden" name="request" value="${request}">` +
        `<button name="decision" value="approve">Allow</button>` +
        `<button name="decision" value="deny">Deny</button></form>`,
    );
  };

  const consent = (form: URLSearchParams, res: ServerResponse) => {
    const pending = consents.get(form.get('request') ?? '');
    if (pending === undefined) return html(res, 400, '<h1>unknown request</h1>');
    consents.delete(form.get('request')!);
    const target = new URL(pending.redirectUri);
    if (form.get('decision') === 'approve') {
      const code = issue('code');
      codes.set(code, pending);
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'access_denied');
    }
    if (pending.state !== null) target.searchParams.set('state', pending.state);
    res.writeHead(302, { location: target.href }).end();
  };

  const tokenEndpoint = (form: URLSearchParams, res: ServerResponse) => {
    const type = form.get('grant_type');
    if (type === 'authorization_code') counts.authorization_code++;
    if (type === 'refresh_token') counts.refresh_token++;
    if (type === 'urn:ietf:params:oauth:grant-type:device_code') counts.device_code++;
    if (mode === 'down') return res.socket?.destroy();
    if (mode === 'html') return html(res, 502, '<h1>502 Bad Gateway</h1>');
    if (mode === 'silent') return;
    const canned = answer;
    if (canned && (canned.times === undefined || canned.times-- > 0)) return json(res, canned.status, canned.body);
    if (!clientOk(form)) {
      return json(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    }
    if (type === 'authorization_code') {
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!pending || pending.redirectUri !== form.get('redirect_uri') || pending.challenge !== challenge) {
        return json(res, 400, { error: 'invalid_grant' });
      }
      return grant(res, pending.scope);
    }
    if (type === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!refreshTokens.delete(refresh)) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      }
      return grant(res, '');
    }
    if (type === 'urn:ietf:params:oauth:grant-type:device_code') {
      const device = [...devices.values()].find((d) => d.deviceCode === form.get('device_code'));
      if (device === undefined || device.state === 'expired') return json(res, 400, { error: 'expired_token' });
      if (slowDowns > 0) {
        slowDowns--;
        return json(res, 400, { error: 'slow_down' });
      }
      if (device.state === 'pending') return json(res, 400, { error: 'authorization_pending' });
      if (device.state === 'denied') return json(res, 400, { error: 'access_denied' });
      device.state = 'expired';
      return grant(res, device.scope);
    }
    return json(res, 400, { error: 'unsupported_grant_type' });
  };

  const deviceEndpoint = (form: URLSearchParams, res: ServerResponse) => {
    if (form.get('client_id') !== clientId) return json(res, 401, { error: 'invalid_client' });
    const userCode = randomBytes(4).toString('hex').toUpperCase();
    devices.set(userCode, { deviceCode: issue('device'), state: 'pending', scope: form.get('scope') ?? '' });
    json(res, 200, {
      device_code: devices.get(userCode)!.deviceCode,
      user_code: userCode,
      verification_uri: `${base}/device/verify`,
      expires_in: options.deviceExpiresSeconds ?? 900,
      interval: options.deviceIntervalSeconds ?? 5,
    });
  };

  const tokenInfo = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const access = url.searchParams.get('access_token') || bearer || '';
    const entry = accessTokens.get(access);
    if (entry === undefined || entry.expiresAt <= Date.now()) {
      counts.tokeninfoRejected++;
      return json(res, 401, { error: 'invalid_token' });
    }
    counts.tokeninfoOk++;
    return json(res, 200, { email, active: true, expires_in: Math.round((entry.expiresAt - Date.now()) / 1000) });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /authorize') return authorize(url, res);
    if (route === 'GET /tokeninfo') return tokenInfo(url, req, res);
    const handlers: Record<string, (form: URLSearchParams, res: ServerResponse) => void> = {
      'POST /consent': consent,
      'POST /token': tokenEndpoint,
      'POST /device': deviceEndpoint,
      'POST /device/verify': (form, r) => {
        const device = devices.get(form.get('user_code') ?? '');
        if (device === undefined || device.state !== 'pending') return html(r, 400, '<h1>unknown code</h1>');
        device.state = form.get('decision') === 'approve' ? 'approved' : 'denied';
        return html(r, 200, '<h1>done</h1>');
      },
    };
    const handler = handlers[route];
    if (handler === undefined) return html(res, 404, '<h1>not found</h1>');
    formBody(req).then(
      (form) => (route === 'POST /token' ? setTimeout(() => handler(form, res), delayMs) : handler(form, res)),
      () => res.destroy(),
    );
  });
  // Dovecot's HTTP client keeps the connection for its next token check; Node's 5 s keep-alive
  // timeout closed it under Dovecot, and a check sent as it closed came back as Dovecot's
  // "Temporary authentication failure". Connections stay until Dovecot (or close()) ends them.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    authorizationUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    deviceAuthorizationUrl: `${base}/device`,
    tokenInfoUrl: `${base}/tokeninfo?access_token=`,
    issued,
    counts,
    setTokenEndpoint: (m) => void (mode = m),
    setTokenDelay: (ms) => void (delayMs = ms),
    shapeGrants: (f) => void (shape = f),
    answerTokenRequests: (a) => void (answer = a),
    slowDown: (polls) => void (slowDowns = polls),
    expireAccessTokens: () => accessTokens.forEach((entry) => (entry.expiresAt = 0)),
    revokeRefreshTokens: () => refreshTokens.clear(),
    setEmail: (value) => void (email = value),
    expireDeviceCodes: () => devices.forEach((device) => (device.state = 'expired')),
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
