// `mailkeep login` in process against the harness Dovecot (oauth2 passdb) and the local
// authorization server: browser and device sign-in, switching an account, and the bad inputs —
// each one line on stderr, exit 2, nothing stored.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, test } from 'node:test';
import { runLogin, type LoginIo, type LoginOptions } from '../../src/commands/login.js';
import { readOwnConfig, saveAccounts } from '../../src/config/own-config.js';
import type { AccountConfig } from '../../src/config/types.js';
import { forgetAccessTokens } from '../../src/engine/oauth/access-tokens.js';
import { oauthTestAccount, useOAuthWorld } from '../support/oauth-account.js';
import { driveConsent } from '../support/oauth-consent.js';
import { homeEnv } from '../support/sync-command.js';
import { waitUntil } from '../support/wait-until.js';

const world = useOAuthWorld({ oauth: { deviceIntervalSeconds: 1 } });
beforeEach(() => forgetAccessTokens());

const account = (root: string, overrides: Partial<AccountConfig> = {}) =>
  oauthTestAccount(world.server, world.oauth, root, { name: 'work', concurrency: 1, ...overrides });

/** A home with a mailkeep config holding `accounts`, and `mailkeep login` run in it. */
function home(accounts: (root: string) => AccountConfig[]) {
  const root = world.newRoot();
  const env = { ...homeEnv(root), PATH: process.env.PATH };
  saveAccounts(accounts(root), { home: root, env });
  const tokenFile = join(root, 'state', 'oauth-refresh-token');
  const login = async (options: Partial<LoginOptions>, seams: Partial<LoginIo> = {}) => {
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    const output = { out: '', err: '' };
    stdout.on('data', (d) => (output.out += d));
    stderr.on('data', (d) => (output.err += d));
    const code = await runLogin(
      { account: 'work', device: false, ...options },
      { stdout, stderr, home: root, env, ...seams },
    );
    return { code, ...output };
  };
  return { root, env, tokenFile, login };
}

const noSecrets = (text: string) => world.oauth.issued.every((secret) => !text.includes(secret));

describe('mailkeep login', () => {
  test('browser: URL printed, consent given, token checked on the IMAP server, sign-in stored', async () => {
    const h = home((root) => [account(root)]);
    let browser: Promise<unknown> = Promise.resolve();
    const result = await h.login({}, { openBrowser: (url) => void (browser = driveConsent(url, true)) });
    await browser;
    assert.equal(result.code, 0, result.err);
    assert.match(
      result.out,
      /^Sign in to work in a browser \(a listener waits on 127\.0\.0\.1:\d+\):\n\n {2}http:\/\/127\.0\.0\.1:\d+\//m,
    );
    assert.match(result.out, /^Waiting for the browser sign-in \(up to 5:00\)…$/m);
    assert.match(result.out, /^Checking the sign-in on 127\.0\.0\.1…$/m);
    assert.match(result.out, /^Signed in: work \(alice\); the sign-in is kept in ~\/state\/oauth-refresh-token\.$/m);
    assert.equal(statSync(h.tokenFile).mode & 0o777, 0o600);
    assert.equal(existsSync(join(h.root, 'state', 'oauth-refresh.lock')), false, 'the refresh lock is released');
    assert.ok(noSecrets(result.out + result.err));
  });

  test('device: the code is shown, entered elsewhere, and the sign-in stored', async () => {
    const h = home((root) => [account(root)]);
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    let out = '';
    stdout.on('data', (d) => (out += d));
    const running = runLogin({ account: 'work', device: true }, { stdout, stderr, home: h.root, env: h.env });
    const code = await waitUntil(
      () => /enter the code ([0-9A-F]{8})/.exec(out)?.[1],
      () => `no code shown:\n${out}`,
    );
    assert.match(
      out,
      new RegExp(
        `^To sign in to work, open ${world.oauth.url}/device/verify on any device and enter the code ${code}$`,
        'm',
      ),
    );
    assert.equal(await world.oauth.decideDevice(code, true), 200);
    assert.equal(await running, 0);
    assert.match(out, /^Signed in: work \(alice\)/m);
    assert.ok(existsSync(h.tokenFile));
  });

  const failures: [string, (root: string) => AccountConfig, Partial<LoginOptions>, boolean | undefined, RegExp][] = [
    [
      'consent denied',
      (root) => account(root),
      {},
      false,
      /^mailkeep: sign-in was declined in the browser \(access_denied\)\n$/,
    ],
    [
      'wrong client ID (device)',
      (root) =>
        account(root, {
          password: { ...(account(root).password as object), clientId: 'nope' } as AccountConfig['password'],
        }),
      { device: true },
      undefined,
      /^mailkeep: 127\.0\.0\.1:\d+ does not accept client ID 'nope' \(invalid_client\)\n$/,
    ],
    [
      'unknown account',
      (root) => account(root),
      { account: 'play' },
      undefined,
      /^mailkeep: no account named play in .*config\.json\n$/,
    ],
    [
      'a password account without --client-id',
      (root) => account(root, { password: { kind: 'plain', password: 'x' } }),
      {},
      undefined,
      /^mailkeep: account 'work' does not sign in with OAuth; to switch it: mailkeep login work --client-id ID /,
    ],
    [
      '--client-id for a host without a preset',
      (root) => account(root, { password: { kind: 'command', command: 'oama access alice' }, authMechs: ['XOAUTH2'] }),
      { clientId: 'abc' },
      undefined,
      /^mailkeep: no OAuth preset for 127\.0\.0\.1; set the endpoints of a generic provider in the config instead\n$/,
    ],
  ];
  for (const [name, make, options, approve, pattern] of failures) {
    test(`bad input, one line and nothing stored: ${name}`, async () => {
      const h = home((root) => [make(root)]);
      const before = readOwnConfig({ home: h.root, env: h.env });
      let browser: Promise<unknown> = Promise.resolve();
      const result = await h.login(options, {
        openBrowser: (url) => void (browser = driveConsent(url, approve ?? true)),
      });
      await browser;
      assert.equal(result.code, 2);
      assert.match(result.err, pattern);
      assert.equal(existsSync(h.tokenFile), false);
      assert.deepEqual(readOwnConfig({ home: h.root, env: h.env }), before);
      assert.ok(noSecrets(result.out + result.err));
    });
  }

  test('--client-id replaces the client of an account and saves it once the sign-in worked', async () => {
    const h = home((root) => [
      account(root, {
        password: { ...(account(root).password as object), clientId: 'old-client' } as AccountConfig['password'],
      }),
    ]);
    let browser: Promise<unknown> = Promise.resolve();
    const result = await h.login(
      { clientId: world.oauth.clientId },
      { openBrowser: (url) => void (browser = driveConsent(url, true)) },
    );
    await browser;
    assert.equal(result.code, 0, result.err);
    const [saved] = readOwnConfig({ home: h.root, env: h.env })!.accounts;
    assert.deepEqual(saved!.password, { ...account(h.root).password });
  });

  test('Ctrl-C while the token is tried on a server that does not answer ends at once; nothing stored', async (t) => {
    // The server takes the connection and never greets; Ctrl-C comes once mailkeep waits on it.
    const silent = createServer(() => setTimeout(() => process.emit('SIGINT'), 200));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t.after(() => silent.close());
    const port = (silent.address() as AddressInfo).port;
    const h = home((root) => [account(root, { tls: 'none', port })]);
    let browser: Promise<unknown> = Promise.resolve();
    const started = performance.now();
    const result = await h.login({}, { openBrowser: (url) => void (browser = driveConsent(url, true)) });
    await browser;
    assert.deepEqual([result.code, result.err], [130, 'mailkeep: sign-in cancelled\n']);
    assert.ok(performance.now() - started < 10_000, 'not held for the Timeout (40 s)');
    assert.equal(existsSync(h.tokenFile), false);
  });

  test('SIGTERM while the browser sign-in is awaited: cancelled, exit 143 (128 + SIGTERM), nothing stored', async () => {
    const h = home((root) => [account(root)]);
    const result = await h.login({}, { openBrowser: () => setTimeout(() => process.emit('SIGTERM'), 100) });
    assert.deepEqual([result.code, result.err], [143, 'mailkeep: sign-in cancelled\n']);
    assert.equal(existsSync(h.tokenFile), false);
  });

  test('no keyring to be reached (no D-Bus session, as over ssh): said before the sign-in, with the file store to use', async () => {
    const keyring = (root: string) => ({ ...(account(root).password as object), tokenStore: 'keyring' });
    const h = home((root) => [account(root, { password: keyring(root) as AccountConfig['password'] })]);
    const before = { ...world.oauth.counts };
    let browser: Promise<unknown> = Promise.resolve();
    const result = await h.login({}, { openBrowser: (url) => void (browser = driveConsent(url, true)) });
    await browser;
    assert.equal(result.code, 2);
    assert.match(result.err, /^mailkeep: account 'work': the keyring is not available \(.*D-Bus.*\); /);
    assert.match(
      result.err,
      /; to keep the sign-in in a file instead: mailkeep login work --client-id mailkeep-test-client --store file\n$/,
    );
    assert.equal(result.out, '', 'no sign-in was started');
    assert.deepEqual(world.oauth.counts, before);
  });

  test('the config never holds a token after a sign-in', async () => {
    const h = home((root) => [account(root)]);
    let browser: Promise<unknown> = Promise.resolve();
    assert.equal((await h.login({}, { openBrowser: (url) => void (browser = driveConsent(url, true)) })).code, 0);
    await browser;
    assert.ok(noSecrets(readFileSync(join(h.env.XDG_CONFIG_HOME, 'mailkeep', 'config.json'), 'utf8')));
  });
});
