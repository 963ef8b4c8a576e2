// The OAuth test server's pages for the user's browser (oauth-consent.ts plays it): the
// authorization request with its consent form, the consent's redirect, and the device page.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { html, issue, type OAuthServerState } from './oauth-server-state.js';

export function authorize(state: OAuthServerState, url: URL, res: ServerResponse) {
  const q = url.searchParams;
  // RFC 6749 §4.1.2.1: an unknown client or redirect URI is shown to the user, never redirected.
  if (q.get('client_id') !== state.clientId) {
    return html(res, 400, '<h1>Error 401: invalid_client</h1><p>The OAuth client was not found.</p>');
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri)) return html(res, 400, '<h1>redirect_uri_mismatch</h1>');
  if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
    return html(res, 400, '<h1>invalid_request</h1><p>PKCE with S256 is required.</p>');
  }
  const request = randomBytes(9).toString('base64url');
  state.consents.set(request, {
    clientId: state.clientId,
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
}

export function consent(state: OAuthServerState, form: URLSearchParams, res: ServerResponse) {
  const pending = state.consents.get(form.get('request') ?? '');
  if (pending === undefined) return html(res, 400, '<h1>unknown request</h1>');
  state.consents.delete(form.get('request')!);
  const target = new URL(pending.redirectUri);
  if (form.get('decision') === 'approve') {
    const code = issue(state, 'code');
    state.codes.set(code, pending);
    target.searchParams.set('code', code);
  } else {
    target.searchParams.set('error', 'access_denied');
  }
  if (pending.state !== null) target.searchParams.set('state', pending.state);
  res.writeHead(302, { location: target.href }).end();
}

export function verifyDevice(state: OAuthServerState, form: URLSearchParams, res: ServerResponse) {
  const device = state.devices.get(form.get('user_code') ?? '');
  if (device === undefined || device.state !== 'pending') return html(res, 400, '<h1>unknown code</h1>');
  device.state = form.get('decision') === 'approve' ? 'approved' : 'denied';
  return html(res, 200, '<h1>done</h1>');
}
