// A body the server sends that cannot be the message costs that message, told, and the next pass
// asks for it again: none of the bytes of a message RFC822.SIZE says has some is no empty message,
// and a message whose body came under no UID, or another, was not deleted meanwhile. A NO asking
// to wait is waited out and retried, keeping the bodies that came before it; once the retries are
// spent, it costs the messages it refused, as any NO on a FETCH.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FETCH_LIMITS } from '../../src/engine/fetch-batches.js';
import { sha256 } from '../support/backup-check.js';
import { runPass, syncOnce } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import type { FakeMessage } from '../support/fake-imap-types.js';
import { fakeMessage as message, storedHashes, useFakeAccounts } from '../support/fake-imap-account.js';

const accountOn = useFakeAccounts();
const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/' };

/** Runs `run` with FETCH_LIMITS changed as `limits` says, then puts them back. */
async function withFetchLimits(limits: Partial<typeof FETCH_LIMITS>, run: () => Promise<void>): Promise<void> {
  const saved = { ...FETCH_LIMITS };
  Object.assign(FETCH_LIMITS, limits);
  try {
    await run();
  } finally {
    Object.assign(FETCH_LIMITS, saved);
  }
}

/** Two passes: the first while `odd` answers UID 2's body FETCHes, the second with the server mended. */
async function skippedThenStored(odd: FakeMessage['rawFetch'], label: string): Promise<void> {
  const messages = [message(1, 'one'), message(2, 'two'), message(3, 'three')];
  messages[1]!.rawFetch = odd;
  const account = await accountOn(
    await startFakeImap(profile, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]),
  );
  const { summary } = await runPass(account);
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.scope, e.uid]),
    [['MESSAGE_UNREADABLE', 'message', 2]],
    label,
  );
  assert.equal(summary.exitCode, 1, label);
  const others = [messages[0]!, messages[2]!].map((m) => sha256(m.body)).sort();
  assert.deepEqual(await storedHashes(account.localPath), others, label);
  messages[1]!.rawFetch = undefined;
  assert.deepEqual((await runPass(account)).summary.added, 1, label);
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort(), label);
}

/** UID 2's body written as `body` (`$` for the section's name as the server writes it). */
const bodyAs = (body: string) => (seq: number, items: string) => {
  const section = /BODY\.PEEK\[\]<(\d+)\./i.exec(items);
  if (!/BODY\.PEEK\[\]/i.test(items)) return undefined;
  const name = section === null ? 'BODY[]' : `BODY[]<${section[1]}>`;
  return `* ${seq} FETCH (UID 2 FLAGS (\\Seen) RFC822.SIZE 21 ${name} ${body})\r\n`;
};

test('a body of 0 bytes where RFC822.SIZE says 21: skipped and told, in a batch or streamed; stored next pass', async () => {
  for (const empty of ['{0}\r\n', '""']) {
    await skippedThenStored(bodyAs(empty), `in a batch: ${empty}`);
    await withFetchLimits({ streamAbove: 0 }, () => skippedThenStored(bodyAs(empty), `streamed: ${empty}`));
  }
});

test('a body written without its UID, or under a UID not asked for: skipped and told, in a batch or streamed; stored next pass', async () => {
  const body = message(2, 'two').body;
  for (const uid of ['', 'UID 99 ']) {
    const odd = (seq: number, items: string) =>
      /BODY\.PEEK\[\]/i.test(items)
        ? `* ${seq} FETCH (${uid}FLAGS (\\Seen) BODY[] {${body.length}}\r\n${body.toString('latin1')})\r\n`
        : undefined;
    await skippedThenStored(odd, `written with '${uid}'`);
    await withFetchLimits({ streamAbove: 0 }, () => skippedThenStored(odd, `streamed, written with '${uid}'`));
  }
});

/** Every body FETCH of UID 2 answered NO [UNAVAILABLE] for a pass with one retry, then the server mended. */
async function refusedThenStored(label: string): Promise<void> {
  const messages = [message(1, 'one'), message(2, 'two', { unfetchable: true }), message(3, 'three')];
  const refusing = { ...profile, refusesUnfetchable: 'NO [UNAVAILABLE] Temporary System Error' };
  const inbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages };
  const account = await accountOn(await startFakeImap(refusing, [inbox]));
  const { summary, events } = await syncOnce(account, { maxAttempts: 2, backoffBaseMs: 10 });
  assert.ok(
    events.some((e) => e.type === 'paused'),
    `${label}: the NO is waited out and retried first`,
  );
  assert.deepEqual(summary.mailboxesFailed, [], label);
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.scope, e.uid, e.message]),
    [
      [
        'MESSAGE_UNREADABLE',
        'message',
        2,
        'UID 2 not downloaded this pass, the server asked to wait ([UNAVAILABLE] Temporary System Error); asked for again next pass',
      ],
    ],
    label,
  );
  assert.equal(summary.exitCode, 1, label);
  const notices = events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
  assert.deepEqual(
    notices.filter((text) => /missing locally/.test(text)),
    [],
    `${label}: UID 2 was never stored`,
  );
  const others = [messages[0]!, messages[2]!].map((m) => sha256(m.body)).sort();
  assert.deepEqual(await storedHashes(account.localPath), others, label);
  messages[1]!.unfetchable = false;
  assert.deepEqual((await runPass(account)).summary.added, 1, label);
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort(), label);
}

test('a FETCH answered NO asking to wait, every time: after the retries it costs the message it refused alone', async () => {
  await refusedThenStored('in a batch');
  await withFetchLimits({ streamAbove: 0 }, () => refusedThenStored('streamed'));
});

test('a one-message FETCH that sent its body, then NO asking to wait on the last attempt: the body is stored', async () => {
  const messages = [message(1, 'one'), message(2, 'two', { refusedOnceSent: true }), message(3, 'three')];
  const refusing = { ...profile, refusesUnfetchable: 'NO [UNAVAILABLE] Temporary System Error' };
  const account = await accountOn(
    await startFakeImap(refusing, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]),
  );
  await withFetchLimits({ maxMessages: 1 }, async () => {
    const { summary } = await syncOnce(account, { maxAttempts: 1 });
    assert.deepEqual([summary.errors, summary.added], [[], 3]);
  });
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort());
});

/** The commands `server` was sent since `from` that match `pattern`. */
const sent = (server: { commands: string[] }, from: number, pattern: RegExp) =>
  server.commands.slice(from).filter((c) => pattern.test(c));

/**
 * UIDs 2 and 5 expunged by another client before their FETCH, which Courier-IMAP answers with
 * stand-ins. The NOOP asked about UID 2 reports both expunged, so a later FETCH of UID 5 finds it
 * gone. The last batch asks, pipelined behind its FETCH, before the session goes on (`noops`).
 */
async function standInsNotStored(label: string, noops: number): Promise<void> {
  const messages = [1, 2, 3, 4, 5, 6].map((uid) => message(uid, `message ${uid}`));
  for (const uid of [2, 5]) messages[uid - 1]!.expungedUnreported = true;
  const kept = messages.filter((m) => !m.expungedUnreported).map((m) => sha256(m.body));
  const server = await startFakeImap(profile, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]);
  const account = await accountOn(server);
  const { summary, events } = await runPass(account);
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.uid]),
    [
      ['MESSAGE_GONE', 2],
      ['MESSAGE_GONE', 5],
    ],
    label,
  );
  const expunged = 'UID 2 was expunged on the server while it was downloaded; not stored';
  assert.equal(summary.errors[0]!.message, expunged, label);
  assert.equal(summary.exitCode, 0, label);
  assert.deepEqual(
    events.filter((e) => e.type === 'notice' && /stored as the server sent it/.test(e.message)),
    [],
    label,
  );
  assert.equal(sent(server, 0, /^\S+ NOOP$/).length, noops, label);
  assert.deepEqual(await storedHashes(account.localPath), kept.sort(), label);
  const next = await runPass(account);
  assert.deepEqual([next.summary.added, next.summary.errors], [0, []], `${label}: nothing missing next pass`);
  assert.deepEqual(await storedHashes(account.localPath), kept.sort(), label);
}

test('a stand-in sent for a message expunged meanwhile (Courier-IMAP): not stored, no failure, in a batch or streamed', async () => {
  await standInsNotStored('in a batch', 1);
  await withFetchLimits({ maxMessages: 2 }, () => standInsNotStored('in batches of two', 2));
  await withFetchLimits({ streamAbove: 0 }, () => standInsNotStored('streamed', 1));
});

/** Every RFC822.SIZE other than the body (Exchange): stored once, asked about once, not fetched again. */
async function misreportedStoredOnce(label: string, noops: number): Promise<void> {
  const messages = [1, 2, 3].map((uid) => message(uid, `message ${uid}`, { announcedSize: 100 * uid }));
  const server = await startFakeImap(profile, [{ listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages }]);
  const account = await accountOn(server);
  const { summary, events } = await runPass(account);
  assert.deepEqual([summary.exitCode, summary.errors, summary.added], [0, [], 3], label);
  const told = events.filter((e) => e.type === 'notice' && /stored as the server sent it/.test(e.message));
  assert.equal(told.length, 3, label);
  assert.equal(sent(server, 0, /^\S+ NOOP$/).length, noops, label);
  assert.deepEqual(await storedHashes(account.localPath), messages.map((m) => sha256(m.body)).sort(), label);
  const from = server.commands.length;
  const next = await runPass(account);
  assert.deepEqual([next.summary.added, next.summary.errors], [0, []], label);
  assert.deepEqual(sent(server, from, /BODY\.PEEK\[\]|NOOP/), [], `${label}: nothing fetched again`);
}

test('sizes misreported on every message (Exchange): stored once, one round trip a batch to ask, not fetched again', async () => {
  await misreportedStoredOnce('in a batch', 1);
  await withFetchLimits({ maxMessages: 2 }, () => misreportedStoredOnce('in batches of two', 2));
  await withFetchLimits({ streamAbove: 0 }, () => misreportedStoredOnce('streamed', 3));
});
