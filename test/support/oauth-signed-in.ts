// An account signed in at the local authorization server (oauth-server.ts) without a browser: the
// device flow done by hand, its tokens kept as `mailkeep login` keeps them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forgetAccessTokens, keepSignIn, type OAuthAccount } from '../../src/engine/oauth/access-tokens.js';
import type { OAuthTestServer } from './oauth-server.js';

/** An account of the local authorization server with the file store, in a temp dir removed after the test. */
export function tokenAccount(t: { after: (fn: () => unknown) => void }, server: OAuthTestServer, name = 'work') {
  const root = mkdtempSync(path.join(tmpdir(), 'mailkeep-oauth-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  forgetAccessTokens();
  const account: OAuthAccount = {
    name,
    stateDir: path.join(root, 'state', name),
    timeoutMs: 20_000,
    oauth: {
      provider: 'generic',
      clientId: server.clientId,
      authorizationUrl: server.authorizationUrl,
      tokenUrl: server.tokenUrl,
      scope: 'mail',
      tokenStore: 'file',
    },
  };
  const opts = { home: root, env: { PATH: process.env.PATH } };
  return { account, opts, file: path.join(account.stateDir, 'oauth-refresh-token') };
}

/** The tokens of a new sign-in, from a device sign-in done by hand (the flow is tested apart); nothing stored. */
export async function deviceSignInTokens(server: OAuthTestServer) {
  const device = (await (
    await fetch(server.deviceAuthorizationUrl, {
      method: 'POST',
      body: new URLSearchParams({ client_id: server.clientId, scope: 'mail' }),
    })
  ).json()) as { device_code: string; user_code: string };
  await server.decideDevice(device.user_code, true);
  return (await (
    await fetch(server.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: server.clientId,
        device_code: device.device_code,
      }),
    })
  ).json()) as { access_token: string; refresh_token: string; expires_in: number };
}

/** An account as a sign-in leaves it. */
export async function signedIn(
  server: OAuthTestServer,
  account: OAuthAccount,
  opts: { home: string; env: Record<string, string | undefined> },
  now: number,
) {
  const tokens = await deviceSignInTokens(server);
  await keepSignIn(
    account,
    { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: now + tokens.expires_in * 1000 },
    opts,
  );
  return tokens;
}
