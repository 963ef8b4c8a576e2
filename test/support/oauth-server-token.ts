// The OAuth test server's endpoints for the client: token (authorization code with PKCE, refresh
// with rotation, device code; or failing as the test set it), device authorization, and tokeninfo
// for Dovecot's oauth2 passdb.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html, issue, json, type OAuthServerState } from './oauth-server-state.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export function tokenEndpoint(state: OAuthServerState, form: URLSearchParams, res: ServerResponse) {
  const type = form.get('grant_type');
  if (type === 'authorization_code') state.counts.authorization_code++;
  if (type === 'refresh_token') state.counts.refresh_token++;
  if (type === DEVICE_GRANT) state.counts.device_code++;
  if (state.mode === 'down') return res.socket?.destroy();
  if (state.mode === 'html') return html(res, 502, '<h1>502 Bad Gateway</h1>');
  if (state.mode === 'silent') return;
  const canned = state.answer;
  if (canned && (canned.times === undefined || canned.times-- > 0)) return json(res, canned.status, canned.body);
  if (!clientOk(state, form)) {
    return json(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
  }
  if (type === 'authorization_code') return authorizationCodeGrant(state, form, res);
  if (type === 'refresh_token') {
    if (!state.refreshTokens.delete(form.get('refresh_token') ?? '')) {
      return json(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    }
    return grant(state, res, '');
  }
  if (type === DEVICE_GRANT) return deviceCodeGrant(state, form, res);
  return json(res, 400, { error: 'unsupported_grant_type' });
}

function clientOk(state: OAuthServerState, form: URLSearchParams): boolean {
  return (
    form.get('client_id') === state.clientId &&
    (state.clientSecret === undefined || form.get('client_secret') === state.clientSecret)
  );
}

function authorizationCodeGrant(state: OAuthServerState, form: URLSearchParams, res: ServerResponse) {
  const pending = state.codes.get(form.get('code') ?? '');
  state.codes.delete(form.get('code') ?? '');
  const verifier = form.get('code_verifier') ?? '';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  if (!pending || pending.redirectUri !== form.get('redirect_uri') || pending.challenge !== challenge) {
    return json(res, 400, { error: 'invalid_grant' });
  }
  return grant(state, res, pending.scope);
}

function deviceCodeGrant(state: OAuthServerState, form: URLSearchParams, res: ServerResponse) {
  const device = [...state.devices.values()].find((d) => d.deviceCode === form.get('device_code'));
  if (device === undefined || device.state === 'expired') return json(res, 400, { error: 'expired_token' });
  if (state.slowDowns > 0) {
    state.slowDowns--;
    return json(res, 400, { error: 'slow_down' });
  }
  if (device.state === 'pending') return json(res, 400, { error: 'authorization_pending' });
  if (device.state === 'denied') return json(res, 400, { error: 'access_denied' });
  device.state = 'expired';
  return grant(state, res, device.scope);
}

/** A new access and refresh token, answered in the grant's shape (shapeGrants). */
function grant(state: OAuthServerState, res: ServerResponse, scope: string) {
  const access = issue(state, 'at');
  const refresh = issue(state, 'rt');
  const seconds = state.accessTokenSeconds;
  state.accessTokens.set(access, { expiresAt: Date.now() + seconds * 1000 });
  state.refreshTokens.add(refresh);
  const body = { access_token: access, token_type: 'Bearer', expires_in: seconds, refresh_token: refresh, scope };
  json(res, 200, state.shape(body));
}

export function deviceAuthorization(state: OAuthServerState, form: URLSearchParams, res: ServerResponse) {
  if (form.get('client_id') !== state.clientId) return json(res, 401, { error: 'invalid_client' });
  const userCode = randomBytes(4).toString('hex').toUpperCase();
  state.devices.set(userCode, { deviceCode: issue(state, 'device'), state: 'pending', scope: form.get('scope') ?? '' });
  json(res, 200, {
    device_code: state.devices.get(userCode)!.deviceCode,
    user_code: userCode,
    verification_uri: `${state.base}/device/verify`,
    expires_in: state.deviceExpiresSeconds,
    interval: state.deviceIntervalSeconds,
  });
}

export function tokenInfo(state: OAuthServerState, url: URL, req: IncomingMessage, res: ServerResponse) {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const access = url.searchParams.get('access_token') || bearer || '';
  const entry = state.accessTokens.get(access);
  if (entry === undefined || entry.expiresAt <= Date.now()) {
    state.counts.tokeninfoRejected++;
    return json(res, 401, { error: 'invalid_token' });
  }
  state.counts.tokeninfoOk++;
  return json(res, 200, {
    email: state.email,
    active: true,
    expires_in: Math.round((entry.expiresAt - Date.now()) / 1000),
  });
}
