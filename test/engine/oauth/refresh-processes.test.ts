// Several mailkeep processes refreshing one account's sign-in at once (a sync from a timer and a
// verify by hand), against a provider that rotates refresh tokens and takes each one once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { keepSignIn, oauthAccessToken } from '../../../src/engine/oauth/access-tokens.js';
import { REFRESH_LOCK_FILE } from '../../../src/engine/oauth/refresh-lock.js';
import { startOAuthServer } from '../../support/oauth-server.js';
import { deviceSignInTokens, signedIn, tokenAccount } from '../../support/oauth-signed-in.js';
import { waitUntil } from '../../support/wait-until.js';

const run = promisify(execFile);

/** Another mailkeep process (a sync from a timer) refreshing the account's sign-in: resolves to what it printed. */
function refreshInAnotherProcess(account: object, home: string): Promise<string> {
  const child = ['--import', 'tsx', 'test/support/oauth-refresh-child.ts', JSON.stringify(account), home];
  return run(process.execPath, child, { env: { PATH: process.env.PATH } }).then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout,
  );
}

test('two processes refreshing at once both get a token; the stored sign-in is the last one issued', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  await signedIn(server, account, opts, Date.now());
  // Both requests reach the provider while the first is being answered.
  server.setTokenDelay(300);
  const refresh = () => refreshInAnotherProcess(account, opts.home);
  assert.deepEqual(await Promise.all([refresh(), refresh()]), ['ok\n', 'ok\n']);
  assert.equal(server.counts.refresh_token, 2);
  const stored = readFileSync(file, 'utf8').trim();
  assert.equal(stored, server.issued.filter((token) => token.startsWith('rt-')).at(-1));
});

test('a refresh lock left by a process that died is taken over', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  const first = await signedIn(server, account, opts, Date.now());
  const dead = { pid: 2 ** 22 + 1, host: hostname(), account: account.name, startedAt: '', token: 'x' };
  writeFileSync(path.join(account.stateDir, REFRESH_LOCK_FILE), `${JSON.stringify(dead)}\n`);
  assert.notEqual(await oauthAccessToken(account, { ...opts, rejected: first.access_token }), first.access_token);
  assert.equal(existsSync(path.join(account.stateDir, REFRESH_LOCK_FILE)), false, 'released after the refresh');
});

test('a new sign-in stored while another process refreshes the old one is the sign-in kept', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  await signedIn(server, account, opts, Date.now());
  const fresh = await deviceSignInTokens(server);
  // The other process's refresh of the old sign-in is at the provider when `mailkeep login` stores the new one.
  server.setTokenDelay(500);
  const other = refreshInAnotherProcess(account, opts.home);
  await waitUntil(
    () => server.counts.refresh_token === 1,
    () => 'the other process never refreshed',
  );
  const newSignIn = { accessToken: fresh.access_token, refreshToken: fresh.refresh_token };
  await keepSignIn(account, newSignIn, opts);
  assert.equal(await other, 'ok\n');
  assert.equal(readFileSync(file, 'utf8').trim(), fresh.refresh_token, 'not the old sign-in, rotated');
  // The next run refreshes with the new sign-in's token, which the provider still takes.
  server.setTokenDelay(0);
  assert.equal(await refreshInAnotherProcess(account, opts.home), 'ok\n');
});
