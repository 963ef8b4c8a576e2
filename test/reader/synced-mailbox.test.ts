import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldersOfSyncedMailbox } from '../../src/reader/synced-mailbox.js';
import type { MailboxInfo } from '../../src/reader/types.js';

const box = (account: string, name: string): MailboxInfo => ({
  account,
  name,
  path: `/m/${account}/${name}`,
  total: 0,
  unread: 0,
});
const listed = [
  box('work', 'INBOX'),
  box('work', 'Archive/2024'),
  box('work', 'Zürich'),
  box('home', 'INBOX'),
  box('home', 'Lists.debian'),
];

test('the sync name matches the folder of the same name in the same account', () => {
  const roots = [
    { account: 'work', path: '/m/work' },
    { account: 'home', path: '/m/home' },
  ];
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'work', 'Archive/2024'), [1]);
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'home', 'INBOX'), [3]);
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'work', 'inbox'), [0], 'INBOX in any case');
  assert.deepEqual(
    foldersOfSyncedMailbox(listed, roots, 'work', 'Zu\u0308rich'),
    [2],
    'NFD from the server, NFC on disk',
  );
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'work', 'Archive'), [], 'a parent is not its child');
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'home', 'Lists/debian'), [], 'no Flatten: a/b is not a.b');
});

test('with Flatten the sync name a/b is the folder a<delimiter>b; INBOX stays INBOX', () => {
  const roots = [{ account: 'home', path: '/m/home', flatten: '.' }];
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'home', 'Lists/debian'), [4]);
  assert.deepEqual(foldersOfSyncedMailbox(listed, roots, 'home', 'INBOX'), [3]);
});
