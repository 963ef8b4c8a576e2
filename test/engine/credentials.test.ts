import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CredentialError, resolvePassword, resolveUser } from '../../src/engine/credentials.js';
import type { AccountConfig, PasswordSource } from '../../src/config/types.js';

const account = (password: PasswordSource, over: Partial<AccountConfig> = {}) =>
  ({ name: 'work', user: 'me', password, ...over }) as AccountConfig;
const env = { PATH: process.env.PATH };

const good: [string, PasswordSource, Record<string, string | undefined>, string][] = [
  ['plain', { kind: 'plain', password: 'p w' }, env, 'p w'],
  ['env', { kind: 'env', variable: 'MK_PW' }, { ...env, MK_PW: 's3cret' }, 's3cret'],
  ['command, first line only', { kind: 'command', command: 'printf "line1\\nline2\\n"' }, env, 'line1'],
  ['command without trailing newline', { kind: 'command', command: 'printf abc' }, env, 'abc'],
];
for (const [name, source, environment, expected] of good) {
  test(`password from ${name}`, async () =>
    assert.equal(await resolvePassword(account(source), { env: environment }), expected));
}

const bad: [string, PasswordSource, Record<string, string | undefined>, RegExp][] = [
  [
    'command exit status',
    { kind: 'command', command: 'echo hunter2; exit 3' },
    env,
    /^account 'work': password command failed \(exit status 3\)$/,
  ],
  [
    'command prints nothing',
    { kind: 'command', command: 'true' },
    env,
    /^account 'work': password command printed nothing$/,
  ],
  [
    'command not found: the program only',
    { kind: 'command', command: 'mk-no-such-pass hunter2' },
    env,
    /^account 'work': password command not found: mk-no-such-pass$/,
  ],
  [
    'command not found after an assignment',
    { kind: 'command', command: 'PW=hunter2 mk-no-such-pass x' },
    env,
    /^account 'work': password command not found: mk-no-such-pass$/,
  ],
  [
    'exit status 127 of a program that exists',
    { kind: 'command', command: 'sh -c "exit 127"' },
    env,
    /^account 'work': password command failed \(exit status 127\)$/,
  ],
  [
    'unset variable',
    { kind: 'env', variable: 'MK_NOPE' },
    env,
    /^account 'work': environment variable MK_NOPE is not set$/,
  ],
  [
    'no secret-tool',
    { kind: 'keyring', attributes: { service: 'mailkeep' } },
    { PATH: '/nonexistent' },
    /secret-tool is not installed/,
  ],
];
for (const [name, source, environment, pattern] of bad) {
  test(`password error: ${name}`, async () => {
    await assert.rejects(
      resolvePassword(account(source), { env: environment }),
      (e: unknown) =>
        e instanceof CredentialError &&
        e.account === 'work' &&
        e.source === source.kind &&
        pattern.test(e.message) &&
        !e.message.includes('hunter2'),
    );
  });
}

test('a hanging password command is killed and reported', async () => {
  const source: PasswordSource = { kind: 'command', command: 'sleep 30; echo late' };
  await assert.rejects(
    resolvePassword(account(source), { env, timeoutMs: 300 }),
    /^CredentialError: account 'work': password command gave no answer within 0.3 s$/,
  );
});

test('keyring via secret-tool lookup', async (t) => {
  const bin = mkdtempSync(path.join(tmpdir(), 'mailkeep-bin-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  writeFileSync(
    path.join(bin, 'secret-tool'),
    '#!/bin/sh\n[ "$*" = "lookup service mailkeep user me" ] && echo from-keyring && exit 0\nexit 1\n',
  );
  chmodSync(path.join(bin, 'secret-tool'), 0o755);
  const environment = { PATH: `${bin}:${process.env.PATH}` };
  assert.equal(
    await resolvePassword(account({ kind: 'keyring', attributes: { service: 'mailkeep', user: 'me' } }), {
      env: environment,
    }),
    'from-keyring',
  );
  await assert.rejects(
    resolvePassword(account({ kind: 'keyring', attributes: { service: 'other' } }), { env: environment }),
    /no password in the keyring for service=other/,
  );
});

test('user from UserCmd, failing UserCmd named as such', async () => {
  const plain: PasswordSource = { kind: 'plain', password: 'x' };
  assert.equal(
    await resolveUser(account(plain, { user: '', userCommand: 'echo u@example.org' }), { env }),
    'u@example.org',
  );
  assert.equal(await resolveUser(account(plain), { env }), 'me');
  await assert.rejects(
    resolveUser(account(plain, { user: '', userCommand: 'exit 1' }), { env }),
    /account 'work': user command failed/,
  );
  await assert.rejects(
    resolveUser(account(plain, { user: '', userCommand: 'mk-no-such-user' }), { env }),
    /account 'work': user command not found: mk-no-such-user$/,
  );
});
