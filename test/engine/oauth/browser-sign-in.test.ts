import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OAuthSettings } from '../../../src/config/oauth-providers.js';
import { oauthClient, type TokenSet } from '../../../src/engine/oauth/oauth-client.js';
import { signInWithBrowser } from '../../../src/engine/oauth/loopback-flow.js';
import { OAuthError } from '../../../src/engine/oauth/oauth-errors.js';
import { driveConsent } from '../../support/oauth-consent.js';
import { startOAuthServer, type OAuthTestServer } from '../../support/oauth-server.js';

function settings(server: OAuthTestServer, over: Partial<OAuthSettings> = {}): OAuthSettings {
  return {
    provider: 'generic',
    clientId: server.clientId,
    authorizationUrl: server.authorizationUrl,
    tokenUrl: server.tokenUrl,
    deviceAuthorizationUrl: server.deviceAuthorizationUrl,
    scope: 'mail',
    tokenStore: 'file',
    ...over,
  };
}

/** Starts a browser sign-in and hands its URL to `drive` (the test playing the user's browser). */
async function signIn(
  server: OAuthTestServer,
  drive: (url: string) => Promise<unknown>,
  over: Partial<OAuthSettings> = {},
  timeoutMs = 60_000,
) {
  let browserStep: Promise<unknown> = Promise.resolve();
  const result = signInWithBrowser(oauthClient('work', settings(server, over)), {
    loginHint: 'oauth@example.test',
    timeoutMs,
    onUrl: (url) => {
      browserStep = drive(url);
    },
  });
  const outcome: { tokens?: TokenSet; error?: unknown } = await result.then(
    (tokens) => ({ tokens }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, browser: await browserStep };
}

function assertOAuthError(error: unknown, code: string, pattern: RegExp, server: OAuthTestServer) {
  assert.ok(error instanceof OAuthError, `expected an OAuthError, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.match(error.message, pattern);
  assert.doesNotMatch(error.message, /\n/);
  for (const secret of server.issued) assert.ok(!error.message.includes(secret), 'a token or code in the message');
}

test('browser sign-in: PKCE code flow over a loopback redirect on 127.0.0.1', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  let seenUrl = '';
  const { tokens, browser } = (await signIn(server, (url) => {
    seenUrl = url;
    return driveConsent(url, true);
  })) as {
    tokens: { accessToken: string; refreshToken?: string; expiresAt?: number };
    browser: { callback: number; callbackBody: string };
  };
  const params = new URL(seenUrl).searchParams;
  assert.match(params.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(params.get('code_challenge_method'), 'S256');
  assert.equal(params.get('login_hint'), 'oauth@example.test');
  assert.equal(params.get('scope'), 'mail');
  assert.ok((params.get('state') ?? '').length >= 20);
  assert.ok(server.issued.includes(tokens.accessToken));
  assert.ok(tokens.refreshToken && server.issued.includes(tokens.refreshToken));
  assert.ok(tokens.expiresAt! > Date.now());
  assert.equal(server.counts.authorization_code, 1);
  assert.equal(browser.callback, 200);
  assert.match(browser.callbackBody, /You can close this tab/);
});

test('browser sign-in: consent denied is one line', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { error, browser } = (await signIn(server, (url) => driveConsent(url, false))) as {
    error: unknown;
    browser: { callbackBody: string };
  };
  assertOAuthError(error, 'OAUTH_CONSENT_DENIED', /^sign-in was declined in the browser \(access_denied\)$/, server);
  assert.match(browser.callbackBody, /Sign-in failed/);
  assert.equal(server.counts.authorization_code, 0);
});

test('browser sign-in: a redirect with another state is refused and no code is exchanged', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { error } = await signIn(server, (url) =>
    driveConsent(url, true, (redirect) => redirect.searchParams.set('state', 'forged')),
  );
  assertOAuthError(error, 'OAUTH_STATE_MISMATCH', /state that does not match this sign-in; nothing was stored/, server);
  assert.equal(server.counts.authorization_code, 0);
});

test('browser sign-in: a redirect naming its issuer (RFC 9207, as Keycloak names its realm) is taken from that server only', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const named = (iss: string) => (url: string) =>
    driveConsent(url, true, (redirect) => redirect.searchParams.set('iss', iss));
  const { tokens, error } = await signIn(server, named(`${server.url}/realms/mail`));
  assert.equal(error, undefined);
  assert.ok(tokens !== undefined && server.issued.includes(tokens.accessToken));
  const other = await signIn(server, named('https://elsewhere.example/realms/mail'));
  assertOAuthError(other.error, 'OAUTH_ENDPOINT', /^the browser came back with an answer mailkeep cannot use/, server);
  assert.equal(server.counts.authorization_code, 1);
});

test('browser sign-in: a wrong client ID is shown by the provider; mailkeep stops at its timeout', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { error, browser } = await signIn(
    server,
    (url) => driveConsent(url, true),
    { clientId: 'not-registered' },
    1500,
  );
  assert.deepEqual(browser, { page: 400 });
  assertOAuthError(error, 'OAUTH_TIMEOUT', /^no answer from the browser within 2 s; run mailkeep login again$/, server);
});

test('browser sign-in: a wrong client secret is refused at the token endpoint', async (t) => {
  const server = await startOAuthServer({ clientSecret: 'right-secret' });
  t.after(() => server.stop());
  const { error } = await signIn(server, (url) => driveConsent(url, true), { clientSecret: 'wrong-secret' });
  assertOAuthError(
    error,
    'OAUTH_CLIENT_REJECTED',
    /^127\.0\.0\.1:\d+ does not accept client ID 'mailkeep-test-client' \(invalid_client\)$/,
    server,
  );
});

for (const [mode, pattern] of [
  ['down', /^cannot reach 127\.0\.0\.1:\d+( \([A-Z_]+\))?$/],
  ['html', /^127\.0\.0\.1:\d+ did not answer like an OAuth endpoint \(HTTP 502, text\/html\)$/],
] as const) {
  test(`browser sign-in: token endpoint ${mode} is one line`, async (t) => {
    const server = await startOAuthServer();
    t.after(() => server.stop());
    server.setTokenEndpoint(mode);
    const { error } = await signIn(server, (url) => driveConsent(url, true));
    assertOAuthError(error, 'OAUTH_ENDPOINT', pattern, server);
  });
}

test('browser sign-in: a token endpoint nobody listens on', async (t) => {
  const server = await startOAuthServer();
  const closed = await startOAuthServer();
  await closed.stop();
  t.after(() => server.stop());
  const { error } = await signIn(server, (url) => driveConsent(url, true), { tokenUrl: closed.tokenUrl });
  assertOAuthError(error, 'OAUTH_ENDPOINT', /^cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/, server);
});

test('a plain http endpoint off this machine is refused before anything is sent', () => {
  assert.throws(
    () =>
      oauthClient('work', {
        provider: 'generic',
        clientId: 'x',
        authorizationUrl: 'http://auth.example.com/a',
        tokenUrl: 'https://auth.example.com/t',
        scope: 'mail',
        tokenStore: 'file',
      }),
    (e: unknown) =>
      e instanceof OAuthError && e.message === "account 'work': oauth.authorizationUrl must be an https URL",
  );
});
