// OAuth2 end to end against the harness Dovecot, whose oauth2 passdb checks every XOAUTH2 /
// OAUTHBEARER token at the local authorization server's tokeninfo endpoint: sign-in through the
// loopback flow, sync, refresh after the server stops taking a token, a revoked sign-in, a token
// the server never takes, and mbsync's token PassCmd.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { parseCommandLine } from '../../../src/cli-args.js';
import { runSync } from '../../../src/commands/sync.js';
import { saveAccounts } from '../../../src/config/own-config.js';
import type { AccountConfig } from '../../../src/config/types.js';
import { forgetAccessTokens } from '../../../src/engine/oauth/access-tokens.js';
import { signIn } from '../../../src/engine/oauth/index.js';
import { runPass, syncOnce } from '../../support/corpus-server.js';
import { homeEnv } from '../../support/sync-command.js';
import { oauthTestAccount, useOAuthWorld } from '../../support/oauth-account.js';
import { driveConsent } from '../../support/oauth-consent.js';
import { immutableSkip, withImmutableFile } from '../../support/immutable-file.js';

const world = useOAuthWorld({ corpus: true });

beforeEach(() => {
  forgetAccessTokens();
  world.oauth.setEmail('alice');
  world.oauth.setTokenEndpoint('ok');
});

const oauthAccount = (root: string, overrides: Partial<AccountConfig> = {}) =>
  oauthTestAccount(world.server, world.oauth, root, overrides);

/** `signIn` with the test playing the browser: consent given (or not), the redirect followed. */
async function browserSignIn(account: AccountConfig, root: string, approve = true) {
  let browser: Promise<unknown> = Promise.resolve();
  const outcome = await signIn(account, {
    home: root,
    env: { PATH: process.env.PATH },
    openBrowser: (url) => void (browser = driveConsent(url, approve)),
    onBrowserUrl: () => undefined,
    onDeviceCode: () => assert.fail('the browser flow was expected'),
  }).then(
    (where) => ({ where }),
    (error: unknown) => ({ error }),
  );
  await browser;
  return outcome as { where?: string; error?: unknown };
}

const tokenFile = (account: AccountConfig) => join(account.stateDir, 'oauth-refresh-token');
const snapshot = () => ({ ...world.oauth.counts });
const delta = (before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(world.oauth.counts)
      .map(([k, v]): [string, number] => [k, v - before[k]!])
      .filter(([, v]) => v !== 0),
  );

describe('OAuth2 against Dovecot', () => {
  test('browser sign-in checked on the server, stored 0600; the account syncs over XOAUTH2/OAUTHBEARER', async () => {
    const root = world.newRoot();
    const account = oauthAccount(root);
    const before = snapshot();
    const { where, error } = await browserSignIn(account, root);
    assert.equal(error, undefined);
    assert.equal(where, '~/state/oauth-refresh-token');
    assert.equal(statSync(tokenFile(account)).mode & 0o777, 0o600);
    assert.deepEqual(delta(before), { authorization_code: 1, tokeninfoOk: 1 });

    const { summary } = await runPass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.ok(summary.added > 0);
    assert.equal(
      world.oauth.counts.refresh_token,
      before.refresh_token,
      'the fresh access token was used, not refreshed',
    );
    assert.match(readFileSync(join(world.server.dir, 'dovecot.log'), 'utf8'), /method=(XOAUTH2|OAUTHBEARER)/);
  });

  test('a revoked sign-in: one line, exit 2, and the other account syncs; no token in any output', async () => {
    const root = world.newRoot();
    const account = oauthAccount(root);
    await browserSignIn(account, root);
    const other = oauthAccount(root, {
      name: 'password',
      password: { kind: 'plain', password: world.server.user.password },
      localPath: join(root, 'other'),
      inboxPath: join(root, 'other', 'INBOX'),
      stateDir: join(root, 'other-state'),
    });
    const env = homeEnv(root);
    saveAccounts([account, other], { home: root, env });
    world.oauth.expireAccessTokens();
    world.oauth.revokeRefreshTokens();
    forgetAccessTokens();
    const before = snapshot();
    const run = async (args: string[]) => {
      const command = parseCommandLine(['sync', ...args]);
      if (command.kind !== 'sync') throw new Error('not sync');
      const { kind: _kind, ...options } = command;
      const [stdout, stderr] = [new PassThrough(), new PassThrough()];
      let out = '';
      let err = '';
      stdout.on('data', (d) => (out += d));
      stderr.on('data', (d) => (err += d));
      return { code: await runSync(options, { stdout, stderr, home: root, env }), out, err };
    };
    const human = await run([]);
    assert.equal(human.code, 2);
    assert.equal(human.err, 'mailkeep: oauth: sign in again: mailkeep login oauth\n');
    assert.match(human.out, /^password\/INBOX \+\d+/m);
    assert.doesNotMatch(human.out, /^oauth\//m);
    const json = await run(['--json', 'oauth']);
    assert.equal(json.code, 2);
    const errors = json.out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; error?: { code: string; message: string } })
      .filter((e) => e.type === 'error');
    assert.deepEqual(
      errors.map((e) => [e.error?.code, e.error?.message]),
      [['OAUTH_SIGN_IN_AGAIN', 'sign in again: mailkeep login oauth']],
    );
    assert.deepEqual(delta(before), { refresh_token: 2 }, 'one refresh per run, no IMAP login with a dead token');
    const config = readFileSync(join(env.XDG_CONFIG_HOME, 'mailkeep', 'config.json'), 'utf8');
    for (const secret of world.oauth.issued) {
      for (const text of [human.out, human.err, json.out, config])
        assert.ok(!text.includes(secret), 'a token or code leaked');
    }
  });

  test('a token the server stops taking is refreshed once, and the pass goes on', async () => {
    const root = world.newRoot();
    const account = oauthAccount(root);
    await browserSignIn(account, root);
    const stored = readFileSync(tokenFile(account), 'utf8');
    world.oauth.expireAccessTokens();
    const before = snapshot();
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const changes = delta(before);
    assert.equal(changes.refresh_token, 1);
    assert.ok(
      changes.tokeninfoRejected! >= 1 && changes.tokeninfoRejected! <= account.concurrency,
      JSON.stringify(changes),
    );
    assert.notEqual(readFileSync(tokenFile(account), 'utf8'), stored, 'the rotated refresh token is kept');
  });

  test(
    'a renewed sign-in the token file cannot take: one notice naming the file, and the pass goes on',
    { skip: immutableSkip },
    async () => {
      const root = world.newRoot();
      const account = oauthAccount(root);
      await browserSignIn(account, root);
      const stored = readFileSync(tokenFile(account), 'utf8');
      world.oauth.expireAccessTokens();
      forgetAccessTokens();
      // The token file cannot be replaced for the pass, even by root (EPERM).
      const { summary, events } = await withImmutableFile(tokenFile(account), () => syncOnce(account));
      assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
      assert.ok(summary.added > 0);
      const notices = events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
      assert.equal(notices.length, 1, JSON.stringify(notices));
      assert.match(
        notices[0]!,
        /^account 'oauth': cannot write \S+\/oauth-refresh-token \(EPERM\): the renewed sign-in is kept in memory for this run only; /,
      );
      assert.equal(readFileSync(tokenFile(account), 'utf8'), stored, 'the old token is left as it was');
    },
  );

  test('a throttled token endpoint (HTTP 429) is waited out: the pass goes on, one refresh at a time', async () => {
    const root = world.newRoot();
    const account = oauthAccount(root);
    await browserSignIn(account, root);
    world.oauth.expireAccessTokens();
    forgetAccessTokens();
    world.oauth.answerTokenRequests({ status: 429, body: { error: 'too_many_requests' }, times: 2 });
    const before = snapshot();
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.ok(summary.added > 0);
    assert.equal(delta(before).refresh_token, 3, 'two throttled, one answered, shared by every connection');
  });

  test('a token the server never takes: one refresh, then one error; no retry storm', async () => {
    const root = world.newRoot();
    const account = oauthAccount(root);
    await browserSignIn(account, root);
    world.oauth.setEmail('somebody-else');
    const before = snapshot();
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 2);
    assert.deepEqual(
      summary.errors.map((e) => [e.code, e.scope]),
      [['AUTH_TOKEN_REJECTED', 'account']],
    );
    assert.match(summary.errors[0]!.message, /^login to 127\.0\.0\.1: token rejected/);
    // tokeninfo vouches for somebody else, so Dovecot refuses the login: two token checks, one refresh.
    assert.deepEqual(delta(before), { refresh_token: 1, tokeninfoOk: 2 });
  });

  test('a sign-in whose token the server rejects stores nothing', async () => {
    const root = world.newRoot();
    const account = oauthAccount(root);
    world.oauth.setEmail('somebody-else');
    const { error } = await browserSignIn(account, root);
    assert.ok(error instanceof Error);
    assert.match(error.message, /^login to 127\.0\.0\.1: token rejected/);
    assert.match(error.message, /; nothing was stored; sign in as alice in the browser, the user IMAP logs in as$/);
    assert.equal(existsSync(tokenFile(account)), false);
  });

  test("mbsync's way: AuthMechs XOAUTH2 and a token PassCmd; a rejected token runs the command once more", async () => {
    const root = world.newRoot();
    const signedIn = oauthAccount(root);
    await browserSignIn(signedIn, root);
    const token = world.oauth.issued.filter((t) => t.startsWith('at-')).at(-1)!;
    const script = join(root, 'token-cmd');
    writeFileSync(script, `#!/bin/sh\necho run >> ${root}/runs\ncat ${root}/token\n`);
    chmodSync(script, 0o755);
    writeFileSync(join(root, 'token'), `${token}\n`);
    const account = oauthAccount(root, {
      password: { kind: 'command', command: script },
      authMechs: ['XOAUTH2'],
      concurrency: 1,
    });
    const first = await runPass(account);
    assert.equal(
      first.summary.exitCode,
      0,
      JSON.stringify(first.summary.errors) + readFileSync(join(world.server.dir, 'dovecot.log'), 'utf8').slice(-1500),
    );
    assert.match(readFileSync(join(root, 'runs'), 'utf8'), /^(run\n)+$/);

    world.oauth.expireAccessTokens();
    writeFileSync(join(root, 'runs'), '');
    const before = snapshot();
    const second = await syncOnce(account);
    assert.equal(second.summary.exitCode, 2);
    assert.deepEqual(
      second.summary.errors.map((e) => e.code),
      ['AUTH_TOKEN_REJECTED'],
    );
    assert.equal(readFileSync(join(root, 'runs'), 'utf8'), 'run\nrun\n');
    assert.deepEqual(delta(before), { tokeninfoRejected: 2 });
  });
});
