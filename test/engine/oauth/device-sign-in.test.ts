import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oauthClient, type TokenSet } from '../../../src/engine/oauth/oauth-client.js';
import { signInWithDeviceCode, type DeviceCodePrompt } from '../../../src/engine/oauth/device-flow.js';
import { OAuthError } from '../../../src/engine/oauth/oauth-errors.js';
import { startOAuthServer, type OAuthTestServer } from '../../support/oauth-server.js';

function client(server: OAuthTestServer, clientId = server.clientId) {
  return oauthClient('work', {
    provider: 'generic',
    clientId,
    authorizationUrl: server.authorizationUrl,
    tokenUrl: server.tokenUrl,
    deviceAuthorizationUrl: server.deviceAuthorizationUrl,
    scope: 'mail',
    tokenStore: 'file',
  });
}

/**
 * Runs a device sign-in with a recorded sleep: each wait is noted and `onWait` (the user, at the
 * given poll) may act before the poll goes out. No real waiting.
 */
async function deviceSignIn(
  server: OAuthTestServer,
  onWait: (poll: number, prompt: DeviceCodePrompt) => Promise<void> | void,
  clientId?: string,
) {
  const waits: number[] = [];
  let prompt: DeviceCodePrompt | undefined;
  const outcome: { tokens?: TokenSet; error?: unknown } = await signInWithDeviceCode(client(server, clientId), {
    onCode: (p) => void (prompt = p),
    sleep: async (ms) => {
      waits.push(ms);
      await onWait(waits.length, prompt!);
    },
  }).then(
    (tokens) => ({ tokens }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, waits, prompt };
}

test('device sign-in: authorization_pending, slow_down adds 5 s each time, then approved', async (t) => {
  const server = await startOAuthServer({ deviceIntervalSeconds: 2 });
  t.after(() => server.stop());
  server.slowDown(2);
  const { tokens, waits, prompt } = (await deviceSignIn(server, async (poll, p) => {
    if (poll === 4) assert.equal(await server.decideDevice(p.userCode, true), 200);
  })) as { tokens: { accessToken: string }; waits: number[]; prompt: DeviceCodePrompt };
  assert.match(prompt.userCode, /^[0-9A-F]{8}$/);
  assert.equal(prompt.verificationUri, `${server.url}/device/verify`);
  assert.ok(prompt.deadline > Date.now());
  // Polls 1 and 2 get slow_down (each adds 5 s to the next wait), 3 is pending, 4 is granted.
  assert.deepEqual(waits, [2000, 7000, 12000, 12000]);
  assert.equal(server.counts.device_code, 4);
  assert.ok(server.issued.includes(tokens.accessToken));
});

test('device sign-in: a poll the provider cannot answer (HTTP 503, no network) is retried, more slowly', async (t) => {
  const server = await startOAuthServer({ deviceIntervalSeconds: 2 });
  t.after(() => server.stop());
  const { tokens, waits, error } = await deviceSignIn(server, async (poll, p) => {
    if (poll === 1) server.answerTokenRequests({ status: 503, body: {}, times: 1 });
    if (poll === 2) server.setTokenEndpoint('down');
    if (poll === 3) server.setTokenEndpoint('ok');
    if (poll === 4) assert.equal(await server.decideDevice(p.userCode, true), 200);
  });
  assert.equal(error, undefined);
  assert.ok(tokens !== undefined && server.issued.includes(tokens.accessToken));
  // Polls 1 (503) and 2 (connection dropped) add 5 s each, as slow_down does; 3 is pending, 4 granted.
  assert.deepEqual(waits, [2000, 7000, 12000, 12000]);
});

test('device sign-in: denied', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { error } = await deviceSignIn(server, async (poll, p) => {
    if (poll === 1) await server.decideDevice(p.userCode, false);
  });
  assert.ok(error instanceof OAuthError && error.code === 'OAUTH_CONSENT_DENIED');
  assert.equal(error.message, 'sign-in was declined (access_denied)');
});

test('device sign-in: an expired device code ends the wait with one line', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { error, waits } = await deviceSignIn(server, (poll) => {
    if (poll === 3) server.expireDeviceCodes();
  });
  assert.ok(error instanceof OAuthError && error.code === 'OAUTH_DEVICE_CODE_EXPIRED');
  assert.equal(error.message, 'the sign-in code expired before it was entered; run mailkeep login again');
  assert.equal(waits.length, 3);
});

test("device sign-in: no wait runs past the code's expiry, however long the interval", async (t) => {
  const server = await startOAuthServer({ deviceIntervalSeconds: 600, deviceExpiresSeconds: 30 });
  t.after(() => server.stop());
  let now = Date.now();
  const waits: number[] = [];
  const signIn = signInWithDeviceCode(client(server), {
    onCode: () => undefined,
    clock: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  });
  await assert.rejects(signIn, (error) => error instanceof OAuthError && error.code === 'OAUTH_DEVICE_CODE_EXPIRED');
  assert.deepEqual(waits, [30_000]);
});

test('device sign-in: a wrong client ID is refused at once', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { error, waits } = await deviceSignIn(server, () => undefined, 'not-registered');
  assert.ok(error instanceof OAuthError && error.code === 'OAUTH_CLIENT_REJECTED');
  assert.match(error.message, /^127\.0\.0\.1:\d+ does not accept client ID 'not-registered' \(invalid_client\)$/);
  assert.deepEqual(waits, []);
});

test('device sign-in: a provider without a device endpoint says to use the browser', async () => {
  const google = oauthClient('g', { provider: 'google', clientId: 'id', clientSecret: 's', tokenStore: 'keyring' });
  await assert.rejects(
    signInWithDeviceCode(google, { onCode: () => assert.fail('no code expected') }),
    /^OAuthError: this provider has no device sign-in for mail; sign in with a browser instead$/,
  );
});
