// Which accounts of a pass may write the same local folders, and so must take turns. An mbsyncrc
// often has several Channels on one MaildirStore: one per Gmail folder (each its own folder, run
// side by side) beside one with Patterns that reaches some of the same folders. mbsync runs its
// channels one after another; run side by side, two accounts downloaded the same messages into one
// folder, and one's clean-up of tmp/ took the other's file in the middle of its write.
import type { AccountConfig } from '../config/types.js';
import { isPathInside, mailboxLocalPath, MailboxNameError } from '../maildir/index.js';

/** The accounts in runs: each run in config order, one after another; the runs side by side. */
export function accountRuns(accounts: readonly AccountConfig[]): AccountConfig[][] {
  const runOf = accounts.map((_, i) => i);
  const find = (i: number): number => (runOf[i] === i ? i : (runOf[i] = find(runOf[i]!)));
  const reach = accounts.map(reachedDirs);
  for (let a = 0; a < accounts.length; a++)
    for (let b = a + 1; b < accounts.length; b++) if (overlap(reach[a]!, reach[b]!)) runOf[find(b)] = find(a);
  const runs = new Map<number, AccountConfig[]>();
  accounts.forEach((account, i) => runs.set(find(i), [...(runs.get(find(i)) ?? []), account]));
  return [...runs.values()];
}

/** The directories an account may write folders in: its one near folder, else its whole tree and INBOX. */
function reachedDirs(account: AccountConfig): string[] {
  if (account.nearMailbox === undefined) return [account.localPath, account.inboxPath];
  try {
    return [mailboxLocalPath(account, 'INBOX', '/')];
  } catch (error) {
    if (error instanceof MailboxNameError) return [];
    throw error;
  }
}

function overlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => isPathInside(x, y) || isPathInside(y, x)));
}
