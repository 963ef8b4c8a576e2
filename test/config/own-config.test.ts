import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readOwnConfig, saveAccounts } from '../../src/config/own-config.js';
import { ownConfigPath } from '../../src/config/paths.js';
import { validateOwnConfig } from '../../src/config/own-config-schema.js';
import { ConfigError } from '../../src/config/errors.js';
import type { AccountConfig } from '../../src/config/types.js';
import { tempHome } from '../support/temp-home.js';

const account = (name: string, over: Partial<AccountConfig> = {}): AccountConfig => ({
  name,
  host: 'imap.example.org',
  port: 993,
  tls: 'imaps',
  user: 'me',
  password: { kind: 'env', variable: 'PW' },
  systemCertificates: true,
  authMechs: [],
  localPath: '/m',
  inboxPath: '/m/Inbox',
  subFolders: 'verbatim',
  patterns: ['*'],
  deletions: 'keep',
  concurrency: 4,
  dailyBudgetBytes: null,
  copyArrivalDate: false,
  timeoutSeconds: 20,
  maxMessageBytes: null,
  stateDir: '/s',
  ...over,
});

test('saveAccounts writes 0600 into a 0700 XDG dir and reads back', (t) => {
  const pathEnv = tempHome(t);
  const file = saveAccounts([account('a')], pathEnv);
  assert.equal(file, path.join(pathEnv.env.XDG_CONFIG_HOME!, 'mailkeep', 'config.json'));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
  assert.deepEqual(readOwnConfig(pathEnv)?.accounts, [account('a')]);
});

test('saveAccounts below a symbolic link to nothing: a ConfigError naming the link, at once', (t) => {
  const pathEnv = tempHome(t);
  // A dotfiles link whose target moved: conf's own mkdir -p said ENOENT for the config file's directory.
  const config = pathEnv.env.XDG_CONFIG_HOME!;
  rmSync(config, { recursive: true, force: true });
  mkdirSync(path.dirname(config), { recursive: true });
  symlinkSync(`${config}-moved-away`, config);
  assert.throws(
    () => saveAccounts([account('a')], pathEnv),
    (error) =>
      error instanceof ConfigError &&
      error.message.includes(`cannot create it: ${config} is a symbolic link to a missing directory`),
  );
});

test('saveAccounts replaces same-named accounts and keeps others', (t) => {
  const pathEnv = tempHome(t);
  saveAccounts([account('a'), account('b')], pathEnv);
  saveAccounts([account('b', { port: 1993 })], pathEnv, { g: ['a'] });
  const read = readOwnConfig(pathEnv)!;
  assert.deepEqual(
    read.accounts.map((a) => [a.name, a.port]),
    [
      ['a', 993],
      ['b', 1993],
    ],
  );
  assert.deepEqual(read.groups, { g: ['a'] });
});

test('saveAccounts refuses an invalid account and writes nothing', (t) => {
  const pathEnv = tempHome(t);
  assert.throws(() => saveAccounts([account('a', { port: 0 })], pathEnv), /accounts\[0\]\.port: must be 1–65535/);
  assert.equal(readOwnConfig(pathEnv), undefined);
});

test('missing config reads as undefined; broken JSON is a one-line error', (t) => {
  const pathEnv = tempHome(t);
  assert.equal(readOwnConfig(pathEnv), undefined);
  mkdirSync(path.dirname(ownConfigPath(pathEnv)), { recursive: true });
  writeFileSync(ownConfigPath(pathEnv), '{ nope');
  assert.throws(
    () => readOwnConfig(pathEnv),
    (e: unknown) => e instanceof ConfigError && /config\.json: not valid JSON$/.test(e.message),
  );
});

test('defaults fill optional fields; stateDir follows XDG_STATE_HOME', () => {
  const { stateDir, timeoutSeconds, systemCertificates, authMechs, subFolders, maxMessageBytes, ...required } =
    account('a');
  void [stateDir, timeoutSeconds, systemCertificates, authMechs, subFolders, maxMessageBytes];
  const [read] = validateOwnConfig({ accounts: [required] }, 'c.json', {
    home: '/h',
    env: { XDG_STATE_HOME: '/st' },
  }).accounts;
  assert.deepEqual(read, { ...account('a'), stateDir: '/st/mailkeep/a' });
});

const invalid: [string, unknown, RegExp][] = [
  ['not an object', [], /^c\.json: \(top level\): must be a JSON object$/],
  ['no accounts', {}, /^c\.json: accounts: must be a list$/],
  ['port', { accounts: [account('a', { port: 70000 })] }, /^c\.json: accounts\[0\]\.port: must be 1–65535$/],
  ['tls', { accounts: [{ ...account('a'), tls: 'ssl' }] }, /accounts\[0\]\.tls: must be one of imaps, starttls, none/],
  [
    'password kind',
    { accounts: [{ ...account('a'), password: { kind: 'magic' } }] },
    /accounts\[0\]\.password: kind must be one of/,
  ],
  [
    'password command',
    { accounts: [{ ...account('a'), password: { kind: 'command' } }] },
    /accounts\[0\]\.password: command must be a non-empty string/,
  ],
  [
    'relative localPath',
    { accounts: [account('a', { localPath: 'Mail' })] },
    /accounts\[0\]\.localPath: must be an absolute path/,
  ],
  [
    'empty patterns',
    { accounts: [account('a', { patterns: [] })] },
    /accounts\[0\]\.patterns: must list at least one pattern/,
  ],
  [
    'deletions',
    { accounts: [{ ...account('a'), deletions: 'purge' }] },
    /accounts\[0\]\.deletions: must be one of keep, mirror/,
  ],
  ['budget', { accounts: [account('a', { dailyBudgetBytes: -1 })] }, /dailyBudgetBytes: must be 1–\d+, or null/],
  ['unknown field', { accounts: [{ ...account('a'), colour: 'red' }] }, /accounts\[0\]\.colour: unknown field/],
  [
    'a Flatten delimiter with a slash',
    { accounts: [{ ...account('a'), flatten: 'x/' }] },
    /accounts\[0\]\.flatten: must not contain/,
  ],
  ['a misspelt top-level setting', { accounts: [], syncevery: '5m' }, /^c\.json: syncevery: unknown field \(known: /],
  ['no user', { accounts: [account('a', { user: '' })] }, /accounts\[0\]\.user: needs a user or a userCommand/],
  ['duplicate name', { accounts: [account('a'), account('a')] }, /accounts\[1\]\.name: 'a' is used twice/],
  ['groups', { accounts: [], groups: { g: 'a' } }, /groups: must map group names/],
];
for (const [name, data, pattern] of invalid) {
  test(`invalid own config: ${name}`, () => {
    assert.throws(
      () => validateOwnConfig(data, 'c.json', { home: '/h', env: {} }),
      (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
    );
  });
}

test('a plain password never shows in validation errors', () => {
  const bad = { accounts: [{ ...account('a', { password: { kind: 'plain', password: 'hunter2' } }), port: 'x' }] };
  assert.throws(
    () => validateOwnConfig(bad, 'c.json', { home: '/h', env: {} }),
    (e: unknown) => !(e as Error).message.includes('hunter2'),
  );
});

test('syncEvery and bell: validated at the top level, kept when accounts are saved', (t) => {
  const pathEnv = tempHome(t);
  const file = ownConfigPath(pathEnv);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ accounts: [account('a')], syncEvery: '5m', bell: true }));
  assert.deepEqual([readOwnConfig(pathEnv)?.syncEvery, readOwnConfig(pathEnv)?.bell], ['5m', true]);
  saveAccounts([account('b')], pathEnv);
  const saved = readOwnConfig(pathEnv)!;
  assert.deepEqual([saved.syncEvery, saved.bell, saved.accounts.length], ['5m', true, 2]);
  for (const [field, value, message] of [
    ['syncEvery', 'soon', /syncEvery: must be an interval like 90s, 15m or 1h/],
    ['syncEvery', true, /syncEvery: must be an interval/],
    ['bell', 'yes', /bell: must be true or false/],
  ] as const) {
    assert.throws(() => validateOwnConfig({ accounts: [], [field]: value }, 'cfg', pathEnv), message);
  }
});
