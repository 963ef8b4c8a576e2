// A finished mailbox's outcome: added to the account's totals and reported as its last events.
import type { AccountConfig } from '../config/types.js';
import type { AccountPass } from './account-pass.js';
import type { MailboxCounts } from './events.js';
import { addCounts, countsOf } from './mailbox-counts.js';
import type { RemoteMailbox } from './remote.js';
import type { MailboxResult } from './sync-mailbox.js';

/** A mailbox's outcome with what its earlier attempts in the pass stored: those are part of its line. */
export function afterEarlier(outcome: MailboxResult, earlier: MailboxCounts): MailboxResult {
  const none = Object.values(countsOf(earlier)).every((n) => n === 0);
  return { ...addCounts(earlier, outcome), upToDate: outcome.upToDate && none, failed: outcome.failed };
}

export function reportMailbox(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  outcome: MailboxResult,
  pass: AccountPass,
): void {
  pass.result.totals = addCounts(pass.result.totals, outcome);
  if (outcome.failed) pass.result.failed.push(`${account.name}:${mailbox.name}`);
  const where = { account: account.name, mailbox: mailbox.name };
  pass.emit({ type: 'mailbox-phase', ...where, phase: outcome.upToDate ? 'uptodate' : 'done', at: pass.clock() });
  pass.emit({ type: 'mailbox-done', ...where, ...countsOf(outcome), upToDate: outcome.upToDate, at: pass.clock() });
}
