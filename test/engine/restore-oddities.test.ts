// `mailkeep restore` against the answers of servers other than Dovecot, replayed by the scripted
// server (fake-imap.ts): Cyrus IMAP 3.6 refuses a message with a NUL byte sent in a plain literal
// ("NO Message contains NUL characters") and takes it in a literal8 (RFC 3516 `~{n}`, BINARY); it
// refuses an LF without CR ("bare newlines"), as mbsync writes its files; it stores a header's raw
// 8-bit bytes as X (munge8bit); as Debian ships it, its personal namespace is `INBOX.` and a CREATE
// beside INBOX is refused; with altnamespace it lists other users' and shared folders beside the
// user's own, where restore must not write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeMailbox, FakeProfile } from '../support/fake-imap-types.js';
import { restoreInto } from '../support/restore-scripted.js';

/** Cyrus IMAP 3.6.1 (Debian 12) as it answered: greeting, capabilities after LOGIN, and the NO to a NUL. */
const CYRUS: FakeProfile = {
  greeting:
    '* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE AUTH=PLAIN AUTH=LOGIN SASL-IR] vm Cyrus IMAP 3.6.1-Debian-3.6.1-4+deb12u5 server ready',
  capabilities:
    'IMAP4rev1 LITERAL+ ID ENABLE ACL ANNOTATE-EXPERIMENT-1 BINARY CATENATE CHILDREN CONDSTORE CREATE-SPECIAL-USE ' +
    'ESEARCH ESORT LIST-EXTENDED LIST-MYRIGHTS LIST-STATUS MAILBOX-REFERRALS METADATA MOVE MULTIAPPEND NAMESPACE ' +
    'OBJECTID PREVIEW QRESYNC QUOTA RIGHTS=kxten SAVEDATE SEARCH=FUZZY SORT SORT=DISPLAY SPECIAL-USE STATUS=SIZE ' +
    'THREAD=ORDEREDSUBJECT THREAD=REFERENCES UIDPLUS UNSELECT URLAUTH URLAUTH=BINARY WITHIN DIGEST=SHA1 ' +
    'LIST-METADATA NO_ATOMIC_RENAME SCAN SORT=MODSEQ SORT=UID THREAD=REFS X-CREATEDMODSEQ X-REPLICATION ' +
    'X-SIEVE-MAILBOX XLIST XMOVE LOGINDISABLED COMPRESS=DEFLATE IDLE APPENDLIMIT=4294967295',
  delimiter: '.',
  refusesNulInLiteral: 'Message contains NUL characters',
  refusesBareNewlines: 'Message contains bare newlines',
  mungesEightBitHeaders: true,
  namespace: '* NAMESPACE (("INBOX." ".")) (("user." ".")) (("" "."))',
  createsOnlyUnder: 'INBOX.',
};

/** The same Cyrus with `altnamespace: yes` and `unixhierarchysep: yes`: the user's folders at the top. */
const CYRUS_ALTNAMESPACE: FakeProfile = {
  ...CYRUS,
  delimiter: '/',
  namespace: '* NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared Folders/" "/"))',
  createsOnlyUnder: undefined,
};

test('Cyrus: a message with NUL bytes is appended as a literal8, byte for byte, small or streamed', async () => {
  const nul = Buffer.from('From: a@example.org\r\nSubject: NUL bytes\r\n\r\nbefore\0after\0\0end\r\n');
  const bigNul = Buffer.concat([
    Buffer.from('From: a@example.org\r\nSubject: big, one NUL\r\n\r\n'),
    Buffer.alloc(5 * 1024 * 1024, 'x'),
    Buffer.from('\0\r\n'),
  ]);
  const plain = Buffer.from('From: b@example.org\r\nSubject: plain\r\nMessage-ID: <p@x>\r\n\r\nhello\r\n');
  const { server, inbox, summary, events } = await restoreInto(CYRUS, {
    '1.a,U=1:2,F': nul,
    '2.a,U=2:2,S': plain,
    '3.a,U=3:2,': bigNul,
  });
  const failed = events.flatMap((e) => (e.type === 'restore-message' && e.outcome === 'failed' ? [e.reason] : []));
  assert.deepEqual(failed, []);
  assert.equal(summary.appended, 3);
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(
    inbox.messages.map((m) => m.body.toString('base64')).sort(),
    [nul, plain, bigNul].map((b) => b.toString('base64')).sort(),
  );
  // Only the messages with a NUL go as literal8; the plain one stays an ordinary literal.
  const appends = server.commands.filter((c) => / APPEND /.test(c)).join('\n');
  assert.equal(appends.match(/~"From: a@/g)?.length, 2);
  assert.match(appends, / "From: b@example\.org/);
});

test('a server without BINARY gets a plain literal (no literal8 it could not parse) and its refusal is reported', async () => {
  const withoutBinary: FakeProfile = { ...CYRUS, capabilities: CYRUS.capabilities.replace(' BINARY', '') };
  const nul = Buffer.from('From: a@example.org\r\nSubject: NUL bytes\r\n\r\nbefore\0after\r\n');
  const { server, summary, events } = await restoreInto(withoutBinary, { '1.a,U=1:2,': nul });
  assert.ok(!server.commands.some((c) => /~"/.test(c)));
  const failed = events.flatMap((e) => (e.type === 'restore-message' && e.outcome === 'failed' ? [e.reason] : []));
  assert.deepEqual(failed, ['the server refused it: Message contains NUL characters']);
  assert.equal(summary.exitCode, 1);
});

test('Cyrus with its folders under INBOX.: a folder beside INBOX in the backup is created under it', async () => {
  const archived = Buffer.from('From: c@example.org\r\nSubject: archived\r\nMessage-ID: <a@x>\r\n\r\nold\r\n');
  const inbox = Buffer.from('From: c@example.org\r\nSubject: new\r\nMessage-ID: <n@x>\r\n\r\nnew\r\n');
  const { server, mailboxes, summary } = await restoreInto(CYRUS, {
    '1.a,U=1:2,S': inbox,
    'Archive/2024/cur/2.a,U=1:2,S': archived,
  });
  assert.deepEqual([summary.appended, summary.failed, summary.foldersFailed, summary.exitCode], [2, 0, [], 0]);
  assert.ok(server.commands.some((c) => / CREATE "INBOX\.Archive\.2024"$/.test(c)));
  const held = Object.fromEntries(mailboxes.map((m) => [m.name, m.messages.map((x) => x.body.toString())]));
  assert.deepEqual(held, { INBOX: [inbox.toString()], 'INBOX.Archive.2024': [archived.toString()] });
});

test("Cyrus with altnamespace: another user's and a shared folder in the backup are left alone, unless PREFIX makes them personal", async () => {
  const mail = (id: string) =>
    Buffer.from(`From: b@example.org\r\nSubject: ${id}\r\nMessage-ID: <${id}@x>\r\n\r\n${id}\r\n`);
  // As Cyrus lists them to alice (Patterns * in the backup's mbsyncrc picked them up).
  const foreign = ['Other Users/bob/forAlice', 'Shared Folders/announce'].map((name): FakeMailbox => ({
    listed: `"${name}"`,
    name,
    uidValidity: 7,
    messages: [],
  }));
  const { server, mailboxes, summary, events, again } = await restoreInto(
    CYRUS_ALTNAMESPACE,
    {
      '1.a,U=1:2,S': mail('mine'),
      'Other Users/bob/forAlice/cur/1.b,U=1:2,S': mail('bob-for-alice'),
      'Shared Folders/announce/cur/1.c,U=1:2,S': mail('announcement'),
    },
    foreign,
  );
  const skipped = events.flatMap((e) => (e.type === 'restore-folder-skipped' ? [`${e.folder}: ${e.reason}`] : []));
  assert.deepEqual(skipped.sort(), [
    'Other Users/bob/forAlice: it would go into the server\'s other users\' namespace "Other Users/"',
    'Shared Folders/announce: it would go into the server\'s shared namespace "Shared Folders/"',
  ]);
  assert.deepEqual([summary.appended, summary.failed, summary.foldersFailed, summary.exitCode], [1, 0, [], 0]);
  assert.ok(!server.commands.some((c) => /"(Other Users|Shared Folders)\//.test(c)), 'nothing sent about them');
  assert.deepEqual(
    foreign.map((m) => m.messages.length),
    [0, 0],
  );

  // Under PREFIX they are the user's own folders, restored as any other.
  const restored = await again('Restored');
  assert.deepEqual([restored.appended, restored.skipped, restored.exitCode], [3, 0, 0]);
  const held = Object.fromEntries(mailboxes.map((m) => [m.name, m.messages.length]));
  assert.deepEqual(held, {
    INBOX: 1,
    'Other Users/bob/forAlice': 0,
    'Shared Folders/announce': 0,
    'Restored/INBOX': 1,
    'Restored/Other Users/bob/forAlice': 1,
    'Restored/Shared Folders/announce': 1,
  });
});

test('Cyrus refuses bare newlines: an mbsync file (LF line ends) goes with CRLF, small or streamed', async () => {
  const small = Buffer.from('From: m@example.org\nSubject: mbsync wrote LF\nMessage-ID: <lf@x>\n\nline\n');
  // Streamed in 1 MB chunks: a CRLF cut between two chunks stays one CRLF.
  const head = 'From: m@example.org\r\nSubject: big, LF and CRLF\r\nMessage-ID: <big@x>\r\n\r\n';
  const big = Buffer.concat([Buffer.from(head), Buffer.alloc(1024 * 1024 - head.length - 1, 'y'), Buffer.from('\r\n')]);
  const bigLf = Buffer.concat([big, Buffer.from('z\n'.repeat(2 * 1024 * 1024))]);
  const crlf = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  const files = { '1.a,U=1:2,S': small, '2.a,U=2:2,': bigLf };
  const { inbox, summary, events } = await restoreInto(CYRUS, files);
  const failed = events.flatMap((e) => (e.type === 'restore-message' && e.outcome === 'failed' ? [e.reason] : []));
  assert.deepEqual([failed, summary.appended], [[], 2]);
  assert.deepEqual(
    inbox.messages.map((m) => m.body.toString('base64')),
    [small, bigLf].map((b) => crlf(b).toString('base64')),
  );
});

test('Cyrus stores raw 8-bit header bytes as X: a rerun knows its copies, with a Message-ID or without', async () => {
  const withoutId = Buffer.from(
    'From: a@example.org\r\nSubject: \u00dcberraschung\r\n\r\nGr\u00fc\u00dfe\r\n',
    'latin1',
  );
  const withId = Buffer.from(
    'From: a@example.org\r\nSubject: \u00dcber\r\nMessage-ID: <8@x>\r\n\r\nbody\r\n',
    'latin1',
  );
  const { inbox, summary, again } = await restoreInto(CYRUS, { '1.a,U=1:2,S': withoutId, '2.a,U=2:2,S': withId });
  assert.equal(summary.appended, 2);
  // As Cyrus keeps it: the header's 8-bit byte is an X, the body's is not.
  assert.equal(inbox.messages[0]!.body.toString('latin1'), withoutId.toString('latin1').replace('\u00dc', 'X'));
  const rerun = await again();
  assert.deepEqual([rerun.appended, rerun.skipped, inbox.messages.length], [0, 2, 2]);
});

test("an mbox server (Dovecot's) takes a file's mbox lines and Content-Length out of what it stores: a rerun appends nothing twice", async () => {
  const mboxed = (subject: string, id: string) =>
    Buffer.from(
      `From: a@example.org\r\nSubject: ${subject}\r\n${id}Status: RO\r\nX-Status: A\r\nX-Keywords: $Work\r\n` +
        `X-UID: 7\r\nContent-Length: 7\r\n\r\nhello\r\n`,
    );
  const files = { '1.a,U=1:2,S': mboxed('named', 'Message-ID: <m@x>\r\n'), '2.a,U=2:2,S': mboxed('unnamed', '') };
  const profile: FakeProfile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1',
    delimiter: '/',
    stripsMboxHeaders: true,
  };
  const { inbox, summary, again } = await restoreInto(profile, files);
  assert.deepEqual([summary.appended, summary.failed], [2, 0]);
  assert.ok(inbox.messages.every((m) => !/Status|X-UID|Content-Length/.test(m.body.toString())));
  const rerun = await again();
  assert.deepEqual([rerun.appended, rerun.skipped, rerun.failed], [0, 2, 0]);
  assert.equal(inbox.messages.length, 2);
});

test('an mbox server (GNU imap4d) adds its bookkeeping lines to what it stores: a rerun appends nothing twice', async () => {
  const files = {
    '1.a,U=1:2,S': Buffer.from('From: a@example.org\r\nSubject: named\r\nMessage-ID: <n@x>\r\n\r\nhello\r\n'),
    '2.a,U=2:2,S': Buffer.from('From: a@example.org\r\nSubject: unnamed\r\n\r\nno id\r\n'),
    '3.a,U=3:2,S': Buffer.from('From: a@example.org\r\nSubject: all header, no blank line\r\n'),
    '4.a,U=4:2,S': Buffer.from('From: a@example.org\r\nSubject: no newline at the end\r\n\r\ncut'),
  };
  const profile: FakeProfile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1',
    delimiter: '/',
    mboxBookkeeping: true,
  };
  const { server, inbox, summary, again } = await restoreInto(profile, files);
  assert.deepEqual([summary.appended, summary.failed], [4, 0]);
  assert.ok(inbox.messages.every((m) => /\r\nX-UID: \d+\r\nStatus: O\r\n/.test(m.body.toString())));
  const fetchedBefore = server.commands.filter((c) => /BODY\.PEEK\[\]/.test(c)).length;
  const rerun = await again();
  assert.deepEqual([rerun.appended, rerun.skipped, rerun.failed], [0, 4, 0]);
  assert.equal(inbox.messages.length, 4);
  const fetches = server.commands.filter((c) => /BODY\.PEEK\[\]/.test(c)).length - fetchedBefore;
  assert.equal(fetches, 1, 'the copies are hashed in one FETCH, not one each');
});

test('Exchange converts what it stores (other bytes, an RFC822.SIZE that is not their length): a rerun knows its copies by Message-ID', async () => {
  const named = (i: number, id: string) =>
    Buffer.from(`From: a@example.org\r\nSubject: ${i}\r\nMessage-ID: ${id}\r\n\r\nbody ${i}\r\n`);
  const files = {
    '1.a,U=1:2,S': named(1, '<1@x>'),
    '2.a,U=2:2,S': named(2, '<twice@x>'),
    '3.a,U=3:2,S': named(3, '<twice@x>'),
  };
  const profile: FakeProfile = {
    greeting: '* OK The Microsoft Exchange IMAP4 service is ready.',
    capabilities: 'IMAP4 IMAP4rev1 AUTH=PLAIN UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+',
    delimiter: '/',
    convertsAppended: true,
  };
  const { inbox, summary, again } = await restoreInto(profile, files);
  assert.deepEqual([summary.appended, summary.failed], [3, 0]);
  const rerun = await again();
  assert.deepEqual([rerun.appended, rerun.skipped, rerun.failed], [0, 3, 0]);
  assert.equal(inbox.messages.length, 3);
});
