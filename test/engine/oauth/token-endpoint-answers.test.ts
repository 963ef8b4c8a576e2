// What a provider's token endpoint answers when it is not a plain success, during a refresh: each
// is one line, and only what will pass (a busy or throttled provider) is waited out and retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oauthAccessToken } from '../../../src/engine/oauth/access-tokens.js';
import { OAuthError } from '../../../src/engine/oauth/oauth-errors.js';
import { startOAuthServer } from '../../support/oauth-server.js';
import { signedIn, tokenAccount } from '../../support/oauth-signed-in.js';

const busy: [number, Record<string, string>][] = [
  [429, { error: 'too_many_requests' }],
  [400, { error: 'temporarily_unavailable', error_description: 'AADSTS50196: a client request loop' }],
  [400, { error: 'server_error' }],
];

test('refresh: a throttled or busy provider (429, temporarily_unavailable, server_error) is waited out', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  const first = await signedIn(server, account, opts, Date.now());
  for (const [status, body] of busy) {
    server.answerTokenRequests({ status, body });
    await assert.rejects(
      oauthAccessToken(account, { ...opts, rejected: first.access_token }),
      (e: unknown) =>
        e instanceof OAuthError &&
        e.retry === 'wait' &&
        e.message === `${new URL(server.url).host} is busy, try again later (${body.error})`,
    );
  }
  server.answerTokenRequests(undefined);
  assert.notEqual(await oauthAccessToken(account, { ...opts, rejected: first.access_token }), first.access_token);
});

test('refresh: a provider that wants the user back (interaction_required, consent_required) asks to sign in again', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  const first = await signedIn(server, account, opts, Date.now());
  const mfa = 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor';
  for (const body of [{ error: 'interaction_required', error_description: mfa }, { error: 'consent_required' }]) {
    server.answerTokenRequests({ status: 400, body });
    await assert.rejects(
      oauthAccessToken(account, { ...opts, rejected: first.access_token }),
      (e: unknown) =>
        e instanceof OAuthError &&
        e.code === 'OAUTH_SIGN_IN_AGAIN' &&
        e.message === 'sign in again: mailkeep login work',
    );
  }
});
