// `mailkeep restore` into servers that take less than the source holds, replayed by the scripted
// server (fake-imap.ts): a message bigger than the server's APPENDLIMIT (RFC 7889); a CREATE
// refused for the number of folders (`NO [LIMIT]`) or for the quota (Cyrus: `NO [OVERQUOTA]`); an
// account that fills up; a folder deleted on the server while it is restored (`NO [TRYCREATE]`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapCommandError } from '../../src/engine/imap/imap-errors.js';
import { biggerThanQuota, exceededRoot, isQuotaRefusal, isRefusal } from '../../src/engine/restore-refusals.js';
import type { FakeProfile } from '../support/fake-imap-types.js';
import { restoreInto } from '../support/restore-scripted.js';

const message = (i: number, bytes = 0) =>
  Buffer.from(`From: a@example.org\r\nSubject: ${i}\r\nMessage-ID: <${i}@x>\r\n\r\n${'x'.repeat(bytes)}\r\n`);

const failures = (events: Awaited<ReturnType<typeof restoreInto>>['events']) =>
  events.flatMap((e) => (e.type === 'restore-message' && e.outcome === 'failed' ? [`${e.file}: ${e.reason}`] : []));

for (const [form, capability] of [
  ['the server', 'APPENDLIMIT=2000'],
  ["the mailbox (a bare APPENDLIMIT, the limit in STATUS's answer)", 'APPENDLIMIT'],
]) {
  test(`a message over the APPENDLIMIT of ${form} is not sent, and named; the others are restored (a LITERAL+ server closes on one)`, async () => {
    const profile: FakeProfile = {
      greeting: '* OK IMAP4rev1 ready',
      capabilities: `IMAP4rev1 LITERAL+ MULTIAPPEND ${capability}`,
      delimiter: '/',
      appendLimit: 2000,
    };
    const files = Object.fromEntries(
      [1, 2, 3, 4, 5].map((i) => [`${i}.a,U=${i}:2,S`, message(i, i === 3 ? 5000 : 10)]),
    );
    const { server, inbox, summary, events } = await restoreInto(profile, files, [], {
      backoffBaseMs: 1,
      maxAttempts: 2,
    });
    assert.deepEqual(failures(events), [
      'cur/3.a,U=3:2,S: bigger than the server takes: 5,056 bytes, its APPENDLIMIT is 2,000',
    ]);
    assert.deepEqual([summary.appended, summary.failed, summary.foldersFailed, summary.exitCode], [4, 1, [], 1]);
    assert.equal(inbox.messages.length, 4);
    assert.ok(!server.commands.some((c) => c.includes('Subject: 3')));
  });
}

const createRefusedBy = async (refusal: string) => {
  const profile: FakeProfile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1 LITERAL+',
    delimiter: '/',
    refusesCreate: refusal,
  };
  const files = {
    '1.a,U=1:2,S': message(1),
    'Archive/cur/2.a,U=1:2,S': message(2),
    'Lists/cur/3.a,U=1:2,S': message(3),
  };
  const sleeps: number[] = [];
  const sleep = (ms: number) => Promise.resolve(void sleeps.push(ms));
  const { server, summary, events } = await restoreInto(profile, files, [], { sleep });
  const errors = events.flatMap((e) => (e.type === 'error' ? [e.error.message] : []));
  // Each folder's own line counts its messages not restored as failed, as the summary does.
  const done = events.flatMap((e) =>
    e.type === 'restore-folder-done' ? [`${e.folder} ${e.appended}/${e.failed}`] : [],
  );
  const creates = server.commands.filter((c) => / CREATE /.test(c)).length;
  return { summary, errors, done, creates, sleeps };
};

test('a CREATE refused for a limit costs its folder at once, with one line; it is not waited out', async () => {
  const { summary, errors, done, creates, sleeps } = await createRefusedBy('NO [LIMIT] Too many mailboxes');
  assert.deepEqual(errors, [
    'folder Archive cannot be restored: the server refused to create it: [LIMIT] Too many mailboxes',
    'folder Lists cannot be restored: the server refused to create it: [LIMIT] Too many mailboxes',
  ]);
  assert.deepEqual(sleeps, []);
  assert.equal(creates, 2);
  assert.deepEqual(done, ['INBOX 1/0', 'Archive 0/1', 'Lists 0/1']);
  assert.deepEqual(
    [summary.appended, summary.failed, summary.foldersFailed, summary.exitCode],
    [1, 2, ['Archive', 'Lists'], 1],
  );
});

test('a CREATE refused for the quota (Cyrus: NO [OVERQUOTA]) stops the run there with one line: no folder after it is tried', async () => {
  const { summary, errors, done, creates, sleeps } = await createRefusedBy('NO [OVERQUOTA] Over quota');
  assert.deepEqual(errors, [
    'scripted (joe@127.0.0.1) is over its quota: restore stopped at folder Archive, which it refused to create ([OVERQUOTA] Over quota); 2 messages not restored: free space there and run restore again',
  ]);
  assert.deepEqual(sleeps, []);
  assert.equal(creates, 1);
  assert.deepEqual(done, ['INBOX 1/0', 'Archive 0/1']);
  assert.deepEqual(
    [summary.appended, summary.failed, summary.foldersFailed, summary.exitCode],
    [1, 2, ['Archive', 'Lists'], 1],
  );
});

test('an account that fills up mid-folder (Exchange: "Mailbox is full", no code) stops the run at the first refusal; a rerun with room appends the rest once', async () => {
  const profile: FakeProfile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1 LITERAL+',
    delimiter: '/',
    quota: { bytes: message(1).length * 3, refusal: 'Mailbox is full.' },
  };
  const files = Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`${i}.a,U=${i}:2,S`, message(i)]));
  files['Archive/cur/6.a,U=1:2,S'] = message(6);
  files['Archive/cur/7.a,U=2:2,S'] = message(7);
  const { server, inbox, summary, events, again } = await restoreInto(profile, files);
  const errors = events.flatMap((e) => (e.type === 'error' ? [e.error.message] : []));
  assert.deepEqual(errors, [
    'scripted (joe@127.0.0.1) is over its quota: restore stopped in INBOX at cur/4.a,U=4:2,S (Mailbox is full.); 4 messages not restored: free space there and run restore again',
  ]);
  assert.deepEqual(failures(events), []);
  assert.deepEqual(
    [summary.appended, summary.failed, summary.foldersFailed, summary.exitCode],
    [3, 4, ['INBOX', 'Archive'], 1],
  );
  assert.ok(!server.commands.some((c) => / CREATE /.test(c)), 'no folder after it is tried');

  profile.quota!.bytes *= 10;
  const rerun = await again();
  assert.deepEqual([rerun.appended, rerun.skipped, rerun.failed, rerun.exitCode], [4, 3, 0, 0]);
  assert.deepEqual(
    inbox.messages.map((m) => /Subject: (\d+)/.exec(m.body.toString())![1]),
    ['1', '2', '3', '4', '5'],
  );
});

test('a folder deleted on the server mid-restore (APPEND: NO [TRYCREATE]) is created again and restored, not failed message by message', async () => {
  const profile: FakeProfile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1 LITERAL+ MULTIAPPEND',
    delimiter: '/',
  };
  const archive = { listed: 'Archive', name: 'Archive', uidValidity: 1, messages: [], goneAtAppend: true };
  const files = Object.fromEntries([1, 2, 3].map((i) => [`Archive/cur/${i}.a,U=${i}:2,S`, message(i)]));
  const sleeps: number[] = [];
  const sleep = (ms: number) => Promise.resolve(void sleeps.push(ms));
  const { server, mailboxes, summary, events } = await restoreInto(profile, files, [archive], { sleep });
  assert.deepEqual(failures(events), []);
  const paused = events.flatMap((e) => (e.type === 'paused' ? [e.reason] : []));
  assert.deepEqual(paused, [
    'Archive was deleted on the server while it was restored ([TRYCREATE] Mailbox does not exist)',
  ]);
  assert.deepEqual([summary.appended, summary.failed, summary.exitCode, sleeps.length], [3, 0, 0, 1]);
  assert.ok(server.commands.some((c) => / CREATE "Archive"$/.test(c)));
  assert.deepEqual(
    mailboxes.filter((m) => m.name === 'Archive').map((m) => m.messages.length),
    [3],
  );
});

const appendNo = (code: string | undefined, text: string) =>
  new ImapCommandError('APPEND', { status: 'NO', text, ...(code !== undefined ? { code } : {}) });

test('a NO is a refusal of the request by its code where the code says so, else by its text', () => {
  const no = (code: string | undefined, text: string) => isRefusal(appendNo(code, text));
  assert.equal(no('LIMIT', 'Too many mailboxes'), true);
  assert.equal(no('OVERQUOTA', 'Over quota'), true);
  assert.equal(no('UNAVAILABLE', 'Message too big for now'), false);
  assert.equal(no('TRYCREATE', 'Mailbox does not exist'), false);
  // [ALERT] names no reason: the text does.
  assert.equal(no('ALERT', 'Server busy, try again later'), false);
  assert.equal(no('ALERT', 'Message rejected'), true);
  assert.equal(no(undefined, 'Too many connections'), false);
  // Gmail's [OVERQUOTA] for too many commands or bytes is a wait, not a refusal.
  assert.equal(no('OVERQUOTA', 'Account exceeded command or bandwidth limits.'), false);
});

test("a refusal is for the account's quota by [OVERQUOTA] or by quota words, never for a message too big", () => {
  const quota = (code: string | undefined, text: string) => isQuotaRefusal(appendNo(code, text));
  assert.equal(quota('OVERQUOTA', 'Quota exceeded (mailbox for user is full)'), true);
  assert.equal(quota('OVERQUOTA', 'Over quota'), true);
  assert.equal(quota('LIMIT', 'Quota exceeded'), true);
  assert.equal(quota(undefined, 'Mailbox is full'), true);
  assert.equal(quota(undefined, 'The 1500 MB storage limit has been exceeded.'), true);
  assert.equal(quota('ALERT', 'Your mailbox is over quota'), true);
  assert.equal(quota('LIMIT', 'Mail size is larger than the maximum size allowed by server configuration'), false);
  assert.equal(quota('TOOBIG', 'Message exceeds the quota for one message'), false);
  assert.equal(quota('OVERQUOTA', 'Account exceeded command or bandwidth limits.'), false);
  assert.equal(quota('UNAVAILABLE', 'Quota service unavailable, try again later'), false);
  assert.equal(quota(undefined, 'Message rejected'), false);
});

test("a quota refusal is the message's own only when the message is bigger than a quota root's whole limit", () => {
  const roots = [
    { usedBytes: 150_000, limitBytes: 204_800 },
    { usedBytes: 0, limitBytes: 1_048_576 },
  ];
  assert.equal(exceededRoot(204_801, roots), roots[0]);
  // It fits the limit, only not the room left: the account is full.
  assert.equal(exceededRoot(204_800, roots), undefined);
  assert.equal(exceededRoot(60_000, roots), undefined);
  // Without QUOTA's numbers nothing says so.
  assert.equal(exceededRoot(10_000_000, []), undefined);
  assert.equal(
    biggerThanQuota(250_068, roots[0]!, '[OVERQUOTA] Quota exceeded'),
    "bigger than the account's whole quota: 250,068 bytes, the quota is 204,800 ([OVERQUOTA] Quota exceeded)",
  );
});
