// `mailkeep login` in a real terminal (tmux), built mailkeep against the harness Dovecot (oauth2
// passdb) and the local authorization server: the URL and the countdown on screen, the test plays
// the browser, the sign-in is checked on IMAP and kept; then `mailkeep sync` logs in with it.
// Needs a fresh dist/ (`npm test` builds first).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { saveAccounts } from '../../src/config/own-config.js';
import { oauthTestAccount, useOAuthWorld } from '../support/oauth-account.js';
import { driveConsent } from '../support/oauth-consent.js';
import { homeEnv } from '../support/sync-command.js';
import { mailkeepCommand, startTmux } from '../support/tmux.js';
import { waitUntil } from '../support/wait-until.js';

const bin = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));
const world = useOAuthWorld({ corpus: true });

/** The URL printed under "Sign in to …", joined again where the pane wrapped it. */
function printedUrl(screen: string): string | undefined {
  const rows = screen.split('\n');
  const start = rows.findIndex((row) => row.startsWith('  http://'));
  if (start < 0) return undefined;
  const end = rows.findIndex((row, i) => i > start && row.trim() === '');
  return end < 0 ? undefined : rows.slice(start, end).join('').trim();
}

/** `mailkeep login work` in a pane of a home with an OAuth account; `env` adds to its environment. */
function loginPane(home: string, env: Record<string, string>) {
  const full = { ...homeEnv(home), PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'screen-256color', ...env };
  saveAccounts([oauthTestAccount(world.server, world.oauth, home, { name: 'work' })], { home, env: full });
  return {
    env: full,
    pane: startTmux({ command: mailkeepCommand(['login', 'work']), cwd: home, env: full, columns: 120, rows: 30 }),
  };
}

async function assertSignedIn(pane: ReturnType<typeof startTmux>, home: string) {
  const exit = await pane.waitForExit({ timeoutMs: 60_000 });
  assert.equal(exit.code, 0, exit.screen);
  assert.match(exit.screen, /^Checking the sign-in on 127\.0\.0\.1…$/m);
  assert.match(exit.screen, /^Signed in: work \(alice\); the sign-in is kept in ~\/state\/oauth-refresh-token\.$/m);
  assert.ok(
    world.oauth.issued.every((secret) => !exit.screen.includes(secret)),
    'no token on screen',
  );
  assert.equal(statSync(join(home, 'state', 'oauth-refresh-token')).mode & 0o777, 0o600);
}

test('with a display: the browser is opened on the URL shown, with a countdown', { timeout: 120_000 }, async () => {
  const home = world.newRoot();
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  // A stand-in for xdg-open: notes the URL it was asked to open.
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > ${home}/opened\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const { pane } = loginPane(home, { DISPLAY: ':99', PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
  try {
    const screen = await pane.waitFor(/left \(Ctrl-C to cancel\)/, 'the URL and the countdown');
    assert.match(screen, /^Sign in to work in a browser \(a listener waits on 127\.0\.0\.1:\d+\):$/m);
    assert.match(screen, /^Waiting for the browser sign-in… [45]:\d\d left \(Ctrl-C to cancel\)$/m);
    const url = printedUrl(screen);
    assert.ok(url !== undefined && url.startsWith(world.oauth.authorizationUrl), screen);
    const opened = await waitUntil(
      () => existsSync(join(home, 'opened')) && readFileSync(join(home, 'opened'), 'utf8'),
      () => 'xdg-open never ran',
    );
    assert.equal(opened, url);
    assert.equal((await driveConsent(url, true)).callback, 200);
    await assertSignedIn(pane, home);
  } finally {
    pane.kill();
  }
});

test(
  'without a display: a code for another device; then mailkeep sync uses the kept sign-in',
  { timeout: 120_000 },
  async () => {
    const home = world.newRoot();
    const { env, pane } = loginPane(home, {});
    try {
      const screen = await pane.waitFor(/left \(Ctrl-C to cancel\)/, 'the code and the countdown');
      assert.match(screen, /^To sign in to work, open http:\/\/127\.0\.0\.1:\d+\/device\/verify on any device/m);
      const code = /enter the code (\w{8})$/m.exec(screen)?.[1];
      assert.ok(code !== undefined, screen);
      assert.match(screen, /^Waiting for the code to be entered… 1?\d:\d\d left \(Ctrl-C to cancel\)$/m);
      assert.equal(await world.oauth.decideDevice(code, true), 200);
      await assertSignedIn(pane, home);
    } finally {
      pane.kill();
    }
    const refreshes = world.oauth.counts.refresh_token;
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'sync', '-q', 'work'], { env });
    assert.match(stdout, /mailboxes in 1 account: \+\d+/);
    assert.equal(world.oauth.counts.refresh_token, refreshes + 1, 'a new process refreshes the kept sign-in once');
  },
);

test(
  "Ctrl-C while the code is awaited: cancelled, exit 130 as the app's ^C, nothing stored",
  { timeout: 60_000 },
  async () => {
    const home = world.newRoot();
    const { pane } = loginPane(home, {});
    try {
      await pane.waitFor(/left \(Ctrl-C to cancel\)/, 'the countdown');
      pane.sendKeys('C-c');
      const exit = await pane.waitForExit({ timeoutMs: 20_000 });
      assert.equal(exit.code, 130, exit.screen);
      assert.match(exit.screen, /^mailkeep: sign-in cancelled$/m);
      assert.equal(existsSync(join(home, 'state', 'oauth-refresh-token')), false);
    } finally {
      pane.kill();
    }
  },
);
