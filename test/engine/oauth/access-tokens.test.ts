import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetAccessTokens, oauthAccessToken, REFRESH_MARGIN_MS } from '../../../src/engine/oauth/access-tokens.js';
import { OAuthError } from '../../../src/engine/oauth/oauth-errors.js';
import { tokenStore } from '../../../src/engine/oauth/token-store.js';
import { immutableSkip, withImmutableFile } from '../../support/immutable-file.js';
import { startKeyring } from '../../support/keyring.js';
import { startOAuthServer } from '../../support/oauth-server.js';
import { tracedReplace } from '../../support/traced-replace.js';
import { signedIn, tokenAccount } from '../../support/oauth-signed-in.js';

test('access token: kept while fresh, refreshed a minute before expiry, rotated refresh token stored', async (t) => {
  const server = await startOAuthServer({ accessTokenSeconds: 3600 });
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  let now = 1_000_000;
  const clock = () => now;
  const first = await signedIn(server, account, opts, now);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file, 'utf8').trim(), first.refresh_token);

  assert.equal(await oauthAccessToken(account, { ...opts, clock }), first.access_token);
  now += 3600_000 - REFRESH_MARGIN_MS - 1;
  assert.equal(await oauthAccessToken(account, { ...opts, clock }), first.access_token);
  assert.equal(server.counts.refresh_token, 0);
  now += 2;
  const second = await oauthAccessToken(account, { ...opts, clock });
  assert.notEqual(second, first.access_token);
  assert.equal(server.counts.refresh_token, 1);
  const rotated = readFileSync(file, 'utf8').trim();
  assert.notEqual(rotated, first.refresh_token);
  assert.ok(server.issued.includes(rotated));
});

test('access token: a rejected token is refreshed once, however many connections report it', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  const first = await signedIn(server, account, opts, Date.now());
  const again = await Promise.all(
    [1, 2, 3, 4].map(() => oauthAccessToken(account, { ...opts, rejected: first.access_token })),
  );
  assert.equal(new Set(again).size, 1);
  assert.notEqual(again[0], first.access_token);
  assert.equal(server.counts.refresh_token, 1);
  // A late report of the old token does not refresh again.
  assert.equal(await oauthAccessToken(account, { ...opts, rejected: first.access_token }), again[0]);
  assert.equal(server.counts.refresh_token, 1);
});

test('access token: a revoked refresh token asks to sign in again, in one line, and keeps nothing', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server, 'my work');
  const first = await signedIn(server, account, opts, Date.now());
  server.revokeRefreshTokens();
  await assert.rejects(
    oauthAccessToken(account, { ...opts, rejected: first.access_token }),
    (e: unknown) =>
      e instanceof OAuthError &&
      e.code === 'OAUTH_SIGN_IN_AGAIN' &&
      e.message === "sign in again: mailkeep login 'my work'",
  );
  assert.equal(readFileSync(file, 'utf8').trim(), first.refresh_token);
});

test('access token: never signed in', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  await assert.rejects(oauthAccessToken(account, opts), /^OAuthError: not signed in yet: mailkeep login work$/);
  assert.equal(server.counts.refresh_token, 0);
});

test('access token: token endpoint down or answering HTML during a refresh', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  const first = await signedIn(server, account, opts, Date.now());
  server.setTokenEndpoint('html');
  await assert.rejects(
    oauthAccessToken(account, { ...opts, rejected: first.access_token }),
    (e: unknown) =>
      e instanceof OAuthError &&
      e.retry === 'wait' &&
      /did not answer like an OAuth endpoint \(HTTP 502, text\/html\)$/.test(e.message),
  );
  server.setTokenEndpoint('down');
  await assert.rejects(
    oauthAccessToken(account, opts),
    (e: unknown) => e instanceof OAuthError && /^cannot reach 127\.0\.0\.1:\d+/.test(e.message),
  );
  server.setTokenEndpoint('ok');
  assert.notEqual(await oauthAccessToken(account, opts), first.access_token);
});

test('token file: created 0600, fsynced before it replaces the old token, its directory after', (t) => {
  const stateDir = path.join(mkdtempSync(path.join(tmpdir(), 'mailkeep-token-')), 'work');
  t.after(() => rmSync(path.dirname(stateDir), { recursive: true, force: true }));
  mkdirSync(stateDir);
  const file = path.join(stateDir, 'oauth-refresh-token');
  writeFileSync(file, 'rt-old\n', { mode: 0o600 });
  const child = fileURLToPath(new URL('../../support/save-token-child.ts', import.meta.url));
  const calls = tracedReplace(file, child, [stateDir, 'rt-new']);
  assert.deepEqual(calls, ['create 0600', 'fsync file', 'rename', 'fsync dir']);
  assert.equal(readFileSync(file, 'utf8'), 'rt-new\n');
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('token file: refused when others can read it', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  await signedIn(server, account, opts, Date.now());
  chmodSync(file, 0o644);
  forgetAccessTokens();
  await assert.rejects(
    oauthAccessToken(account, opts),
    /^OAuthError: account 'work': .*oauth-refresh-token is readable by others; run chmod 600 on it$/,
  );
});

test('keyring store: the token goes to secret-tool on stdin, never on its command line', async (t) => {
  const bin = mkdtempSync(path.join(tmpdir(), 'mailkeep-bin-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  const vault = path.join(bin, 'vault');
  const argvLog = path.join(bin, 'argv');
  writeFileSync(
    path.join(bin, 'secret-tool'),
    `#!/bin/sh
echo "$*" >> ${argvLog}
key=$(echo "$*" | sed 's/^[a-z]* //; s/--label=[^ ]* [^ ]* [^ ]* [^ ]* [^ ]* //' | tr ' /' '__')
case "$1" in
  store) cat > ${vault}.$key ;;
  lookup) [ -f ${vault}.$key ] && cat ${vault}.$key || exit 1 ;;
  clear) rm -f ${vault}.$key ;;
esac
`,
  );
  chmodSync(path.join(bin, 'secret-tool'), 0o755);
  const store = tokenStore({
    account: 'work',
    kind: 'keyring',
    stateDir: '/nonexistent',
    home: bin,
    env: { PATH: `${bin}:${process.env.PATH}` },
  });
  assert.equal(await store.load(), undefined);
  await store.save('rt-secret-value');
  assert.equal(await store.load(), 'rt-secret-value');
  await store.clear();
  assert.equal(await store.load(), undefined);
  const argv = readFileSync(argvLog, 'utf8');
  assert.match(argv, /^store --label=mailkeep OAuth sign-in for work service mailkeep-oauth account work$/m);
  assert.ok(!argv.includes('rt-secret-value'));
  assert.equal(store.where, 'the system keyring');
  const missing = tokenStore({
    account: 'work',
    kind: 'keyring',
    stateDir: '/x',
    home: bin,
    env: { PATH: '/nonexistent' },
  });
  await assert.rejects(
    missing.load(),
    /secret-tool is not installed \(package libsecret-tools\), or choose the token file store$/,
  );
  assert.ok(!existsSync('/nonexistent'));
});

test('keyring store against a real Secret Service (gnome-keyring on a private D-Bus session)', async (t) => {
  const keyring = await startKeyring(t);
  const store = tokenStore({
    account: 'work',
    kind: 'keyring',
    stateDir: '/nonexistent',
    home: keyring.env.HOME!,
    env: keyring.env,
  });
  assert.equal(await store.load(), undefined);
  await store.save('rt-first');
  await store.save('rt-rotated');
  assert.equal(await store.load(), 'rt-rotated');
  assert.equal(await keyring.lookup({ service: 'mailkeep-oauth', account: 'work' }), 'rt-rotated');
  await store.clear();
  assert.equal(await store.load(), undefined);
});

test('keyring store: a keyring that cannot be reached (no D-Bus session) is said, not taken for "not signed in"', async (t) => {
  const home = mkdtempSync(path.join(tmpdir(), 'mailkeep-nobus-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  // No DBUS_SESSION_BUS_ADDRESS and no DISPLAY, as under cron or a plain ssh login.
  const store = tokenStore({
    account: 'work',
    kind: 'keyring',
    stateDir: path.join(home, 'state'),
    home,
    env: { PATH: process.env.PATH, HOME: home },
  });
  await assert.rejects(
    store.load(),
    (e: unknown) =>
      e instanceof OAuthError &&
      /^account 'work': the keyring is not available \(secret-tool: .*D-Bus.*\)$/.test(e.message),
  );
  await assert.rejects(
    store.save('rt-secret-value'),
    (e: unknown) =>
      e instanceof OAuthError &&
      /^account 'work': the keyring refused to store the sign-in \(secret-tool: .*D-Bus.*\)$/.test(e.message),
  );
});

test('keyring store: a keyring tool that exits before reading the secret is its one-line refusal, no EPIPE crash', async (t) => {
  const home = mkdtempSync(path.join(tmpdir(), 'mailkeep-quitter-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  // Exits at once, as secret-tool does without a D-Bus session; a secret larger than a pipe holds
  // makes the write fail with EPIPE every time (it was an uncaught exception).
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'secret-tool'), '#!/bin/sh\necho "secret-tool: Cannot autolaunch D-Bus" >&2\nexit 1\n');
  chmodSync(path.join(bin, 'secret-tool'), 0o755);
  const store = tokenStore({
    account: 'work',
    kind: 'keyring',
    stateDir: path.join(home, 'state'),
    home,
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: home },
  });
  await assert.rejects(
    store.save('r'.repeat(1024 * 1024)),
    (e: unknown) =>
      e instanceof OAuthError &&
      /^account 'work': the keyring refused to store the sign-in \(secret-tool: Cannot autolaunch D-Bus\)$/.test(
        e.message,
      ),
  );
});

test('token file: one that cannot be read (a directory in its place) is one line naming it', async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  mkdirSync(file, { recursive: true, mode: 0o700 });
  chmodSync(file, 0o700);
  await assert.rejects(
    oauthAccessToken(account, opts),
    (e: unknown) =>
      e instanceof OAuthError &&
      /^account 'work': cannot read .*oauth-refresh-token: is a directory \(EISDIR\)$/.test(e.message),
  );
});

test("access token: a token endpoint that never answers ends at the account's Timeout, in one line", async (t) => {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts } = tokenAccount(t, server);
  await signedIn(server, account, opts, Date.now());
  forgetAccessTokens();
  server.setTokenEndpoint('silent');
  const started = Date.now();
  await assert.rejects(
    oauthAccessToken({ ...account, timeoutMs: 1000 }, opts),
    (e: unknown) =>
      e instanceof OAuthError && e.retry === 'wait' && /^no answer from 127\.0\.0\.1:\d+ within 1 s$/.test(e.message),
  );
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

/** Signed in, then refreshed while the token file cannot be replaced (immutable for the refresh). */
async function refreshedUnstored(t: TestContext) {
  const server = await startOAuthServer();
  t.after(() => server.stop());
  const { account, opts, file } = tokenAccount(t, server);
  const first = await signedIn(server, account, opts, Date.now());
  const notices: string[] = [];
  const onNotice = (message: string) => notices.push(message);
  const second = await withImmutableFile(file, () =>
    oauthAccessToken(account, { ...opts, onNotice, rejected: first.access_token }),
  );
  return { server, account, opts: { ...opts, onNotice }, file, first, second, notices };
}

test(
  'a rotated refresh token the store refuses: said once, the run goes on, the next refresh uses it and stores it',
  { skip: immutableSkip },
  async (t) => {
    const { server, account, opts, file, first, second, notices } = await refreshedUnstored(t);
    assert.notEqual(second, first.access_token);
    assert.equal(notices.length, 1);
    assert.match(
      notices[0]!,
      /^account 'work': cannot write .*oauth-refresh-token \(EPERM\): the renewed sign-in is kept/,
    );
    assert.equal(readFileSync(file, 'utf8').trim(), first.refresh_token, 'nothing half-written');
    assert.deepEqual(readdirSync(path.dirname(file)), ['oauth-refresh-token'], 'no temp file left');
    // The stored token was used up by that refresh: the next one goes with the token kept in memory.
    assert.notEqual(await oauthAccessToken(account, { ...opts, rejected: second }), second);
    assert.equal(notices.length, 1);
    const latest = server.issued.filter((token) => token.startsWith('rt-')).at(-1);
    assert.equal(readFileSync(file, 'utf8').trim(), latest, 'stored once the store takes it');
  },
);

test(
  'a kept refresh token, and the next answer brings none (a provider that does not rotate): the kept one is stored',
  { skip: immutableSkip },
  async (t) => {
    const { server, account, opts, file, second } = await refreshedUnstored(t);
    const kept = server.issued.filter((token) => token.startsWith('rt-')).at(-1)!;
    server.shapeGrants(({ refresh_token: _dropped, ...body }) => body);
    assert.notEqual(await oauthAccessToken(account, { ...opts, rejected: second }), second);
    assert.equal(readFileSync(file, 'utf8').trim(), kept);
  },
);

test(
  'a rotated refresh token the store refuses, with no one to tell: the refresh fails in one line',
  { skip: immutableSkip },
  async (t) => {
    const server = await startOAuthServer();
    t.after(() => server.stop());
    const { account, opts, file } = tokenAccount(t, server);
    const first = await signedIn(server, account, opts, Date.now());
    await withImmutableFile(file, () =>
      assert.rejects(
        oauthAccessToken(account, { ...opts, rejected: first.access_token }),
        (e: unknown) => e instanceof OAuthError && /^account 'work': cannot write .* \(EPERM\)$/.test(e.message),
      ),
    );
    assert.equal(readFileSync(file, 'utf8').trim(), first.refresh_token, 'the old token is left as it was');
  },
);
