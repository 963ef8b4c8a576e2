// The engine over a scripted server's oddities: an [ALERT] becomes an alert notice (once a pass,
// however often repeated); a body longer or shorter than RFC822.SIZE is stored as sent and said
// so; an unreadable FETCH costs that message
// only (an error with mailbox and UID, and a notice with the why) and the mailbox goes on; a name
// listed twice is synced once; an EXAMINE without UIDVALIDITY takes STATUS's; a FETCH answered NO
// costs only the messages it did not send, and so does one that ends in a dropped connection; a
// UIDVALIDITY that changed between STATUS and EXAMINE is a UIDVALIDITY change (re-matched by
// Message-ID also where the server quotes the field name, as Courier-IMAP does); EXAMINE (CONDSTORE)
// refused is a plain EXAMINE, and so is EXAMINE (QRESYNC ...) refused on a pipelined pass, while a
// plain NO to one mailbox's EXAMINE turns QRESYNC off for no other; a STATUS without UIDNEXT is
// enough; an empty LIST still has INBOX, for sync and verify; Courier-IMAP's mailboxes are SELECTed,
// the only way its arrivals keep their UIDs; files another tool wrote stay adopted on later passes.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesUnder, sha256 } from '../support/backup-check.js';
import { createEngine } from '../../src/engine/engine.js';
import { verifyAccounts } from '../../src/engine/verify/verify-accounts.js';
import { runPass, syncOnce } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import type { FakeMailbox, FakeProfile } from '../support/fake-imap-types.js';
import { fakeMessage as message, storedHashes, useFakeAccounts } from '../support/fake-imap-account.js';

const accountOn = useFakeAccounts();

test('alerts, sizes that lie and an unreadable FETCH: each told, none costs more than its message', async () => {
  const longer = message(1, 'longer than announced', { announcedSize: 7 });
  const broken = message(2, 'broken', {
    rawFetch: (seq, items) =>
      /BODY\.PEEK/.test(items) ? `* ${seq} FETCH (UID 2 FLAGS ("odd") BODY[] {3}\r\nabc)\r\n` : undefined,
  });
  const shorter = message(3, 'short', { announcedSize: 5000 });
  const server = await startFakeImap(
    {
      greeting: '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready',
      capabilities: 'IMAP4rev1 UIDPLUS',
      delimiter: '/',
      loginAlert: 'Your account will be closed\u001b[2J tomorrow',
    },
    [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages: [longer, broken, shorter] }],
  );
  const account = await accountOn(server);
  const { summary, events } = await runPass(account);
  const notices = events.flatMap((e) => (e.type === 'notice' ? [e] : []));
  assert.ok(
    notices.some((n) => n.alert === true && n.message === '127.0.0.1 says: Your account will be closed tomorrow'),
    JSON.stringify(notices),
  );
  assert.ok(notices.some((n) => /UID 1 stored as the server sent it, \d+ bytes \(it announced 7\)/.test(n.message)));
  assert.ok(notices.some((n) => /UID 3 stored as the server sent it, \d+ bytes \(it announced 5000\)/.test(n.message)));
  assert.ok(
    notices.some((n) => /INBOX: UID 2 skipped, its FETCH is unreadable \(.*FLAGS holds a non-atom/.test(n.message)),
  );
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.scope, e.mailbox, e.uid]),
    [['MESSAGE_UNREADABLE', 'message', 'INBOX', 2]],
  );
  assert.deepEqual(await storedHashes(account.localPath), [sha256(longer.body), sha256(shorter.body)].sort());
});

test('an [ALERT] every session repeats at login is told once per pass', async () => {
  const boxes = ['INBOX', 'A', 'B', 'C'].map((name, i) => ({
    listed: name,
    name,
    uidValidity: 5 + i,
    messages: [message(10 + i, `in ${name}`)],
  }));
  const server = await startFakeImap(
    {
      greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
      capabilities: 'IMAP4rev1',
      delimiter: '/',
      loginAlert: 'Your password expires in 3 days',
    },
    boxes,
  );
  const account = await accountOn(server, { concurrency: 4 });
  const { summary, events } = await runPass(account);
  assert.deepEqual(summary.errors, []);
  const logins = server.commands.filter((c) => /^\S+ (LOGIN|AUTHENTICATE)\b/i.test(c)).length;
  assert.ok(logins > 1, `sessions logged in: ${logins}`);
  const alerts = events.filter((e) => e.type === 'notice' && e.alert === true);
  assert.deepEqual(
    alerts.map((e) => e.type === 'notice' && e.message),
    ['127.0.0.1 says: Your password expires in 3 days'],
  );
  assert.equal((await runPass(account)).events.filter((e) => e.type === 'notice' && e.alert === true).length, 1);
});

test('a mailbox listed twice, or INBOX in another spelling, is synced once: each message stored once', async () => {
  const work = { listed: 'Work', name: 'Work', uidValidity: 6, messages: [message(3, 'w1'), message(4, 'w2')] };
  const inbox = [message(1, 'in the INBOX')];
  const server = await startFakeImap(
    { greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready', capabilities: 'IMAP4rev1', delimiter: '/' },
    [
      { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages: inbox },
      { listed: 'Inbox', name: 'Inbox', uidValidity: 9, messages: [message(7, 'not a mailbox of its own')] },
      work,
      work,
    ],
  );
  const account = await accountOn(server, { concurrency: 4 });
  const first = await runPass(account);
  assert.deepEqual(first.summary.errors, []);
  const expected = [...inbox, ...work.messages].map((m) => sha256(m.body)).sort();
  assert.deepEqual(await storedHashes(account.localPath), expected);
  const again = await runPass(account);
  assert.ok(!again.events.some((e) => e.type === 'notice' && /UIDVALIDITY/.test(e.message)));
  assert.deepEqual(await storedHashes(account.localPath), expected);
});

test('an EXAMINE without UIDVALIDITY: STATUS tells it, and the next pass fetches nothing again', async () => {
  const messages = [message(1, 'one'), message(2, 'two')];
  const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/', noUidValidity: true };
  const server = await startFakeImap(profile, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]);
  const account = await accountOn(server);
  const expected = messages.map((m) => sha256(m.body)).sort();
  assert.deepEqual((await runPass(account)).summary.errors, []);
  assert.deepEqual(await storedHashes(account.localPath), expected);
  const again = await runPass(account);
  assert.equal(again.summary.added, 0);
  assert.deepEqual(await storedHashes(account.localPath), expected);
  assert.ok((await filesUnder(account.localPath)).every((f) => !/\/(cur|new)\//.test(f) || /,V=5,/.test(f)));
});

test('a FETCH answered NO after some bodies: those are stored, the others skipped and told, big or small', async () => {
  const big = { uid: 4, flags: [], body: Buffer.alloc(4.5 * 1024 * 1024, 'x'), unfetchable: true };
  const messages = [message(1, 'one'), message(2, 'refused', { unfetchable: true }), message(3, 'three'), big];
  const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/' };
  const server = await startFakeImap(profile, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]);
  const account = await accountOn(server);
  const { summary, events } = await runPass(account);
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.scope, e.mailbox, e.uid]),
    [
      ['MESSAGE_UNREADABLE', 'message', 'INBOX', 2],
      ['MESSAGE_UNREADABLE', 'message', 'INBOX', 4],
    ],
  );
  assert.deepEqual(summary.mailboxesFailed, []);
  assert.ok(
    events.some(
      (e) => e.type === 'notice' && /UID 2 skipped, .*answered NO: Some messages could not be FETCHed/.test(e.message),
    ),
  );
  assert.deepEqual(
    await storedHashes(account.localPath),
    [sha256(messages[0]!.body), sha256(messages[2]!.body)].sort(),
  );
});

test('a server that drops the line after a message it cannot send: the others are stored, attempt by attempt', async () => {
  const messages = [message(1, 'one'), message(2, 'unreadable', { unfetchable: true }), message(3, 'three')];
  const profile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1',
    delimiter: '/',
    dropsAfterUnfetchable: true,
  };
  const server = await startFakeImap(profile, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]);
  const account = await accountOn(server);
  const { summary } = await syncOnce(account, { maxAttempts: 2, backoffBaseMs: 10 });
  // The line drops on every attempt: the mailbox fails, told as the lost connection it is.
  assert.deepEqual(summary.mailboxesFailed, ['scripted:INBOX']);
  assert.ok(summary.errors.some((e) => e.code === 'CONNECTION' && /Internal error occurred/.test(e.message)));
  assert.deepEqual(
    await storedHashes(account.localPath),
    [sha256(messages[0]!.body), sha256(messages[2]!.body)].sort(),
  );
});

test('the mailbox recreated between STATUS and EXAMINE: its messages are re-matched, not fetched again', async () => {
  const messages = [message(1, 'one'), message(2, 'two')];
  const inbox: FakeMailbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages };
  const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/' };
  const account = await accountOn(await startFakeImap(profile, [inbox]));
  await runPass(account);
  inbox.examineUidValidity = 6;
  const { summary, events } = await runPass(account);
  assert.equal(summary.added, 0);
  assert.ok(
    events.some((e) => e.type === 'notice' && /UIDVALIDITY of INBOX changed \(5 → 6\).*re-matched 2/.test(e.message)),
  );
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort());
});

test('a UIDVALIDITY change on Courier-IMAP, which quotes the Message-ID field it is asked for: re-matched by Message-ID', async () => {
  const headed = (uid: number) =>
    message(uid, '', { body: Buffer.from(`Message-ID: <${uid}@x>\r\nSubject: s\r\n\r\nbody ${uid}\r\n`) });
  const messages = [headed(1), headed(2), headed(3)];
  const inbox: FakeMailbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages };
  const account = await accountOn(await startFakeImap(COURIER, [inbox]));
  await runPass(account);
  inbox.uidValidity = 6;
  const { summary, events } = await runPass(account);
  assert.equal(summary.added, 0);
  assert.ok(events.some((e) => e.type === 'notice' && /changed \(5 → 6\).*re-matched 3, fetching 0/.test(e.message)));
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort());
});

test('Courier-IMAP numbers new mail for good only in a SELECTed mailbox: SELECT, so mail after a deleted arrival is stored', async () => {
  const [a, c, d] = [message(1, 'a'), message(0, 'c'), message(0, 'd')];
  const inbox: FakeMailbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages: [a], unnumbered: [c] };
  const server = await startFakeImap(COURIER, [inbox]);
  const account = await accountOn(server);
  await runPass(account);
  // c is deleted and d arrives: d is numbered 3 after c was numbered 2 for good; under EXAMINE
  // alone c was never numbered for good, and d would be 2, a UID the backup holds (c).
  inbox.messages = inbox.messages.filter((m) => m.body !== c.body);
  inbox.unnumbered = [d];
  const { summary } = await runPass(account);
  assert.deepEqual([summary.errors, summary.added], [[], 1]);
  assert.deepEqual(await storedHashes(account.localPath), [a, c, d].map((m) => sha256(m.body)).sort());
  assert.ok(!server.commands.some((command) => /^\S+ EXAMINE /.test(command)));
});

test("another tool's files adopted on a first pass stay adopted when the mailbox is listed again", async () => {
  // Courier has no CONDSTORE: every pass lists every mailbox, and compares it with the folder.
  const headed = (uid: number, text: string) =>
    message(uid, '', { body: Buffer.from(`Message-ID: <${text}@x>\r\nSubject: ${text}\r\n\r\n${text}\r\n`) });
  const inbox: FakeMailbox = { listed: '"INBOX"', name: 'INBOX', uidValidity: 5, messages: [headed(1, 'a')] };
  inbox.messages.push(headed(2, 'b'));
  const account = await accountOn(await startFakeImap(COURIER, [inbox]));
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(account.inboxPath, sub), { recursive: true });
  for (const m of inbox.messages) {
    await writeFile(join(account.inboxPath, 'cur', `1700000000.${m.uid}_1.host,U=${m.uid}:2,S`), m.body);
  }
  assert.equal((await runPass(account)).summary.added, 0);
  inbox.messages.push(headed(3, 'c'));
  const { summary } = await runPass(account);
  assert.deepEqual([summary.errors, summary.added], [[], 1]);
  assert.equal((await filesUnder(account.inboxPath)).length, 3);
});

/** Courier-IMAP 5.0's answers: no UIDNEXT with EXAMINE, header field names quoted in FETCH. */
const COURIER_CAPABILITIES =
  'IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE AUTH=PLAIN ACL ' +
  'ACL2=UNION ENABLE UTF8=ACCEPT';
const COURIER: FakeProfile = {
  greeting:
    `* OK [CAPABILITY ${COURIER_CAPABILITIES}] Courier-IMAP ready. Copyright 1998-2019 Double Precision, Inc.  ` +
    'See COPYING for distribution information.',
  capabilities: COURIER_CAPABILITIES,
  delimiter: '.',
  noUidNext: true,
  examineExtras: [
    '* FLAGS (\\Draft \\Answered \\Flagged \\Deleted \\Seen \\Recent)',
    '* OK [PERMANENTFLAGS ()] No permanent flags permitted',
    '* OK [MYRIGHTS "acdilrsw"] ACL',
  ],
  quotesHeaderFields: true,
};

/** Mailboxes of one message each, with mod-sequences. */
function withModSeqs(names: string[]): FakeMailbox[] {
  return names.map((name, i) => ({
    listed: name,
    name,
    uidValidity: 5 + i,
    highestModSeq: 9,
    messages: [message(1, `${name} one`)],
  }));
}

/**
 * Two passes over mailboxes served with `profile` (INBOX unless named; with mod-sequences): the first
 * stores one message of each, the second an arrival in each, on one session.
 */
async function storesArrival(profile: FakeProfile, label: string, names = ['INBOX']): Promise<void> {
  const mailboxes = withModSeqs(names);
  const account = await accountOn(await startFakeImap(profile, mailboxes));
  assert.deepEqual((await runPass(account)).summary.errors, [], label);
  for (const mailbox of mailboxes) {
    mailbox.messages.push(message(2, `${mailbox.name} two`));
    mailbox.highestModSeq = 10;
  }
  const again = await runPass(account);
  assert.deepEqual([again.summary.errors, again.summary.added], [[], names.length], label);
  const all = mailboxes.flatMap((mailbox) => mailbox.messages);
  assert.deepEqual(await storedHashes(account.localPath), all.map((m) => sha256(m.body)).sort());
}

test('EXAMINE parameters refused: a plain EXAMINE, also behind another mailbox on a pipelined pass', async () => {
  for (const refusal of ['BAD', 'NO'] as const) {
    const served = { greeting: '* OK IMAP4rev1 ready', delimiter: '/' };
    const condstore: FakeProfile = {
      ...served,
      capabilities: 'IMAP4rev1 CONDSTORE',
      refusesExamineParameters: refusal,
      examineExtras: ['* OK [HIGHESTMODSEQ 9] modseqs kept'],
    };
    await storesArrival(condstore, `(CONDSTORE) ${refusal}`);
    // QRESYNC enabled, (CONDSTORE) taken, (QRESYNC ...) refused: the pass pipelines, as QRESYNC lets it.
    const qresync = { ...served, capabilities: 'IMAP4rev1 ENABLE CONDSTORE QRESYNC', refusesQresyncExamine: refusal };
    await storesArrival(qresync, `(QRESYNC ...) ${refusal}`, ['INBOX', 'One', 'Two', 'Three']);
  }
});

const withQresync: FakeProfile = {
  greeting: '* OK IMAP4rev1 ready',
  capabilities: 'IMAP4rev1 ENABLE CONDSTORE QRESYNC',
  delimiter: '/',
};

/**
 * One engine (one run) over mailboxes `names` served with `profile`: `pass` runs a pass, `examinesOf`
 * the EXAMINEs a run sent, `arrive` adds message `uid` to each mailbox.
 */
async function engineRun(profile: FakeProfile, names: string[]) {
  const mailboxes = withModSeqs(names);
  const server = await startFakeImap(profile, mailboxes);
  const account = await accountOn(server);
  const engine = createEngine({ accounts: [account], maxAttempts: 1 });
  const pass = async () => {
    const idle = engine.whenIdle();
    engine.resync();
    return idle;
  };
  const examinesOf = async (run: () => Promise<unknown>) => {
    const before = server.commands.length;
    await run();
    return server.commands.slice(before).filter((command) => /^\S+ EXAMINE /i.test(command));
  };
  const arrive = (uid: number) => {
    for (const mailbox of mailboxes) {
      mailbox.messages.push(message(uid, `${mailbox.name} ${uid}`));
      mailbox.highestModSeq! += 1;
    }
  };
  return { mailboxes, account, pass, examinesOf, arrive };
}

test('EXAMINE (QRESYNC ...) refused: remembered for the run, later EXAMINEs send (CONDSTORE) and keep mod-sequences', async () => {
  const names = ['INBOX', 'One', 'Two'];
  const run = await engineRun({ ...withQresync, refusesQresyncExamine: 'NO' }, names);
  const { mailboxes, account, examinesOf, arrive } = run;
  const pass = async () => assert.deepEqual((await run.pass()).errors, []);
  await pass();
  arrive(2);
  const refused = await examinesOf(pass);
  assert.ok(
    refused.some((command) => /\(QRESYNC /.test(command)),
    'the second pass tries QRESYNC',
  );
  assert.deepEqual(
    refused.filter((command) => !/\((QRESYNC|CONDSTORE)/.test(command)),
    [],
    'after the refusal, (CONDSTORE), never a plain EXAMINE',
  );
  arrive(3);
  const later = await examinesOf(pass);
  assert.equal(later.length, names.length, later.join('\n'));
  assert.ok(
    later.every((command) => / \(CONDSTORE\)$/.test(command)),
    later.join('\n'),
  );
  // Mod-sequences kept: a pass over mailboxes that did not change examines none.
  assert.deepEqual(await examinesOf(pass), []);
  const all = mailboxes.flatMap((mailbox) => mailbox.messages);
  assert.deepEqual(await storedHashes(account.localPath), all.map((m) => sha256(m.body)).sort());
});

test("a plain NO to one mailbox's EXAMINE is that mailbox's failure: the others keep QRESYNC", async () => {
  const { mailboxes, pass, examinesOf, arrive } = await engineRun(withQresync, ['INBOX', 'Gone', 'Two']);
  const gone = mailboxes.find((mailbox) => mailbox.name === 'Gone')!;
  assert.deepEqual((await pass()).errors, []);
  gone.refusesExamine = true;
  const failsGone = async () => {
    const { errors } = await pass();
    assert.deepEqual(
      errors.map((error) => [error.code, error.mailbox]),
      [['MAILBOX_FAILED', 'Gone']],
    );
  };
  arrive(2);
  await failsGone();
  arrive(3);
  const examines = await examinesOf(failsGone);
  const others = examines.filter((command) => !/ EXAMINE "Gone"/.test(command));
  assert.equal(others.length, 2, examines.join('\n'));
  assert.ok(
    others.every((command) => / \(QRESYNC /.test(command)),
    examines.join('\n'),
  );
});

test('STATUS without UIDNEXT: the mailbox is synced from its EXAMINE, new mail found on the next pass', async () => {
  for (const capabilities of ['IMAP4rev1', 'IMAP4rev1 LIST-STATUS']) {
    const profile = { greeting: '* OK IMAP4rev1 ready', capabilities, delimiter: '/', statusOmits: ['UIDNEXT'] };
    await storesArrival(profile, capabilities);
  }
});

test('a LIST of nothing at all, not even INBOX: INBOX is synced and verified all the same', async () => {
  const messages = [message(1, 'one'), message(2, 'two')];
  const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/' };
  const inbox: FakeMailbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages, unlisted: true };
  const account = await accountOn(await startFakeImap(profile, [inbox]));
  const { summary } = await runPass(account);
  assert.deepEqual([summary.errors, summary.mailboxes, summary.added], [[], 1, 2]);
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort());
  // verify agrees: the INBOX synced is the INBOX verified, and found complete.
  const verified = await verifyAccounts({ accounts: [account], targets: [], deep: true, emit: () => undefined });
  assert.deepEqual([verified.mailboxes, verified.server, verified.stored, verified.exitCode], [1, 2, 2, 0]);
  const asked = { account: account.name, mailbox: 'INBOX' };
  const inboxAsked = await verifyAccounts({
    accounts: [account],
    targets: [asked],
    deep: false,
    emit: () => undefined,
  });
  assert.deepEqual([inboxAsked.mailboxes, inboxAsked.failed, inboxAsked.exitCode], [1, 0, 0]);
  // No INBOX either: the pass fails on it, where it ended fine with nothing synced.
  const empty = await runPass(await accountOn(await startFakeImap(profile, [])));
  assert.deepEqual(empty.summary.mailboxesFailed, ['scripted:INBOX']);
  assert.deepEqual(
    empty.summary.errors.map((e) => e.message),
    ['server refused INBOX: no such mailbox'],
  );
});

test('an mbox server (GNU imap4d) rewrites Status / X-UID in the header after the sync: verify finds the copies complete', async () => {
  const messages = [message(1, 'one'), message(2, 'two')];
  const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/' };
  const inbox: FakeMailbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages };
  const account = await accountOn(await startFakeImap(profile, [inbox]));
  assert.deepEqual((await runPass(account)).summary.errors, []);
  // An expunge elsewhere rewrote the mbox file: each message's header now holds the server's lines.
  for (const m of messages) {
    const [head, ...rest] = m.body.toString('latin1').split('\r\n\r\n');
    m.body = Buffer.from([`${head}\r\nX-UID: ${m.uid}\r\nStatus: RO`, ...rest].join('\r\n\r\n'), 'latin1');
  }
  messages.push(message(3, 'three'));
  const notes: string[] = [];
  const differs: number[] = [];
  for (const deep of [true, false]) {
    const verified = await verifyAccounts({
      accounts: [account],
      targets: [],
      deep,
      emit: (event) => {
        if (event.type === 'verify-note') notes.push(event.message);
        if (event.type === 'verify-problem' && event.kind === 'differs') differs.push(event.uid);
      },
    });
    assert.deepEqual([verified.server, verified.stored, verified.missing], [3, 2, 1], `deep: ${deep}`);
  }
  assert.equal(differs.length, 0);
  assert.ok(
    notes.some((n) => /^2 messages are as stored but for the header lines an mbox server rewrites/.test(n)),
    notes.join('\n'),
  );
  // Another byte changed is still a difference.
  messages[0]!.body = Buffer.from(messages[0]!.body.toString('latin1').replace('one', 'One'), 'latin1');
  const changed = await verifyAccounts({
    accounts: [account],
    targets: [],
    deep: true,
    emit: (event) => {
      if (event.type === 'verify-problem' && event.kind === 'differs') differs.push(event.uid);
    },
  });
  assert.deepEqual([changed.differing, differs], [1, [1]]);
});
