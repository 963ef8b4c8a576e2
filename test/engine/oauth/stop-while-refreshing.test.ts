// A stop (^C, SIGTERM, quitting the app) while an account's sign-in is being refreshed: the pass
// ends at once, as a stop while connecting does, where it waited for the token endpoint until the
// Timeout and then failed the account.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AccountConfig } from '../../../src/config/types.js';
import { createEngine } from '../../../src/engine/engine.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { forgetAccessTokens, oauthAccountOf } from '../../../src/engine/oauth/access-tokens.js';
import { OAuthError } from '../../../src/engine/oauth/oauth-errors.js';
import { lockRefresh, REFRESH_LOCK_FILE } from '../../../src/engine/oauth/refresh-lock.js';
import { useFakeAccounts } from '../../support/fake-imap-account.js';
import { startOAuthServer, type OAuthTestServer } from '../../support/oauth-server.js';
import { signedIn } from '../../support/oauth-signed-in.js';
import { startScriptedServer } from '../../support/scripted-server.js';
import { waitUntil } from '../../support/wait-until.js';

const accountOn = useFakeAccounts();

/** An account signed in at `oauth`, its access token forgotten: the pass starts with a refresh. */
async function signedInAccount(oauth: OAuthTestServer): Promise<AccountConfig> {
  const imap = await startScriptedServer('* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready', () => undefined);
  const password = {
    kind: 'oauth' as const,
    provider: 'generic' as const,
    clientId: oauth.clientId,
    authorizationUrl: oauth.authorizationUrl,
    tokenUrl: oauth.tokenUrl,
    scope: 'mail',
    tokenStore: 'file' as const,
  };
  const account = await accountOn(imap, { password, timeoutSeconds: 60 });
  await signedIn(oauth, oauthAccountOf(account)!, { home: account.stateDir, env: {} }, Date.now());
  forgetAccessTokens();
  return account;
}

/** Runs a pass, stops it once `ready` says so; the milliseconds the stop took and the pass's errors. */
async function stopWhen(account: AccountConfig, ready: () => boolean) {
  const engine = createEngine({ accounts: [account] });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));
  const summary = engine.whenIdle();
  engine.resync(undefined);
  await waitUntil(ready, () => 'the pass never got there');
  const started = Date.now();
  await engine.stop();
  const ms = Date.now() - started;
  return { ms, exitCode: (await summary).exitCode, errors: events.filter((e) => e.type === 'error') };
}

test('stopped while the token endpoint sits on the refresh: the pass ends at once, with no failure', async (t) => {
  const oauth = await startOAuthServer();
  t.after(() => oauth.stop());
  const account = await signedInAccount(oauth);
  oauth.setTokenEndpoint('silent');
  const { ms, exitCode, errors } = await stopWhen(account, () => oauth.counts.refresh_token === 1);
  assert.ok(ms < 5000, `the stop took ${ms} ms (Timeout 60 s)`);
  assert.deepEqual([exitCode, errors], [0, []]);
});

test('stopped while another process refreshes: the pass ends at once and sends no refresh later', async (t) => {
  const oauth = await startOAuthServer();
  t.after(() => oauth.stop());
  const account = await signedInAccount(oauth);
  // A live process (this one, as another run would be) holds the refresh lock.
  const holder = { pid: process.pid, host: hostname(), account: account.name, startedAt: '', token: 'other' };
  writeFileSync(join(account.stateDir, REFRESH_LOCK_FILE), `${JSON.stringify(holder)}\n`);
  let waited = false;
  setTimeout(() => (waited = true), 300);
  const { ms, exitCode, errors } = await stopWhen(account, () => waited);
  assert.ok(ms < 5000, `the stop took ${ms} ms (Timeout 60 s)`);
  assert.deepEqual([exitCode, errors], [0, []]);
  // The other process is done: this one, stopped, must not refresh now.
  rmSync(join(account.stateDir, REFRESH_LOCK_FILE));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(oauth.counts.refresh_token, 0);
});

test('a run stopped before it reaches the refresh lock does not take it, though it is free', async (t) => {
  // Under load the stop can come before the pass asks for the lock, and the lock be free by then.
  const stateDir = mkdtempSync(join(tmpdir(), 'mailkeep-refresh-lock-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(
    lockRefresh(stateDir, 'work', 10_000, stop.signal),
    (error) => error instanceof OAuthError && error.code === 'OAUTH_TIMEOUT',
  );
  assert.equal(existsSync(join(stateDir, REFRESH_LOCK_FILE)), false);
});
