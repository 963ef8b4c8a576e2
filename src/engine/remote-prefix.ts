// AccountConfig.remotePrefix (mbsync's far store `Path`, or `Far :store:[Gmail]/` with Patterns):
// only mailboxes under it are synced, named without it for patterns, events, state and disk.
import type { AccountConfig } from '../config/types.js';
import type { RemoteMailbox } from './remote.js';

export function applyRemotePrefix(
  listed: readonly RemoteMailbox[],
  { remotePrefix: prefix, mbsync }: Pick<AccountConfig, 'remotePrefix' | 'mbsync'>,
): RemoteMailbox[] {
  if (!prefix) return [...listed];
  // As in mbsync, a store's Path never hides INBOX; a Channel's far prefix (`[Gmail]/`) does.
  const inboxKept = !mbsync?.farBox;
  return listed.flatMap((mailbox) => {
    if (mailbox.path === 'INBOX') return inboxKept ? [mailbox] : [];
    const rest = stripRemotePrefix(mailbox.path, prefix);
    if (rest === mailbox.path || rest === '') return [];
    return [{ ...mailbox, name: mailbox.delimiter ? rest.split(mailbox.delimiter).join('/') : rest }];
  });
}

/** The server path without the prefix (unchanged when it is not under it). */
export function stripRemotePrefix(serverPath: string, prefix: string | undefined): string {
  return prefix && serverPath.startsWith(prefix) ? serverPath.slice(prefix.length) : serverPath;
}
