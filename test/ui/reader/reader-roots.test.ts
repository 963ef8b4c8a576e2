import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountConfig } from '../../../src/config/types.js';
import { readerRoots } from '../../../src/ui/reader/reader-roots.js';

const account = (fields: Partial<AccountConfig>) =>
  ({
    name: 'work',
    localPath: '/m/work',
    inboxPath: '/m/work/INBOX',
    subFolders: 'verbatim',
    ...fields,
  }) as AccountConfig;

test('one root when INBOX lives in the account tree, two when it lives outside', () => {
  assert.deepEqual(readerRoots([account({})]), [{ account: 'work', path: '/m/work' }]);
  assert.deepEqual(readerRoots([account({ inboxPath: '/m/inbox' })]), [
    { account: 'work', path: '/m/inbox' },
    { account: 'work', path: '/m/work' },
  ]);
});

test("the account's Flatten delimiter goes with each of its roots", () => {
  assert.deepEqual(readerRoots([account({ inboxPath: '/m/inbox', flatten: '.' })]), [
    { account: 'work', path: '/m/inbox', flatten: '.' },
    { account: 'work', path: '/m/work', flatten: '.' },
  ]);
});

test('an account with a folder prefix keeps it on its root; its INBOX is in the tree only when prefixed', () => {
  const prefixed = { localPath: '/m', folderPrefix: 'gmail-' };
  assert.deepEqual(readerRoots([account({ ...prefixed, inboxPath: '/m/gmail-INBOX' })]), [
    { account: 'work', path: '/m', folderPrefix: 'gmail-' },
  ]);
  assert.deepEqual(readerRoots([account({ ...prefixed, inboxPath: '/m/INBOX' })]), [
    { account: 'work', path: '/m/INBOX' },
    { account: 'work', path: '/m', folderPrefix: 'gmail-' },
  ]);
});

test('a Maildir++ near prefix marks its root dotted: its folders are named by the levels after it', () => {
  const work = { localPath: '/m', inboxPath: '/m/.work.INBOX', folderPrefix: '.work.' };
  assert.deepEqual(readerRoots([account({ ...work, subFolders: 'maildir++' })]), [
    { account: 'work', path: '/m', folderPrefix: '.work.', dotted: true },
  ]);
  assert.deepEqual(readerRoots([account({ ...work, subFolders: 'legacy' })]), [
    { account: 'work', path: '/m', folderPrefix: '.work.' },
  ]);
});
