// `mailkeep restore` into servers that take less than the source holds, replayed by the scripted
// server (fake-imap.ts): a message bigger than the server's APPENDLIMIT (RFC 7889).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeProfile } from '../support/fake-imap.js';
import { restoreInto } from '../support/restore-scripted.js';

const message = (i: number, bytes = 0) =>
  Buffer.from(`From: a@example.org\r\nSubject: ${i}\r\nMessage-ID: <${i}@x>\r\n\r\n${'x'.repeat(bytes)}\r\n`);

const failures = (events: Awaited<ReturnType<typeof restoreInto>>['events']) =>
  events.flatMap((e) => (e.type === 'restore-message' && e.outcome === 'failed' ? [`${e.file}: ${e.reason}`] : []));

test('a message over the APPENDLIMIT is not sent, and named; the others are restored (a LITERAL+ server closes on one)', async () => {
  const profile: FakeProfile = {
    greeting: '* OK IMAP4rev1 ready',
    capabilities: 'IMAP4rev1 LITERAL+ MULTIAPPEND APPENDLIMIT=2000',
    delimiter: '/',
    appendLimit: 2000,
  };
  const files = Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`${i}.a,U=${i}:2,S`, message(i, i === 3 ? 5000 : 10)]));
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
