// `mailkeep login` in a real terminal (tmux), built mailkeep against the harness Dovecot (oauth2
// passdb) and the local authorization server: the URL and the countdown on screen, the test plays
// the browser, the sign-in is checked on IMAP and kept; then `mailkeep sync` logs in with it.
// Needs a fresh dist/ (`npm test` builds first).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { saveAccounts } from '../../src/config/own-config.js';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { oauthTestAccount } from '../support/oauth-account.js';
import { driveConsent, startOAuthServer, type OAuthTestServer } from '../support/oauth-server.js';
import { loadCorpus } from '../support/server-mail.js';
import { homeEnv } from '../support/sync-command.js';
import { mailkeepCommand, startTmux } from '../support/tmux.js';

const bin = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));
let oauth: OAuthTestServer;
let server: DovecotServer;
let root: string;

before(async () => {
  oauth = await startOAuthServer({ email: 'alice' });
  server = await startDovecot({ oauth2: { tokenInfoUrl: oauth.tokenInfoUrl } });
  await loadCorpus(server, generateCorpus('tiny'));
  root = mkdtempSync(join(tmpdir(), 'mailkeep-login-e2e-'));
});
after(async () => {
  await server?.stop();
  await oauth?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The URL printed under "Sign in to …", joined again where the pane wrapped it. */
function printedUrl(screen: string): string | undefined {
  const rows = screen.split('\n');
  const start = rows.findIndex((row) => row.startsWith('  http://'));
  if (start < 0) return undefined;
  const end = rows.findIndex((row, i) => i > start && row.trim() === '');
  return end < 0 ? undefined : rows.slice(start, end).join('').trim();
}

test('mailkeep login in a terminal, then mailkeep sync with the kept sign-in', { timeout: 120_000 }, async () => {
  const env = { ...homeEnv(root), PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'screen-256color' };
  saveAccounts([oauthTestAccount(server, oauth, root, { name: 'work' })], { home: root, env });
  const pane = startTmux({ command: mailkeepCommand(['login', 'work']), cwd: root, env, columns: 120, rows: 30 });
  try {
    const screen = await pane.waitFor(/left \(Ctrl-C to cancel\)/, 'the URL and the countdown');
    assert.match(screen, /^Sign in to work in a browser \(a listener waits on 127\.0\.0\.1\):$/m);
    assert.match(screen, /^Waiting for the browser sign-in… [45]:\d\d left \(Ctrl-C to cancel\)$/m);
    const url = printedUrl(screen);
    assert.ok(url !== undefined && url.startsWith(oauth.authorizationUrl), screen);
    const browser = await driveConsent(url, true);
    assert.equal(browser.callback, 200);
    const exit = await pane.waitForExit({ timeoutMs: 60_000 });
    assert.equal(exit.code, 0, exit.screen);
    assert.match(exit.screen, /^Checking the sign-in on 127\.0\.0\.1…$/m);
    assert.match(exit.screen, /^Signed in: work \(alice\); the sign-in is kept in ~\/state\/oauth-refresh-token\.$/m);
    assert.ok(oauth.issued.every((secret) => !exit.screen.includes(secret)), 'no token on screen');
  } finally {
    pane.kill();
  }
  assert.equal(statSync(join(root, 'state', 'oauth-refresh-token')).mode & 0o777, 0o600);
  const refreshes = oauth.counts.refresh_token;
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'sync', '-q', 'work'], { env });
  assert.match(stdout, /mailboxes in 1 account: \+\d+/);
  assert.equal(oauth.counts.refresh_token, refreshes + 1, 'a new process refreshes the kept sign-in once');
});
