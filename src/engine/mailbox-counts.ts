// The counts a mailbox's pass reports, and their sums for an account and a pass.
import type { MailboxCounts } from './events.js';

export function noCounts(): MailboxCounts {
  return { added: 0, flagsUpdated: 0, deleted: 0, bytes: 0 };
}

/** Only the counts of something that carries them (a mailbox's result, an account's totals). */
export function countsOf(from: MailboxCounts): MailboxCounts {
  return { added: from.added, flagsUpdated: from.flagsUpdated, deleted: from.deleted, bytes: from.bytes };
}

export function addCounts(a: MailboxCounts, b: MailboxCounts): MailboxCounts {
  return {
    added: a.added + b.added,
    flagsUpdated: a.flagsUpdated + b.flagsUpdated,
    deleted: a.deleted + b.deleted,
    bytes: a.bytes + b.bytes,
  };
}
