// Gmail's daily bandwidth limit, through its personality in front of the real Dovecot: once the
// day's allowance is used, the relay answers a body FETCH with `BYE [OVERQUOTA]`, as Gmail does.
// The day's pass ends with what it stored kept, each file whole; the next day's pass downloads only
// the rest, and no message is stored twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localMessages, sha256 } from '../support/backup-check.js';
import type { Corpus } from '../support/corpus.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { gmailMessage, useGmailRelay } from '../support/gmail-mail.js';

const corpus = useCorpusServer({ empty: true });
const inbox = Array.from({ length: 8 }, (_, i) => gmailMessage(`inbox-${i}`, `${'x'.repeat(2000)} ${i}`));
const work = Array.from({ length: 8 }, (_, i) => gmailMessage(`work-${i}`, `${'y'.repeat(2000)} ${i}`));
const GMAIL: Corpus = {
  folders: [
    { name: 'INBOX', messages: inbox },
    { name: 'Work', messages: work },
    { name: '[Gmail]/All Mail', messages: [...inbox, ...work] },
  ],
};
const ALL = [...inbox, ...work];
const ALL_BYTES = ALL.reduce((n, m) => n + m.raw.length, 0);
// The day's allowance: about half the mail.
const gmail = useGmailRelay(corpus, GMAIL, { dailyBytes: Math.floor(ALL_BYTES / 2) });

test("BYE [OVERQUOTA] mid-download: the day's pass keeps what it stored, the next day's downloads only the rest", async () => {
  const account = corpus.plainAccount(await corpus.newRoot(), gmail().port, { timeoutSeconds: 10 });
  const wanted = new Map(ALL.map((m) => [sha256(m.raw), m.raw.length]));
  const stored = async () => {
    const files = [...(await localMessages(account, 'INBOX')), ...(await localMessages(account, 'Work'))];
    for (const file of files) assert.ok(wanted.has(file.sha256), `${file.path} is one of the messages, whole`);
    return files;
  };

  const day1 = await runPass(account, { maxAttempts: 2, backoffBaseMs: 10, random: () => 0 });
  assert.notEqual(day1.summary.exitCode, 0, 'the day ended short of the mail');
  const kept = await stored();
  assert.ok(kept.length > 0 && kept.length < ALL.length, `${kept.length} of ${ALL.length} stored on day 1`);
  const keptBytes = kept.reduce((n, f) => n + wanted.get(f.sha256)!, 0);

  gmail().newDay(ALL_BYTES);
  const before = gmail().bodyBytes;
  const day2 = await runPass(account);
  assert.equal(day2.summary.exitCode, 0, JSON.stringify(day2.summary.errors));
  const all = await stored();
  assert.equal(all.length, ALL.length, 'every message once');
  assert.equal(new Set(all.map((f) => f.sha256)).size, ALL.length);
  assert.equal(gmail().bodyBytes - before, ALL_BYTES - keptBytes, 'day 2 downloaded only what day 1 had not stored');
});
