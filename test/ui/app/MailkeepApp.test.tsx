/** @jsxRuntime automatic @jsxImportSource react */
// The app from its first screen: setup wizard → first sync, the ~/.mbsyncrc import offer, and
// `a` editing an account (old engine stopped, a new one on the edited account).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readOwnConfig } from '../../../src/config/own-config.js';
import { PRESETS } from '../../../src/config/presets.js';
import type { AccountConfig } from '../../../src/config/types.js';
import { MailkeepApp, type FirstScreen } from '../../../src/ui/app/MailkeepApp.js';
import { buildWizardAccount } from '../../../src/ui/setup/wizard-account.js';
import { createSyncSession } from '../../../src/ui/sync/sync-session.js';
import { KEYS, renderSized } from '../support/render-sized.js';
import { ScriptedEngine } from '../support/scripted-engine.js';

const ENTER = '\r';
const BACKSPACE = '\u007f';

interface Options {
  first: FirstScreen;
  accounts?: AccountConfig[] | ((home: string, env: Record<string, string>) => AccountConfig[]);
  foreignSource?: string;
  importMbsyncrc?: () => Promise<AccountConfig[]>;
  testLogin?: (account: AccountConfig) => Promise<void>;
}

function start(t: { after: (fn: () => void) => void }, options: Options) {
  const root = mkdtempSync(path.join(tmpdir(), 'mailkeep-first-run-'));
  const home = path.join(root, 'home');
  const env = { XDG_CONFIG_HOME: path.join(root, 'config'), XDG_STATE_HOME: path.join(root, 'state') };
  const accounts = typeof options.accounts === 'function' ? options.accounts(home, env) : (options.accounts ?? []);
  const engines: { engine: ScriptedEngine; accounts: AccountConfig[] }[] = [];
  const tried: AccountConfig[] = [];
  const exits: number[] = [];
  const session = createSyncSession({
    intervalMs: 0,
    createEngine: (accounts) => {
      const engine = new ScriptedEngine();
      engines.push({ engine, accounts });
      return engine;
    },
  });
  const view = renderSized(
    <MailkeepApp
      session={session}
      first={options.first}
      accounts={accounts}
      setup={{ home, env, keyringAvailable: false, testLogin: options.testLogin ?? (async (a) => void tried.push(a)) }}
      foreignSource={options.foreignSource}
      ownConfigShown="~/.config/mailkeep/config.json"
      importMbsyncrc={options.importMbsyncrc}
      logPath="/tmp/mailkeep.log"
      onExit={(code) => exits.push(code)}
    />,
  );
  t.after(() => {
    view.unmount();
    void session.dispose();
    rmSync(root, { recursive: true, force: true });
  });
  /** Ink subscribes key handlers in effects, just after a frame: let them settle, then type. */
  const type = async (keys: string, expect: string | RegExp) => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    view.press(keys);
    return view.waitFor((f) => (typeof expect === 'string' ? f.includes(expect) : expect.test(f)), String(expect));
  };
  return { ...view, home, env, accounts, engines, tried, exits, type };
}

function gmail(home: string, env: Record<string, string>): AccountConfig {
  return buildWizardAccount(
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
  );
}

test('no config: the wizard tests the login, saves, and the first sync starts on the new account', async (t) => {
  const app = start(t, { first: 'setup' });
  await app.waitFor((f) => f.includes('Which mail provider?'), 'the wizard');
  assert.equal(app.engines.length, 0, 'no engine before setup');
  await app.type(ENTER, 'Your email address');
  await app.type('jane@gmail.com', 'jane@gmail.com');
  await app.type(ENTER, 'Where should mailkeep get the password?');
  await app.type(ENTER, 'Command that prints the password');
  await app.type(ENTER, 'Local folder for the backup');
  await app.type(ENTER, /Testing login|Mailbox|Starting/);
  await app.waitFor(() => app.engines.length === 1, 'the engine');
  const { engine, accounts } = app.engines[0]!;
  assert.deepEqual(app.tried, accounts, 'the login was tested on the account that is synced');
  assert.equal(accounts[0]?.user, 'jane@gmail.com');
  assert.deepEqual(readOwnConfig(app)?.accounts, accounts, 'saved before the sync');
  assert.deepEqual(engine.resyncCalls, [undefined], 'the first pass started');
  engine.emit(
    { type: 'pass-start', pass: 1, at: 1 },
    { type: 'connection', account: 'gmail', state: 'connected', at: 1 },
  );
  await app.waitFor((f) => f.includes('gmail: connected'), 'the sync view');
});

test('a failed login test stays in the wizard with the one-line error; nothing is saved or synced', async (t) => {
  const app = start(t, {
    first: 'setup',
    testLogin: async () => Promise.reject(new Error('TLS with 127.0.0.1 failed: self-signed certificate')),
  });
  await app.waitFor((f) => f.includes('Which mail provider?'), 'the wizard');
  await app.type(ENTER, 'Your email address');
  await app.type('jane@gmail.com', 'jane@gmail.com');
  await app.type(ENTER, 'Where should');
  await app.type(ENTER, 'Command that prints');
  await app.type(ENTER, 'Local folder');
  const frame = await app.type(ENTER, 'Login failed');
  assert.match(frame, /Login failed: TLS with 127\.0\.0\.1 failed: self-signed certificate/);
  assert.equal(app.engines.length, 0);
  assert.equal(readOwnConfig(app), undefined);
});

test('Ctrl-C on the first-run wizard quits without saving', async (t) => {
  const app = start(t, { first: 'setup' });
  await app.waitFor((f) => f.includes('Which mail provider?'), 'the wizard');
  await app.type(KEYS.ctrlC, 'Which mail provider?');
  await app.waitFor(() => app.exits.length > 0, 'the exit');
  assert.deepEqual(app.exits, [0]);
  assert.equal(app.engines.length, 0);
});

test('~/.mbsyncrc found: y imports it and syncs the imported accounts', async (t) => {
  let imported = 0;
  const app = start(t, {
    first: 'import-offer',
    foreignSource: '~/.mbsyncrc',
    accounts: [],
    importMbsyncrc: async () => {
      imported += 1;
      return [gmail(app.home, app.env)];
    },
  });
  const frame = await app.waitFor((f) => f.includes('[y/n]'), 'the offer');
  assert.match(frame, /Found ~\/\.mbsyncrc — import it into mailkeep's config\? \[y\/n\]/);
  assert.equal(app.engines.length, 0);
  await app.type('y', 'Mailbox');
  assert.equal(imported, 1);
  assert.deepEqual(
    app.engines.map((e) => e.accounts.map((a) => a.name)),
    [['gmail']],
  );
  await app.type('a', 'edit account gmail');
});

test('~/.mbsyncrc found: n uses it as it is, and a says where to edit the accounts', async (t) => {
  const fromMbsyncrc = { ...gmail('/home/u', {}), name: 'work' };
  let imported = 0;
  const app = start(t, {
    first: 'import-offer',
    foreignSource: '~/.mbsyncrc',
    accounts: [fromMbsyncrc],
    importMbsyncrc: async () => {
      imported += 1;
      return [];
    },
  });
  await app.waitFor((f) => f.includes('[y/n]'), 'the offer');
  await app.type('n', 'Mailbox');
  assert.equal(imported, 0);
  assert.deepEqual(
    app.engines.map((e) => e.accounts),
    [[fromMbsyncrc]],
  );
  const frame = await app.type('a', 'accounts come from ~/.mbsyncrc');
  assert.match(frame, /edit it there, or run `mailkeep import`/);
  assert.doesNotMatch(frame, /edit account/);
});

test('a failed import is one line on the offer; n still starts', async (t) => {
  const app = start(t, {
    first: 'import-offer',
    foreignSource: '~/.mbsyncrc',
    accounts: [gmail('/home/u', {})],
    importMbsyncrc: async () =>
      Promise.reject(new Error('~/.mbsyncrc: no Channel pulls an IMAPStore into a MaildirStore; nothing imported')),
  });
  await app.waitFor((f) => f.includes('[y/n]'), 'the offer');
  await app.type('y', 'Import failed');
  assert.match(app.frame(), /Import failed: ~\/\.mbsyncrc: no Channel pulls/);
  await app.type('n', 'Mailbox');
  assert.equal(app.engines.length, 1);
});

test('a edits the selected account: prefilled wizard, the old engine stopped, a new one on the edit', async (t) => {
  const other = (home: string) => ({ ...gmail(home, {}), name: 'other', host: 'mail.example.org' });
  const edit = start(t, { first: 'app', accounts: (home, env) => [gmail(home, env), other(home)] });
  const initial = edit.accounts;
  await edit.waitFor(() => edit.engines.length === 1, 'the first engine');
  const first = edit.engines[0]!.engine;
  first.emit(
    { type: 'pass-start', pass: 1, at: 1 },
    { type: 'mailboxes', account: 'gmail', mailboxes: ['INBOX'], at: 1 },
    { type: 'mailboxes', account: 'other', mailboxes: ['INBOX', 'Sent'], at: 1 },
  );
  await edit.waitFor((f) => /^› INBOX /m.test(f), 'the table');
  await edit.type('j', /other[^\n]*\n› INBOX /);
  await edit.type('a', 'edit account other');
  await edit.type(KEYS.escape, 'Mailbox');
  assert.equal(first.stopCalls, 0, 'cancelling the edit leaves the sync alone');
  let frame = await edit.type('a', 'edit account gmail');
  assert.match(frame, /❯ 1\. Gmail/, 'the provider is preselected');
  frame = await edit.type(ENTER, 'Your email address');
  assert.match(frame, /jane@gmail\.com/);
  frame = await edit.type(ENTER, 'Where should');
  assert.match(frame, /❯ 1\. Run a command/);
  frame = await edit.type(ENTER, 'Command that prints');
  assert.match(frame, /pass gmail/, 'the password command is kept');
  frame = await edit.type(ENTER, 'Local folder');
  assert.match(frame, /~\/Mail\/gmail/);
  await edit.type(BACKSPACE.repeat(5), /› ~\/Mail\/\s*$/m);
  await edit.type('mine', '~/Mail/mine');
  await edit.type(ENTER, /Mailbox|Starting/);
  await edit.waitFor(() => edit.engines.length === 2, 'the new engine');
  assert.equal(first.stopCalls, 1, 'the old engine was stopped first');
  const accounts = edit.engines[1]!.accounts;
  assert.deepEqual(
    accounts.map((a) => a.name),
    ['gmail', 'other'],
    'same names, same order',
  );
  assert.equal(accounts[0]!.localPath, path.join(edit.home, 'Mail', 'mine'));
  assert.equal(accounts[0]!.stateDir, initial[0]!.stateDir, 'the account keeps its state');
  assert.deepEqual(accounts[1], initial[1]);
  assert.deepEqual(edit.engines[1]!.engine.resyncCalls, [undefined]);
  assert.deepEqual(
    readOwnConfig(edit)?.accounts.map((a) => a.localPath),
    [accounts[0]!.localPath],
  );
});

test('on the line of an account whose login failed (it lists no mailbox): a edits it, g tries it again', async (t) => {
  const other = (home: string) => ({ ...gmail(home, {}), name: 'other', host: 'mail.example.org' });
  const edit = start(t, { first: 'app', accounts: (home, env) => [gmail(home, env), other(home)] });
  await edit.waitFor(() => edit.engines.length === 1, 'the first engine');
  edit.engines[0]!.engine.emit(
    { type: 'pass-start', pass: 1, at: 1 },
    { type: 'mailboxes', account: 'gmail', mailboxes: ['INBOX', 'Sent'], at: 1 },
    {
      type: 'error',
      error: { code: 'AUTH_FAILED', scope: 'account', retry: 'final', account: 'other', message: 'login failed' },
      at: 1,
    },
    { type: 'account-done', account: 'other', ok: false, at: 1 },
  );
  await edit.waitFor((f) => /^› INBOX /m.test(f), 'the table');
  await edit.type('j', /^› Sent /m);
  await edit.type('j', /^› other · failed: login failed/m);
  const engine = edit.engines[0]!.engine;
  edit.press('g');
  await edit.waitFor(() => engine.resyncCalls.length > 1, 'g on the account line');
  assert.deepEqual(engine.resyncCalls, [undefined, [{ account: 'other' }]], 'g tries the account again');
  await edit.type('a', 'edit account other');
});
