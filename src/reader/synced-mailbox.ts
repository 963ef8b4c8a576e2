// Which listed folders hold a mailbox the sync names by its server name (UTF-8, `/`-separated).
// The listing names a folder by its place on disk, which matches that name for every SubFolders
// style; only mbsync's Flatten joins the parts with its delimiter into one directory name.
import type { ReaderRoot } from './list-mailboxes.js';
import type { MailboxInfo } from './types.js';

function comparable(name: string): string {
  const parts = name.normalize('NFC').split('/');
  if (parts[0]!.toUpperCase() === 'INBOX') parts[0] = 'INBOX';
  return parts.join('/');
}

/** Indices into `mailboxes` of the folders that hold `account`'s mailbox `name`. */
export function foldersOfSyncedMailbox(
  mailboxes: readonly MailboxInfo[],
  roots: readonly ReaderRoot[],
  account: string,
  name: string,
): number[] {
  const flatten = roots.find((r) => r.account === account)?.flatten;
  const onDisk = flatten && name.toUpperCase() !== 'INBOX' ? name.split('/').join(flatten) : name;
  const wanted = comparable(onDisk);
  return mailboxes.flatMap((m, i) => (m.account === account && comparable(m.name) === wanted ? [i] : []));
}
