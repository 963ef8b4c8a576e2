// Several mailkeep processes refreshing one account's sign-in at once (a sync from a timer and a
// verify by hand), against a provider that rotates refresh tokens and takes each one once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { oauthAccessToken } from '../../../src/engine/oauth/access-tokens.js';
import { REFRESH_LOCK_FILE } from '../../../src/engine/oauth/refresh-lock.js';
import { startOAuthServer } from '../../support/oauth-server.js';
import { signedIn, tokenAccount } from '../../support/oauth-signed-in.js';

const run = promisify(execFile);

test('two processes refreshing at once both get a token; the stored sign-in is the last one issued', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  await signedIn(server, account, opts, Date.now());
  // Both requests reach the provider while the first is being answered.
  server.setTokenDelay(300);
  const child = ['--import', 'tsx', 'test/support/oauth-refresh-child.ts', JSON.stringify(account), opts.home];
  const refresh = () =>
    run(process.execPath, child, { env: { PATH: process.env.PATH } }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
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
