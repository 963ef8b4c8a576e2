// The session (connectImap) against a scripted server with the oddities real servers show: names
// shaped like FETCH items, 8-bit names, the keyword NIL, sizes that lie, an unreadable FETCH, [ALERT],
// LIST-STATUS offered but refused, QRESYNC left off by ENABLE, ESEARCH offered but not used, EXAMINE's
// parameters refused, STATUS items left out, partial bodies without their origin, header field names
// quoted, NAMESPACE answers of every shape.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { connectImap } from '../../../src/engine/imap/connect.js';
import type { RemoteBody, RemoteNotice, RemoteSession } from '../../../src/engine/remote.js';
import { startFakeImap } from '../../support/fake-imap.js';
import type { FakeMailbox, FakeProfile } from '../../support/fake-imap-types.js';
import { scriptedAccount } from '../../support/scripted-account.js';
import type { ScriptedServer } from '../../support/scripted-server.js';

const PROFILE: FakeProfile = {
  greeting: '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN LIST-STATUS] ready',
  capabilities: 'IMAP4rev1 LIST-STATUS UIDPLUS',
  delimiter: '/',
};

const servers: ScriptedServer[] = [];
const sessions: RemoteSession[] = [];
after(async () => {
  for (const session of sessions) await session.close().catch(() => undefined);
  for (const server of servers) await server.close();
});

async function open(mailboxes: FakeMailbox[], profile: FakeProfile = PROFILE) {
  const server = await startFakeImap(profile, mailboxes);
  servers.push(server);
  const session = await connectImap(scriptedAccount(server.port));
  sessions.push(session);
  const notices: RemoteNotice[] = [];
  session.onNotice?.((notice) => notices.push(notice));
  return { server, session, notices };
}

const box = (listed: string, name: string, messages: FakeMailbox['messages'] = []): FakeMailbox => ({
  listed,
  name,
  uidValidity: 7,
  messages,
});
const message = (uid: number, body: string, extra: Partial<FakeMailbox['messages'][number]> = {}) => ({
  uid,
  flags: ['\\Seen'],
  body: Buffer.from(body),
  ...extra,
});

test('names shaped like FETCH items, brackets and 8-bit names are listed, STATUSed and examined', async () => {
  const odd: FakeMailbox[] = [
    box('Body[old', 'Body[old'),
    box('BODY[', 'BODY['),
    box('BODY[]<0>', 'BODY[]<0>'),
    box('Foo]Bar', 'Foo]Bar'),
    box('"[Gmail]/x"', '[Gmail]/x'),
    box('body.peek[HEADER', 'body.peek[HEADER'),
    box('{7}\r\nZ\u00fcrich', 'Z\u00fcrich'),
    box('"Work &- Play"', 'Work &- Play'),
  ];
  const { session, server } = await open(odd);
  const listed = await session.list();
  assert.deepEqual(
    listed.map((m) => [m.name, m.status?.uidValidity]),
    [
      ['Body[old', 7],
      ['BODY[', 7],
      ['BODY[]<0>', 7],
      ['Foo]Bar', 7],
      ['[Gmail]/x', 7],
      ['body.peek[HEADER', 7],
      ['Zürich', 7],
      ['Work & Play', 7],
    ],
  );
  for (const mailbox of listed) {
    assert.equal((await session.status(mailbox)).uidValidity, 7, mailbox.name);
    assert.equal((await session.examine(mailbox)).uidValidity, 7, mailbox.name);
  }
  // The 8-bit name went back as a literal (inlined by the scripted server), the others as quoted strings.
  assert.ok(
    server.commands.some((c) => /^M\d+ EXAMINE "Zürich"$/.test(c)),
    server.commands.join('\n'),
  );
  assert.ok(server.commands.some((c) => /^M\d+ STATUS "Work &- Play" \(/.test(c)));
});

test('a name modified UTF-7 would spell otherwise goes back as listed, from another session too', async () => {
  const odd = [
    box('{7}\r\nZ\u00fcrich', 'Z\u00fcrich'),
    box('&AGEAYgBj-', '&AGEAYgBj-'), // "abc", its ASCII needlessly encoded
    box('"&Jjo"', '&Jjo'), // an &-sequence that does not decode
  ];
  const { server, session } = await open(odd);
  const listed = await session.list();
  assert.deepEqual(
    listed.map((m) => m.name),
    ['Zürich', 'abc', '&Jjo'],
  );
  // The pass hands listed mailboxes to the other sessions it opens.
  const other = await connectImap(scriptedAccount(server.port));
  sessions.push(other);
  for (const mailbox of listed) {
    assert.equal((await other.status(mailbox)).uidValidity, 7, mailbox.name);
    assert.equal((await other.examine(mailbox)).uidValidity, 7, mailbox.name);
  }
});

test("NAMESPACE: each kind's prefixes, decoded as names are, NIL as none, a cut-short answer as what it names", async () => {
  const withNamespace = (namespace: string): FakeProfile => ({
    ...PROFILE,
    capabilities: `${PROFILE.capabilities} NAMESPACE`,
    namespace,
  });
  for (const [answer, expected] of [
    [
      '* NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared Folders/" "/") ("&ANY-ffentlich/" "/"))',
      { personal: [''], otherUsers: ['Other Users/'], shared: ['Shared Folders/', 'Öffentlich/'] },
    ],
    [
      '* NAMESPACE (("INBOX." ".")) NIL (("#shared." "." "X-EXT" ("a")))',
      { personal: ['INBOX.'], otherUsers: [], shared: ['#shared.'] },
    ],
    ['* NAMESPACE (("" "/"))', { personal: [''], otherUsers: [], shared: [] }],
  ] as const) {
    const { session } = await open([], withNamespace(answer));
    assert.deepEqual(await session.namespaces?.(), expected, answer);
  }
  const { session } = await open([]);
  assert.equal(await session.namespaces?.(), undefined, 'no NAMESPACE capability, no NAMESPACE asked');
});

test('LIST-STATUS offered but RETURN (STATUS) refused: a plain LIST, and STATUS for each', async () => {
  const { session } = await open([box('INBOX', 'INBOX'), box('Work', 'Work')], { ...PROFILE, refusesListStatus: true });
  const listed = await session.list();
  assert.deepEqual(
    listed.map((m) => [m.name, m.status]),
    [
      ['INBOX', undefined],
      ['Work', undefined],
    ],
  );
  assert.equal((await session.status(listed[1]!)).uidValidity, 7);
});

test('LIST-STATUS with a NO for a STATUS: a parent kept for its children is not one to open; a lone one is', async () => {
  // As Dovecot's Maildir++ answers after `DELETE Archive` while Archive/2022 stays.
  const gone = { ...box('Archive', 'Archive'), statusRefused: "Mailbox doesn't exist: Archive" };
  const locked = { ...box('Lone', 'Lone'), statusRefused: 'Permission denied' };
  const { session } = await open([box('INBOX', 'INBOX'), gone, box('Archive/2022', 'Archive/2022'), locked]);
  assert.deepEqual(
    (await session.list()).map((m) => [m.name, m.selectable, m.status !== undefined]),
    [
      ['INBOX', true, true],
      ['Archive', false, false],
      ['Archive/2022', true, true],
      ['Lone', true, false],
    ],
  );
});

test('a LIST or STATUS with a number (* 3 LIST) is no mailbox: skipped as unknown data', async () => {
  // The fake server writes `listed` as is: this one smuggles two numbered responses after Work.
  const numbered = 'Work\r\n* 3 LIST () "/" Ghost\r\n* 4 STATUS Ghost (MESSAGES 1)';
  const { session } = await open([box('INBOX', 'INBOX'), box(numbered, 'Work')], {
    ...PROFILE,
    refusesListStatus: true,
  });
  assert.deepEqual(
    (await session.list()).map((m) => m.name),
    ['INBOX', 'Work'],
  );
});

test('QRESYNC offered but left off by ENABLE: the EXAMINE asks for CONDSTORE only', async () => {
  const qresync = { ...PROFILE, capabilities: 'IMAP4rev1 ENABLE CONDSTORE QRESYNC' };
  for (const enablesNothing of [false, true]) {
    const { server, session } = await open([box('INBOX', 'INBOX')], { ...qresync, enablesNothing });
    const [inbox] = await session.list();
    const examined = await session.examine(inbox!, { uidValidity: 7, modSeq: 1 });
    assert.equal(examined.uidValidity, 7);
    const sent = server.commands.find((c) => / EXAMINE /.test(c));
    assert.match(sent!, enablesNothing ? / EXAMINE "INBOX" \(CONDSTORE\)$/ : / EXAMINE "INBOX" \(QRESYNC \(7 1\)\)$/);
  }
});

test('ESEARCH offered but UID SEARCH RETURN (ALL) answered with a plain SEARCH: the UIDs are read', async () => {
  const messages = [message(3, 'a'), message(5, 'b'), message(9, 'c')];
  const esearch = { ...PROFILE, capabilities: 'IMAP4rev1 ESEARCH' };
  const { server, session } = await open([box('INBOX', 'INBOX', messages)], esearch);
  const [inbox] = await session.list();
  await session.examine(inbox!);
  assert.deepEqual(await session.listUids(), [3, 5, 9]);
  assert.ok(server.commands.some((c) => / UID SEARCH RETURN \(ALL\) ALL$/.test(c)));
});

test('EXAMINE (QRESYNC ...) refused: a plain EXAMINE, which reports no changes and no mod-sequences', async () => {
  const refusing: FakeProfile = {
    ...PROFILE,
    capabilities: 'IMAP4rev1 ENABLE CONDSTORE QRESYNC',
    refusesExamineParameters: 'BAD',
    examineExtras: ['* OK [HIGHESTMODSEQ 9] modseqs kept'],
  };
  const { server, session } = await open([box('INBOX', 'INBOX', [message(1, 'a')])], refusing);
  const [inbox] = await session.list();
  const examined = await session.examine(inbox!, { uidValidity: 7, modSeq: 1 });
  assert.deepEqual(examined, { messages: 1, uidNext: 2, uidValidity: 7, condstore: false });
  assert.match(server.commands.at(-1)!, / EXAMINE "INBOX"$/);
});

test('STATUS without UIDNEXT is read with UIDNEXT unknown (0); without UIDVALIDITY the error says so', async () => {
  const { session } = await open([box('INBOX', 'INBOX', [message(4, 'a')])], { ...PROFILE, statusOmits: ['UIDNEXT'] });
  const [inbox] = await session.list();
  assert.deepEqual(inbox!.status, { messages: 1, uidNext: 0, uidValidity: 7 });
  assert.deepEqual(await session.status(inbox!), { messages: 1, uidNext: 0, uidValidity: 7 });
  const other = await open([box('INBOX', 'INBOX')], { ...PROFILE, statusOmits: ['UIDVALIDITY'] });
  const [otherInbox] = await other.session.list();
  assert.equal(otherInbox!.status, undefined);
  await assert.rejects(
    other.session.status(otherInbox!),
    /^SyncError: the server's STATUS for INBOX has no UIDVALIDITY$/,
  );
});

test('a mailbox listed twice is listed once; two paths that only make the same name stay two', async () => {
  const boxes = ['INBOX', 'Work', 'Work', 'Inbox', 'INBOX.a.b', '"INBOX.a/b"'].map((listed) => box(listed, listed));
  const { session } = await open(boxes, { ...PROFILE, delimiter: '.' });
  assert.deepEqual(
    (await session.list()).map((m) => [m.path, m.name]),
    [
      ['INBOX', 'INBOX'],
      ['Work', 'Work'],
      ['INBOX.a.b', 'INBOX/a/b'],
      ['INBOX.a/b', 'INBOX/a/b'],
    ],
  );
});

test('a keyword spelled NIL in FLAGS is a keyword, in listings and with bodies', async () => {
  const { session } = await open([
    box('INBOX', 'INBOX', [message(1, 'a', { flags: ['\\Seen', 'NIL'] }), message(2, 'b')]),
  ]);
  const [inbox] = await session.list();
  await session.examine(inbox!);
  assert.deepEqual(
    (await session.fetchUidsAndFlags('1:*')).map((m) => m.flags),
    [['\\Seen', 'NIL'], ['\\Seen']],
  );
  assert.deepEqual(
    (await session.fetchBodies([1, 2])).map((b) => b.flags),
    [['\\Seen', 'NIL'], ['\\Seen']],
  );
});

test("a header list answered with quoted field names (Courier-IMAP): each message's Message-ID is read", async () => {
  const headed = (uid: number) => message(uid, `Message-ID: <${uid}@x>\r\nSubject: s\r\n\r\nbody\r\n`);
  const { session, server } = await open([box('INBOX', 'INBOX', [headed(1), headed(2)])], {
    ...PROFILE,
    quotesHeaderFields: true,
  });
  const [inbox] = await session.list();
  await session.examine(inbox!);
  const ids = await session.fetchMessageIds([1, 2]);
  assert.deepEqual(
    [...ids].map(([uid, info]) => [uid, info.messageId]),
    [
      [1, '<1@x>'],
      [2, '<2@x>'],
    ],
  );
  assert.ok(server.commands.some((c) => c.includes('BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]')));
});

const text = (body: RemoteBody) => (body.body as Buffer).toString();

test('the literal is the message: longer or shorter than RFC822.SIZE, stored as sent, the announced size kept', async () => {
  const { session } = await open([
    box('INBOX', 'INBOX', [
      message(1, 'longer than announced', { announcedSize: 5 }),
      message(2, 'short', { announcedSize: 500 }),
      message(3, 'exact'),
    ]),
  ]);
  const [inbox] = await session.list();
  await session.examine(inbox!);
  const bodies = await session.fetchBodies([1, 2, 3]);
  assert.deepEqual(
    bodies.map((b) => [b.uid, text(b), b.size, b.announcedSize, b.partial]),
    [
      [1, 'longer than announced', 21, 5, undefined],
      [2, 'short', 5, 500, undefined],
      [3, 'exact', 5, undefined, undefined],
    ],
  );
});

test('a first slice that fills the slice is partial, whatever RFC822.SIZE says', async () => {
  const { session } = await open([
    box('INBOX', 'INBOX', [
      message(1, '0123456789', { announcedSize: 4 }),
      message(2, '0123', { announcedSize: 4 }),
      message(3, '0123456789', { announcedSize: 10 }),
    ]),
  ]);
  const [inbox] = await session.list();
  await session.examine(inbox!);
  const bodies = await session.fetchBodies([1, 2, 3], 8);
  assert.deepEqual(
    bodies.map((b) => [b.uid, text(b), b.size, b.announcedSize, b.partial]),
    [
      [1, '01234567', 8, 4, true],
      [2, '0123', 4, undefined, undefined],
      [3, '01234567', 10, undefined, true],
    ],
  );
});

test('a streamed body is read until the server stops sending, past an RFC822.SIZE that under-reports', async () => {
  const big = Buffer.alloc(2.5 * 1024 * 1024, 'x');
  const { session } = await open([box('INBOX', 'INBOX', [{ uid: 9, flags: [], body: big, announcedSize: 1000 }])]);
  const [inbox] = await session.list();
  await session.examine(inbox!);
  const streamed = await session.streamBody(9);
  let length = 0;
  for await (const chunk of streamed.body as AsyncIterable<Buffer>) length += chunk.length;
  assert.equal(length, big.length);
  assert.equal(streamed.size, 1000, 'size is only the announced estimate');
});

test('a partial FETCH answered as BODY[] without its origin: the bytes sent are the message, streamed or not', async () => {
  const big = Buffer.from(Array.from({ length: 2.5 * 1024 * 1024 }, (_, i) => i % 251));
  for (const partialAsBody of ['slice', 'whole'] as const) {
    const messages = [{ uid: 9, flags: [], body: big }, message(10, '0123456789')];
    const { session } = await open([box('INBOX', 'INBOX', messages)], { ...PROFILE, partialAsBody });
    const [inbox] = await session.list();
    await session.examine(inbox!);
    const streamed = await session.streamBody(9);
    const chunks: Buffer[] = [];
    for await (const chunk of streamed.body as AsyncIterable<Buffer>) chunks.push(chunk);
    assert.ok(Buffer.concat(chunks).equals(big), partialAsBody);
    const [first] = await session.fetchBodies([10], 8);
    const expected = partialAsBody === 'slice' ? '01234567' : '0123456789';
    assert.deepEqual([text(first!), first!.partial], [expected, true], partialAsBody);
  }
});

test('an unreadable FETCH costs its message only: skipped, told with mailbox and UID, the rest fetched', async () => {
  const broken = message(2, 'b', {
    rawFetch: (seq) => `* ${seq} FETCH (UID 2 FLAGS ("not an atom") BODY[] {1}\r\nb)\r\n`,
  });
  const { session, notices } = await open([box('INBOX', 'INBOX', [message(1, 'a'), broken, message(3, 'c')])]);
  const [inbox] = await session.list();
  await session.examine(inbox!);
  assert.deepEqual(
    (await session.fetchBodies([1, 2, 3])).map((b) => b.uid),
    [1, 3],
  );
  assert.equal(notices.length, 1);
  assert.deepEqual(
    { ...notices[0], reason: undefined },
    { kind: 'unreadable-message', mailbox: 'INBOX', uid: 2, reason: undefined },
  );
  assert.match((notices[0] as { reason: string }).reason, /FLAGS holds a non-atom/);
});

test('[ALERT] texts reach the session listener, sanitized to one line', async () => {
  const { notices } = await open([], {
    ...PROFILE,
    loginAlert: 'Please log in via your web browser\u001b]0;pwned\u0007 now',
  });
  assert.deepEqual(notices, [{ kind: 'alert', text: 'Please log in via your web browser now' }]);
});
