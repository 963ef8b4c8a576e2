import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent, SyncSummary } from '../../src/engine/events.js';
import {
  emptyProgress,
  MAX_ERRORS,
  reduceProgress,
  type ProgressEvent,
  type ProgressSnapshot,
} from '../../src/engine/progress-snapshot.js';

function fold(events: ProgressEvent[], start: ProgressSnapshot = emptyProgress()): ProgressSnapshot {
  return events.reduce(reduceProgress, start);
}

function mailbox(s: ProgressSnapshot, account: string, name: string) {
  const m = s.accounts.find((a) => a.name === account)?.mailboxes.find((x) => x.name === name);
  assert.ok(m, `${account}/${name} exists`);
  return m;
}

const summary: SyncSummary = {
  pass: 1,
  accounts: 1,
  mailboxes: 2,
  mailboxesFailed: [],
  added: 3,
  linked: 0,
  flagsUpdated: 0,
  deleted: 0,
  bytes: 300,
  errors: [],
  elapsedMs: 1000,
  exitCode: 0,
};

const start: EngineEvent[] = [
  { type: 'pass-start', pass: 1, at: 1000 },
  { type: 'account-start', account: 'gmail', at: 1000 },
  { type: 'connection', account: 'gmail', state: 'connected', at: 1001 },
  { type: 'mailboxes', account: 'gmail', mailboxes: ['INBOX', 'Archiv/Größe'], at: 1002 },
];

test('mailboxes appear queued, in order, under their account', () => {
  const s = fold(start);
  assert.equal(s.pass, 1);
  assert.equal(s.running, true);
  assert.equal(s.startedAt, 1000);
  assert.equal(s.accounts[0]?.connection, 'connected');
  assert.deepEqual(
    s.accounts[0]?.mailboxes.map((m) => [m.name, m.phase]),
    [
      ['INBOX', 'queued'],
      ['Archiv/Größe', 'queued'],
    ],
  );
  assert.equal(s.totals.mailboxes, 2);
});

test('plan and progress give done/total, a windowed rate and an ETA', () => {
  const s = fold([
    ...start,
    { type: 'mailbox-phase', account: 'gmail', mailbox: 'INBOX', phase: 'fetching', at: 2000 },
    {
      type: 'mailbox-plan',
      account: 'gmail',
      mailbox: 'INBOX',
      messagesToFetch: 10,
      messagesToLink: 0,
      bytesToFetch: 10_000,
      serverMessages: 12,
      at: 2000,
    },
    { type: 'mailbox-progress', account: 'gmail', mailbox: 'INBOX', messagesDone: 2, bytesDone: 2000, at: 3000 },
    { type: 'mailbox-progress', account: 'gmail', mailbox: 'INBOX', messagesDone: 4, bytesDone: 4000, at: 4000 },
  ]);
  const m = mailbox(s, 'gmail', 'INBOX');
  assert.equal(m.messagesDone, 4);
  assert.equal(m.messagesTotal, 10);
  assert.equal(m.rateBytesPerSec, 2000);
  assert.equal(m.etaSec, 3);
  assert.equal(s.totals.bytesDone, 4000);
  assert.equal(s.totals.bytesTotal, 10_000);
  assert.equal(s.totals.rateBytesPerSec, 2000);
  assert.equal(s.totals.etaSec, 3);
});

test('the rate forgets samples older than the window', () => {
  const events: ProgressEvent[] = [
    ...start,
    {
      type: 'mailbox-plan',
      account: 'gmail',
      mailbox: 'INBOX',
      messagesToFetch: 100,
      messagesToLink: 0,
      bytesToFetch: 1e9,
      serverMessages: 100,
      at: 0,
    },
    // fast at first...
    { type: 'mailbox-progress', account: 'gmail', mailbox: 'INBOX', messagesDone: 1, bytesDone: 1_000_000, at: 1000 },
  ];
  // ...then 1000 B/s for 20 s
  for (let i = 1; i <= 20; i++) {
    events.push({
      type: 'mailbox-progress',
      account: 'gmail',
      mailbox: 'INBOX',
      messagesDone: 1 + i,
      bytesDone: 1_000_000 + i * 1000,
      at: 1000 + i * 1000,
    });
  }
  const m = mailbox(fold(events), 'gmail', 'INBOX');
  assert.equal(m.rateBytesPerSec, 1000);
});

test('every phase, pause with its time, and done counts', () => {
  let s = fold(start);
  for (const phase of ['checking', 'fetching', 'uptodate', 'done', 'error', 'queued'] as const) {
    s = reduceProgress(s, { type: 'mailbox-phase', account: 'gmail', mailbox: 'INBOX', phase, at: 5 });
    assert.equal(mailbox(s, 'gmail', 'INBOX').phase, phase);
  }
  s = reduceProgress(s, {
    type: 'paused',
    account: 'gmail',
    mailbox: 'INBOX',
    until: 99_000,
    reason: 'throttled',
    at: 6,
  });
  assert.equal(mailbox(s, 'gmail', 'INBOX').phase, 'paused');
  assert.equal(mailbox(s, 'gmail', 'INBOX').pausedUntil, 99_000);
  s = reduceProgress(s, {
    type: 'mailbox-done',
    account: 'gmail',
    mailbox: 'INBOX',
    added: 3,
    linked: 0,
    flagsUpdated: 2,
    deleted: 1,
    bytes: 300,
    upToDate: false,
    at: 7,
  });
  const m = mailbox(s, 'gmail', 'INBOX');
  assert.equal(m.phase, 'done');
  assert.equal(m.pausedUntil, undefined);
  assert.deepEqual([m.added, m.flagsUpdated, m.deleted, m.bytesDone], [3, 2, 1, 300]);
  assert.equal(s.totals.added, 3);
  assert.equal(s.totals.mailboxesFinished, 1);
  s = reduceProgress(s, {
    type: 'mailbox-done',
    account: 'gmail',
    mailbox: 'Archiv/Größe',
    added: 0,
    linked: 0,
    flagsUpdated: 0,
    deleted: 0,
    bytes: 0,
    upToDate: true,
    at: 8,
  });
  assert.equal(mailbox(s, 'gmail', 'Archiv/Größe').phase, 'uptodate');
});

test('an account-wide pause is kept on the account', () => {
  const s = fold([...start, { type: 'paused', account: 'gmail', until: 5000, reason: 'daily budget', at: 9 }]);
  assert.equal(s.accounts[0]?.pausedUntil, 5000);
  assert.equal(s.accounts[0]?.pauseReason, 'daily budget');
  const resumed = reduceProgress(s, { type: 'account-done', account: 'gmail', ok: true, at: 10 });
  assert.equal(resumed.accounts[0]?.pausedUntil, undefined);
  assert.equal(resumed.accounts[0]?.ok, true);
});

test('errors mark the mailbox and are kept, bounded, with their time', () => {
  let s = fold([
    ...start,
    {
      type: 'error',
      error: {
        code: 'MAILBOX_GONE',
        scope: 'mailbox',
        retry: 'final',
        account: 'gmail',
        mailbox: 'INBOX',
        message: 'INBOX vanished',
      },
      at: 50,
    },
  ]);
  assert.equal(mailbox(s, 'gmail', 'INBOX').phase, 'error');
  assert.equal(mailbox(s, 'gmail', 'INBOX').error, 'INBOX vanished');
  assert.equal(s.errors[0]?.at, 50);
  for (let i = 0; i < MAX_ERRORS + 10; i++) {
    s = reduceProgress(s, {
      type: 'error',
      error: { code: 'UNEXPECTED', scope: 'account', retry: 'temp', account: 'gmail', message: `e${i}` },
      at: 100 + i,
    });
  }
  assert.equal(s.errors.length, MAX_ERRORS);
  assert.equal(s.errorCount, MAX_ERRORS + 11);
  assert.equal(s.errors.at(-1)?.message, `e${MAX_ERRORS + 9}`);
});

test('a resync asked for while running is shown as queued until the next pass starts', () => {
  const idle = reduceProgress(emptyProgress(), { type: 'resync-requested', at: 1 });
  assert.equal(idle.passQueued, false);
  let s = fold([...start, { type: 'resync-requested', at: 2 }, { type: 'resync-requested', at: 3 }]);
  assert.equal(s.passQueued, true);
  s = reduceProgress(s, { type: 'summary', summary, at: 4 });
  assert.equal(s.running, false);
  assert.equal(s.summary, summary);
  s = reduceProgress(s, { type: 'pass-start', pass: 2, at: 5 });
  assert.equal(s.passQueued, false);
  assert.equal(s.pass, 2);
});

test('a targeted pass resets only the listed mailboxes', () => {
  let s = fold([
    ...start,
    {
      type: 'mailbox-done',
      account: 'gmail',
      mailbox: 'INBOX',
      added: 1,
      linked: 0,
      flagsUpdated: 0,
      deleted: 0,
      bytes: 10,
      upToDate: false,
      at: 3,
    },
    {
      type: 'mailbox-done',
      account: 'gmail',
      mailbox: 'Archiv/Größe',
      added: 2,
      linked: 0,
      flagsUpdated: 0,
      deleted: 0,
      bytes: 20,
      upToDate: false,
      at: 3,
    },
    { type: 'summary', summary, at: 4 },
    { type: 'pass-start', pass: 2, at: 5 },
    { type: 'mailboxes', account: 'gmail', mailboxes: ['Archiv/Größe'], at: 6 },
  ]);
  assert.deepEqual(
    s.accounts[0]?.mailboxes.map((m) => [m.name, m.phase, m.added]),
    [
      ['INBOX', 'done', 1],
      ['Archiv/Größe', 'queued', 0],
    ],
  );
  s = reduceProgress(s, { type: 'mailboxes', account: 'gmail', mailboxes: ['New'], at: 7 });
  assert.equal(s.accounts[0]?.mailboxes.at(-1)?.name, 'New');
});

test('reducing returns a new snapshot and leaves the old one untouched', () => {
  const before = fold(start);
  const frozen = JSON.stringify(before);
  const after = reduceProgress(before, {
    type: 'mailbox-phase',
    account: 'gmail',
    mailbox: 'INBOX',
    phase: 'checking',
    at: 9,
  });
  assert.notEqual(after, before);
  assert.equal(JSON.stringify(before), frozen);
});

test('connection state: extra sessions opening do not hide a live one; reconnects and closes show', () => {
  const state = (events: EngineEvent[]) => fold([...start, ...events]).accounts[0]?.connection;
  const connecting: EngineEvent = { type: 'connection', account: 'gmail', state: 'connecting', at: 1003 };
  assert.equal(state([connecting, connecting]), 'connected');
  assert.equal(state([{ type: 'connection', account: 'gmail', state: 'reconnecting', at: 1004 }]), 'reconnecting');
  assert.equal(
    state([{ type: 'connection', account: 'gmail', state: 'reconnecting', at: 1004 }, connecting]),
    'connecting',
  );
  assert.equal(state([{ type: 'connection', account: 'gmail', state: 'closed', at: 1004 }]), 'closed');
});

test('a failed login ends as closed with the error kept on the account, cleared by the next pass', () => {
  const failed = fold([
    { type: 'pass-start', pass: 1, at: 1000 },
    { type: 'account-start', account: 'typo', at: 1000 },
    { type: 'connection', account: 'typo', state: 'connecting', at: 1001 },
    {
      type: 'error',
      error: { code: 'AUTH_FAILED', scope: 'account', retry: 'final', account: 'typo', message: 'login to h failed' },
      at: 1002,
    },
    { type: 'account-done', account: 'typo', ok: false, at: 1003 },
  ]);
  const account = failed.accounts[0]!;
  assert.deepEqual([account.connection, account.ok, account.error], ['closed', false, 'login to h failed']);
  const again = fold([{ type: 'account-start', account: 'typo', at: 2000 }], failed).accounts[0]!;
  assert.deepEqual([again.ok, again.error], [undefined, undefined]);
});

test('an account-wide wait error is forgotten once the account connects again', () => {
  const s = fold([
    ...start,
    {
      type: 'error',
      error: {
        code: 'CONNECTION',
        scope: 'account',
        retry: 'wait',
        account: 'gmail',
        mailbox: 'INBOX',
        message: 'lost',
      },
      at: 1003,
    },
    { type: 'connection', account: 'gmail', state: 'reconnecting', at: 1004 },
  ]);
  assert.equal(s.accounts[0]?.error, 'lost');
  assert.equal(mailbox(s, 'gmail', 'INBOX').phase, 'queued', 'an account-wide error does not fail the mailbox');
  const back = reduceProgress(s, { type: 'connection', account: 'gmail', state: 'connected', at: 1005 });
  assert.equal(back.accounts[0]?.error, undefined);
});
