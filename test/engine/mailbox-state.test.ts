import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  loadMailboxState,
  mailboxStatePath,
  saveMailboxState,
  type MailboxState,
} from '../../src/engine/mailbox-state.js';
import { useTempDir } from '../maildir/temp-dir.js';

const base = await useTempDir('mailbox-state');
let dirs = 0;
const freshStateDir = () => path.join(base, `state${++dirs}`, 'gmail');

const sample: MailboxState = {
  version: 1,
  mailbox: 'Archive/Zürich',
  uidValidity: 1700000000,
  uidNext: 501,
  highestModSeq: 98765,
  messages: 480,
  highestStoredUid: 500,
  localStamp: '1234:1700000000123.456/1235:1700000000124.5',
  updatedAt: '2024-05-06T07:08:09.000Z',
  adopted: { '12': '1600000000.1_1.host,U=3' },
};

test('save then load round-trips; the file is named by sha1, 0600, and nothing else is left', async () => {
  const stateDir = freshStateDir();
  await saveMailboxState(stateDir, sample);
  assert.deepEqual(await loadMailboxState(stateDir, sample.mailbox), { state: sample });
  const file = mailboxStatePath(stateDir, sample.mailbox);
  assert.match(path.basename(file), /^[0-9a-f]{40}\.json$/);
  assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
  assert.equal((await fs.stat(stateDir)).mode & 0o777, 0o700);
  assert.deepEqual(await fs.readdir(stateDir), [path.basename(file)]);
});

test('a second save replaces the first', async () => {
  const stateDir = freshStateDir();
  await saveMailboxState(stateDir, sample);
  await saveMailboxState(stateDir, { ...sample, uidNext: 600, highestStoredUid: 599 });
  assert.equal((await loadMailboxState(stateDir, sample.mailbox)).state?.uidNext, 600);
});

test('a missing file is simply no state, without a notice', async () => {
  assert.deepEqual(await loadMailboxState(freshStateDir(), 'INBOX'), { state: null });
});

const broken: [string, (text: string) => string][] = [
  ['truncated', (text) => text.slice(0, text.length / 2)],
  ['empty', () => ''],
  ['not JSON', () => '\u0000\u0001garbage'],
  ['wrong version', (text) => text.replace('"version":1', '"version":2')],
  ['another mailbox inside', (text) => text.replace('Archive/Zürich', 'Other')],
  ['a negative count', (text) => text.replace('"uidNext":501', '"uidNext":-1')],
  ['a non-string adopted entry', (text) => text.replace('"1600000000.1_1.host,U=3"', '42')],
  ['a non-string folder stamp', (text) => text.replace(/"localStamp":"[^"]*"/, '"localStamp":7')],
];

for (const [label, damage] of broken) {
  test(`a ${label} file → null and a one-line notice, never a throw`, async () => {
    const stateDir = freshStateDir();
    await saveMailboxState(stateDir, sample);
    const file = mailboxStatePath(stateDir, sample.mailbox);
    await fs.writeFile(file, damage(await fs.readFile(file, 'utf8')));
    const loaded = await loadMailboxState(stateDir, sample.mailbox);
    assert.equal(loaded.state, null);
    assert.equal(loaded.notice, 'state for "Archive/Zürich" was unreadable; rebuilding from the Maildir');
  });
}

test('an unreadable path (a directory) → notice, not a throw', async () => {
  const stateDir = freshStateDir();
  await fs.mkdir(mailboxStatePath(stateDir, 'INBOX'), { recursive: true });
  assert.match((await loadMailboxState(stateDir, 'INBOX')).notice ?? '', /^state for "INBOX" was unreadable/);
});

test('a failed save throws a one-line error naming the file and leaves no temp file', async () => {
  const stateDir = freshStateDir();
  const file = mailboxStatePath(stateDir, sample.mailbox);
  await fs.mkdir(file, { recursive: true }); // rename onto a directory fails
  await assert.rejects(saveMailboxState(stateDir, sample), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'IO');
    assert.ok(error.message.startsWith(`cannot write ${file}: `), error.message);
    return true;
  });
  assert.deepEqual(await fs.readdir(stateDir), [path.basename(file)]);
});
