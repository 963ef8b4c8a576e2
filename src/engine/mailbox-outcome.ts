// A finished mailbox's outcome: added to the account's totals and reported as its last events.
import type { AccountConfig } from '../config/types.js';
import type { AccountPass } from './account-pass.js';
import { addCounts, countsOf } from './mailbox-counts.js';
import type { RemoteMailbox } from './remote.js';
import type { MailboxResult } from './sync-mailbox.js';

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
