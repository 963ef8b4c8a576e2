import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent } from '../../../src/engine/events.js';
import { emptyProgress, reduceProgress, type ProgressSnapshot } from '../../../src/engine/progress-snapshot.js';
import { changedMailboxes } from '../../../src/ui/reader/mailbox-changes.js';

const fold = (from: ProgressSnapshot, ...events: EngineEvent[]) => events.reduce(reduceProgress, from);
const pass = (n: number, ...mailboxes: string[]): EngineEvent[] => [
  { type: 'pass-start', pass: n, at: n },
  { type: 'mailboxes', account: 'a', mailboxes, at: n },
];
const done = (
  mailbox: string,
  changes: { added?: number; flagsUpdated?: number; deleted?: number; upToDate?: boolean } = {},
): EngineEvent => ({
  type: 'mailbox-done',
  account: 'a',
  mailbox,
  added: changes.added ?? 0,
  linked: 0,
  flagsUpdated: changes.flagsUpdated ?? 0,
  deleted: changes.deleted ?? 0,
  bytes: 0,
  upToDate: changes.upToDate ?? false,
  at: 1,
});

test('a mailbox done with added, deleted or flag changes is reported; done without changes or up to date is not', () => {
  const start = fold(emptyProgress(), ...pass(1, 'INBOX', 'Sent', 'Trash', 'Drafts', 'Old'));
  const next = fold(
    start,
    done('INBOX', { added: 2 }),
    done('Sent', { flagsUpdated: 1 }),
    done('Trash', { deleted: 1 }),
    done('Drafts'),
    done('Old', { upToDate: true }),
  );
  assert.deepEqual(changedMailboxes(start, next), [
    { account: 'a', mailbox: 'INBOX' },
    { account: 'a', mailbox: 'Sent' },
    { account: 'a', mailbox: 'Trash' },
  ]);
});

test('a mailbox already reported is not reported again by a later snapshot', () => {
  const start = fold(emptyProgress(), ...pass(1, 'INBOX', 'Sent'));
  const first = fold(start, done('INBOX', { added: 1 }));
  const second = fold(first, { type: 'mailbox-phase', account: 'a', mailbox: 'Sent', phase: 'fetching', at: 2 });
  assert.deepEqual(changedMailboxes(first, second), []);
});

test('a mailbox that fails (it may have stored part of its mail) is reported once', () => {
  const start = fold(emptyProgress(), ...pass(1, 'INBOX'));
  const failed = fold(start, {
    type: 'error',
    at: 2,
    error: { code: 'UNEXPECTED', scope: 'mailbox', retry: 'temp', account: 'a', mailbox: 'INBOX', message: 'broke' },
  });
  assert.deepEqual(changedMailboxes(start, failed), [{ account: 'a', mailbox: 'INBOX' }]);
  const again = fold(failed, { type: 'notice', account: 'a', mailbox: 'INBOX', message: 'still', at: 3 });
  assert.deepEqual(changedMailboxes(failed, again), []);
});

test('a new pass since the last look: mailboxes unfinished then may have ended unseen, finished ones stay quiet', () => {
  const running = fold(emptyProgress(), ...pass(1, 'INBOX', 'Sent'), done('Sent'), {
    type: 'mailbox-phase',
    account: 'a',
    mailbox: 'INBOX',
    phase: 'fetching',
    at: 2,
  });
  // INBOX ended with new mail and pass 2 started, all before the next published snapshot.
  const later = fold(running, done('INBOX', { added: 5 }), ...pass(2, 'INBOX', 'Sent'));
  assert.deepEqual(changedMailboxes(running, later), [{ account: 'a', mailbox: 'INBOX' }]);
});

test('nothing before the first pass', () => {
  assert.deepEqual(changedMailboxes(emptyProgress(), fold(emptyProgress(), ...pass(1, 'INBOX'))), []);
});
