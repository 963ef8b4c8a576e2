/** @jsxRuntime automatic @jsxImportSource react */
// The wizard's OAuth path with ink-testing-library, signing in for real: the injected sign-in is
// the engine's own, pointed at the local authorization server (device flow) and the harness
// Dovecot, whose oauth2 passdb checks the new token. The test reads the code off the frame and
// enters it the way a user would on another device.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readOwnConfig } from '../../../src/config/own-config.js';
import type { AccountConfig } from '../../../src/config/types.js';
import { signIn } from '../../../src/engine/oauth/index.js';
import type { WizardSignIn } from '../../../src/ui/setup/OAuthSignIn.js';
import { oauthTestAccount, useOAuthWorld } from '../../support/oauth-account.js';
import { waitUntil } from '../../support/wait-until.js';
import { ENTER, ESC, setup } from './wizard-harness.js';

const world = useOAuthWorld({ oauth: { deviceIntervalSeconds: 1 } });

/** The wizard's account with its endpoints and server swapped for the local ones (traffic stays on 127.0.0.1). */
const wizardSignIn: WizardSignIn = (account, prompts, signal) => {
  const local = oauthTestAccount(world.server, world.oauth, '/unused', {
    name: account.name,
    stateDir: account.stateDir,
  });
  const settings = account.password.kind === 'oauth' ? account.password : undefined;
  assert.ok(settings !== undefined, 'the wizard signs in an OAuth account');
  const password = {
    ...local.password,
    clientId: settings.clientId,
    tokenStore: settings.tokenStore,
  } as AccountConfig['password'];
  return signIn(
    { ...local, password },
    { home: '/', env: { PATH: process.env.PATH }, device: true, signal, ...prompts },
  );
};

async function toSignIn(w: ReturnType<typeof setup>, clientId: string) {
  await w.until('Which mail provider?');
  assert.match(w.frame(), /3\. Microsoft 365 \/ Outlook\.com \(OAuth sign-in\) \(outlook\.office365\.com\)/);
  await w.type('3', 'Your email address');
  await w.type('jane@contoso.example', 'jane@contoso.example');
  await w.type(ENTER, 'OAuth client ID:');
  assert.match(w.frame(), /README: Register a client ID with Microsoft/);
  await w.type(clientId, clientId);
  await w.type(ENTER, 'Where should mailkeep keep the sign-in?');
  assert.match(w.frame(), /secret-tool is not installed/);
  assert.match(w.frame(), /1\. A file only you can read \(mode 0600\)/);
  assert.match(w.frame(), /The file: .*\/microsoft\/oauth-refresh-token/);
  await w.type(ENTER, 'Local folder for the backup');
  await w.type(ENTER, /enter the code/);
  const code = /^\s*([0-9A-F]{8})$/m.exec(w.frame())?.[1];
  assert.ok(code !== undefined, w.frame());
  assert.match(w.frame(), /On any device, open http:\/\/127\.0\.0\.1:\d+\/device\/verify and enter the code/);
  assert.match(w.frame(), /Waiting for the code to be entered… 1?\d:\d\d left · Esc to go back/);
  return code;
}

test('Microsoft with OAuth: client ID, file store, device code on screen, checked on IMAP, saved', async (t) => {
  const w = setup(t, async () => assert.fail('no password login for an OAuth account'), undefined, wizardSignIn);
  const code = await toSignIn(w, world.oauth.clientId);
  assert.equal(await world.oauth.decideDevice(code, true), 200);
  await w.until('Saved to');
  await waitUntil(
    () => w.done.length === 1,
    () => 'onDone was not called',
  );
  const [account] = w.done;
  assert.deepEqual(
    [account!.name, account!.host, account!.user],
    ['microsoft', 'outlook.office365.com', 'jane@contoso.example'],
  );
  assert.deepEqual(account!.password, {
    kind: 'oauth',
    provider: 'microsoft',
    clientId: world.oauth.clientId,
    tokenStore: 'file',
  });
  assert.deepEqual(readOwnConfig(w)?.accounts, [account]);
  assert.equal(statSync(path.join(account!.stateDir, 'oauth-refresh-token')).mode & 0o777, 0o600);
  assert.ok(world.oauth.issued.every((secret) => !w.frame().includes(secret)));
});

test('a declined sign-in is one line, nothing is saved, and Esc goes back to the client', async (t) => {
  const w = setup(t, async () => undefined, undefined, wizardSignIn);
  const code = await toSignIn(w, world.oauth.clientId);
  await world.oauth.decideDevice(code, false);
  await w.until('Sign-in failed: sign-in was declined (access_denied)');
  assert.match(w.frame(), /Enter to try again · Esc to change the client or the store/);
  assert.equal(readOwnConfig(w), undefined);
  assert.equal(existsSync(path.join(w.env.XDG_STATE_HOME!, 'mailkeep', 'microsoft', 'oauth-refresh-token')), false);
  await w.type(ESC, 'OAuth client ID:');
});
