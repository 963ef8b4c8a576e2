/** @jsxRuntime automatic @jsxImportSource react */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { readOwnConfig } from '../../../src/config/own-config.js';
import type { AccountConfig } from '../../../src/config/types.js';
import { PRESETS } from '../../../src/config/presets.js';
import { buildWizardAccount } from '../../../src/ui/setup/wizard-account.js';
import { waitUntil } from '../../support/wait-until.js';
import { BACKSPACE, CTRL_U, CTRL_W, DOWN, ENTER, ESC, setup } from './wizard-harness.js';

test('Gmail with a password command: tests the login, saves 0600, calls onDone', async (t) => {
  const tried: AccountConfig[] = [];
  const w = setup(t, async (account) => void tried.push(account));
  await w.until('Which mail provider?');
  assert.match(w.frame(), /Gmail \(imap\.gmail\.com\)/);
  await w.type(ENTER, 'Your email address');
  await w.type('jane@gmail.com', 'jane@gmail.com');
  await w.type(ENTER, 'app password');
  assert.doesNotMatch(w.frame(), /System keyring/);
  await w.type(ENTER, 'Command that prints the password');
  assert.match(w.frame(), /Enter keeps pass mailkeep\/jane@gmail\.com/);
  await w.type(ENTER, 'Local folder for the backup');
  assert.match(w.frame(), /Enter keeps ~\/Mail\/gmail/);
  assert.match(w.frame(), /Will be saved to /);
  assert.doesNotMatch(w.frame(), /Saved to/, 'nothing is saved yet');
  await w.type(ENTER, 'Saved to');
  await waitUntil(
    () => w.done.length > 0,
    () => 'onDone was not called',
  );
  assert.equal(w.done.length, 1);
  const account = w.done[0]!;
  assert.deepEqual(tried, [account]);
  assert.deepEqual(
    [
      account.name,
      account.host,
      account.port,
      account.tls,
      account.user,
      account.password,
      account.localPath,
      account.concurrency,
    ],
    [
      'gmail',
      'imap.gmail.com',
      993,
      'imaps',
      'jane@gmail.com',
      { kind: 'command', command: 'pass mailkeep/jane@gmail.com' },
      `${w.home}/Mail/gmail`,
      2,
    ],
  );
  const file = path.join(w.env.XDG_CONFIG_HOME!, 'mailkeep', 'config.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readOwnConfig(w)?.accounts, [account]);
});

test('other server, plain password masked, failed login shown then retried', async (t) => {
  let attempts = 0;
  const w = setup(t, async () => {
    attempts++;
    if (attempts === 1) throw new Error("account 'mail.example.org': login refused\u001b[31m by server");
  });
  await w.until('Which mail provider?');
  await w.type(DOWN + DOWN, '❯ 3. Other IMAP server');
  await w.type(ENTER, 'IMAP server host name');
  await w.type('mail.example.org', 'mail.example.org');
  await w.type(ENTER, 'Enter keeps 993');
  await w.type('143', '› 143');
  await w.type(ENTER, 'Your IMAP login (usually the email address)');
  await w.type('me', '› me');
  await w.type(ENTER, 'Where should mailkeep get the password?');
  await w.type(ESC, 'Your IMAP login');
  await w.type(BACKSPACE + BACKSPACE, /›$/m);
  await w.type('me@example.org', 'me@example.org');
  await w.type(ENTER, 'Where should mailkeep get the password?');
  await w.type('3', 'Warning: the password will be saved unencrypted');
  await w.type('hunter2', '•••••••');
  assert.ok(!w.frame().includes('hunter2'));
  await w.type(ENTER, '~/Mail/mail.example.org');
  await w.type(ENTER, "Login failed: account 'mail.example.org': login refused by server");
  assert.ok(!w.frame().includes('\u001b[31m'));
  assert.equal(readOwnConfig(w), undefined, 'nothing saved before a successful login');
  await w.type(ENTER, 'Saved to');
  await waitUntil(
    () => w.done.length > 0,
    () => 'onDone was not called',
  );
  const [account] = w.done;
  assert.deepEqual(
    [account?.host, account?.port, account?.tls, account?.password],
    ['mail.example.org', 143, 'starttls', { kind: 'plain', password: 'hunter2' }],
  );
  assert.equal(attempts, 2);
});

test('Esc goes back a step, and cancels from the first', async (t) => {
  const w = setup(t, async () => {});
  await w.until('Which mail provider?');
  await w.type('2', 'Your email address');
  await w.type('me', '› me');
  await w.type(ENTER, '› me');
  assert.match(w.frame(), /Your email address/, 'Fastmail logs in with the address: no @, no next step');
  await w.type(ESC, 'Which mail provider?');
  await w.type(ESC, 'Which mail provider?');
  await waitUntil(
    () => w.cancelled() > 0,
    () => 'onCancel was not called',
  );
  assert.equal(w.cancelled(), 1);
});

test('answers typed in one read (a paste, tmux send-keys) fill each step in turn', async (t) => {
  const w = setup(t, async () => {});
  await w.until('Which mail provider?');
  // Other server, host, port 993 → 143, login: the keys of four steps in a single write.
  await w.type(`3mail.example.org${ENTER}143${ENTER}me${ENTER}`, 'Where should mailkeep get the password?');
  await w.type(ESC, /› me$/m);
  await w.type(ESC, /› 143$/m);
  await w.type(ESC, /› mail\.example\.org$/m);
});

test('suggestions are placeholders: one write replaces them, Enter keeps them, answers come back as real text', async (t) => {
  const tried: AccountConfig[] = [];
  const w = setup(t, async (account) => void tried.push(account));
  await w.until('Which mail provider?');
  await w.type(ENTER, 'Your email address');
  await w.type(`me@gmail.com${ENTER}${ENTER}`, 'Enter keeps pass mailkeep/me@gmail.com');
  await w.type('echo secret', /› echo secret$/m);
  assert.doesNotMatch(w.frame(), /pass mailkeep/, 'the suggestion is replaced, not appended to');
  await w.type(ENTER, 'Enter keeps ~/Mail/gmail');
  await w.type(ESC, /› echo secret$/m);
  await w.type(`${CTRL_W}${CTRL_W}gopass show me${ENTER}`, 'Enter keeps ~/Mail/gmail');
  await w.type(`~/Backup gmail${CTRL_W}`, /› ~\/Backup$/m);
  await w.type(`${CTRL_U}${ENTER}`, 'Saved to');
  await waitUntil(
    () => w.done.length === 1,
    () => 'onDone was not called',
  );
  assert.deepEqual(
    [w.done[0]!.password, w.done[0]!.localPath],
    [{ kind: 'command', command: 'gopass show me' }, `${w.home}/Mail/gmail`],
  );
});

test('editing an account: its values are real text, edited with Ctrl-U and Ctrl-W', async (t) => {
  const w = setup(
    t,
    async () => {},
    (home, env) =>
      buildWizardAccount(
        {
          preset: PRESETS[0]!,
          host: 'imap.gmail.com',
          port: 993,
          address: 'jane@gmail.com',
          passwordKind: 'command',
          passwordValue: 'pass gmail',
          folder: '~/Mail/gmail',
        },
        { home, env },
      ),
  );
  await w.until('edit account gmail');
  await w.type(ENTER, /› jane@gmail\.com$/m);
  assert.match(w.frame(), /Ctrl-U clears · Ctrl-W deletes a word/);
  await w.type(`${CTRL_U}joe@gmail.com${ENTER}${ENTER}`, /› pass gmail$/m);
  assert.doesNotMatch(w.frame(), /Enter keeps/);
  await w.type(CTRL_W, /› pass$/m);
  await w.type(`work${ENTER}`, /› ~\/Mail\/gmail$/m);
  await w.type(CTRL_W, 'Enter keeps ~/Mail/gmail');
  await w.type(ENTER, 'Saved to');
  await waitUntil(
    () => w.done.length === 1,
    () => 'onDone was not called',
  );
  const account = w.done[0]!;
  assert.deepEqual(
    [account.name, account.user, account.password, account.localPath],
    ['gmail', 'joe@gmail.com', { kind: 'command', command: 'pass work' }, `${w.home}/Mail/gmail`],
  );
});

test('editing an account that holds a plain password: never on screen, kept by Enter, saved again', async (t) => {
  const secret = 'Pl41n-s3cret-pw';
  let tested: AccountConfig | undefined;
  const w = setup(
    t,
    async (a) => {
      tested = a;
    },
    (home, env) =>
      buildWizardAccount(
        {
          preset: PRESETS[2]!,
          host: 'mail.example.org',
          port: 993,
          address: 'me@example.org',
          passwordKind: 'plain',
          passwordValue: secret,
          folder: '~/Mail/example',
        },
        { home, env },
      ),
  );
  await w.until('edit account');
  for (let step = 0; step < 12 && w.done.length === 0; step++) {
    const before = w.frame();
    await w.type(ENTER, (frame: string) => frame !== before || w.done.length > 0);
  }
  await waitUntil(
    () => w.done.length === 1,
    () => `onDone was not called; the screen:\n${w.frame()}`,
  );
  const shown = w.frames().join('\n');
  assert.ok(!shown.includes(secret), 'the plain password never appeared on screen');
  assert.ok(shown.includes('•'), 'the password step was shown, masked');
  assert.deepEqual(w.done[0]!.password, { kind: 'plain', password: secret }, 'kept as it was');
  assert.deepEqual(tested?.password, { kind: 'plain', password: secret }, 'the login was tested with it');
  assert.deepEqual(readOwnConfig(w)?.accounts[0]?.password, { kind: 'plain', password: secret }, 'saved again');
});
