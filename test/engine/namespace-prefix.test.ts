// An mbsyncrc's IMAPStore without `Path` on a server whose own folders are under `INBOX.` (Cyrus
// with altnamespace off, as Debian ships it; Courier): as mbsync does, the personal NAMESPACE
// prefix is the Path, so `INBOX.Archive.2024` is stored at Archive/2024, where mbsync stores it,
// and other users' shared folders (outside the prefix) are left out. Answers replayed from Cyrus 3.6.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesUnder } from '../support/backup-check.js';
import { runPass } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import type { FakeMailbox, FakeProfile } from '../support/fake-imap-types.js';
import { fakeMessage as message, useFakeAccounts } from '../support/fake-imap-account.js';
import { verifyAccounts } from '../../src/engine/verify/verify-accounts.js';

const accountOn = useFakeAccounts();

const CYRUS: FakeProfile = {
  greeting:
    '* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE AUTH=PLAIN AUTH=LOGIN SASL-IR] vm Cyrus IMAP 3.6.1 server ready',
  capabilities:
    'IMAP4rev1 LITERAL+ ID ENABLE ACL CHILDREN CONDSTORE LIST-EXTENDED LIST-STATUS NAMESPACE QRESYNC UIDPLUS IDLE',
  delimiter: '.',
  namespace: '* NAMESPACE (("INBOX." ".")) (("user." ".")) (("" "."))',
};

const mailboxes = (): FakeMailbox[] => [
  { listed: 'INBOX', name: 'INBOX', attributes: ['\\HasChildren'], uidValidity: 3, messages: [message(1, 'in')] },
  { listed: 'INBOX.Archive', name: 'INBOX.Archive', attributes: ['\\HasChildren'], uidValidity: 4, messages: [] },
  {
    listed: 'INBOX.Archive.2024',
    name: 'INBOX.Archive.2024',
    attributes: ['\\HasNoChildren'],
    uidValidity: 5,
    messages: [message(1, 'archived'), message(2, 'archived too')],
  },
  { listed: 'user.bob.Shared', name: 'user.bob.Shared', uidValidity: 6, messages: [message(1, "bob's")] },
];

const mbsync = (namespacePrefix: boolean) => ({
  mbsync: { state: { kind: 'in-maildir' as const }, farBox: '', nearBox: '', namespacePrefix },
});

const folders = async (localPath: string) =>
  [
    ...new Set((await filesUnder(localPath)).filter((f) => /\/cur\//.test(f)).map((f) => f.replace(/\/cur\/.*/, ''))),
  ].sort();

test('no Path: the personal namespace INBOX. is the prefix, folders stored as mbsync stores them', async () => {
  const server = await startFakeImap(CYRUS, mailboxes());
  const account = await accountOn(server, mbsync(true));
  const { summary } = await runPass(account);
  assert.deepEqual(summary.errors, []);
  assert.deepEqual(await folders(account.localPath), ['Archive/2024', 'INBOX']);
  // As mbsync asks: only INBOX and what is under it, not every shared folder with its STATUS.
  const lists = server.commands.filter((c) => / LIST /.test(c)).map((c) => c.replace(/^\S+ /, ''));
  assert.deepEqual(lists, ['LIST "" "INBOX*" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))']);
  const verified = await verifyAccounts({ accounts: [account], targets: [], deep: false, emit: () => undefined });
  assert.deepEqual([verified.mailboxes, verified.server, verified.stored, verified.exitCode], [3, 3, 3, 0]);
});

test('UseNamespace no (or a mailkeep account): the names as listed, shared folders too', async () => {
  for (const extra of [mbsync(false), {}]) {
    const account = await accountOn(await startFakeImap(CYRUS, mailboxes()), extra);
    await runPass(account);
    assert.deepEqual(await folders(account.localPath), ['INBOX', 'INBOX/Archive/2024', 'user/bob/Shared']);
  }
});
