// AccountConfig.remotePrefix (mbsync's far store `Path`, or `Far :store:[Gmail]/` with Patterns):
// only mailboxes under it are synced, named without it for patterns, events, state and disk.
import type { RemoteMailbox } from './remote.js';

export function applyRemotePrefix(listed: readonly RemoteMailbox[], prefix: string | undefined): RemoteMailbox[] {
  if (!prefix) return [...listed];
  return listed.flatMap((mailbox) => {
    // As in mbsync, INBOX is never under the prefix.
    if (mailbox.path === 'INBOX') return [mailbox];
    const rest = stripRemotePrefix(mailbox.path, prefix);
    if (rest === mailbox.path || rest === '') return [];
    return [{ ...mailbox, name: mailbox.delimiter ? rest.split(mailbox.delimiter).join('/') : rest }];
  });
}

/** The server path without the prefix (unchanged when it is not under it). */
export function stripRemotePrefix(serverPath: string, prefix: string | undefined): string {
  return prefix && serverPath.startsWith(prefix) ? serverPath.slice(prefix.length) : serverPath;
}
