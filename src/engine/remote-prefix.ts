// AccountConfig.remotePrefix (mbsync's far store `Path`, or `Far :store:[Gmail]/` with Patterns):
// only mailboxes under it are synced, named without it for patterns, events, state and disk.
import type { AccountConfig } from '../config/types.js';
import type { RemoteMailbox } from './remote.js';

export function applyRemotePrefix(
  listed: readonly RemoteMailbox[],
  account: Pick<AccountConfig, 'remotePrefix' | 'mbsync' | 'patterns'>,
): RemoteMailbox[] {
  const prefix = account.remotePrefix;
  if (!prefix) return [...listed];
  const inboxKept = keepsInbox(account, prefix);
  return listed.flatMap((mailbox) => {
    if (mailbox.path === 'INBOX') return inboxKept ? [mailbox] : [];
    const rest = stripRemotePrefix(mailbox.path, prefix);
    if (rest === mailbox.path || rest === '') return [];
    return [{ ...mailbox, name: mailbox.delimiter ? rest.split(mailbox.delimiter).join('/') : rest }];
  });
}

/**
 * As in mbsync (which lists INBOX only when asked): a Channel's far prefix (`[Gmail]/`) leaves
 * INBOX out; a store's Path leaves it to a pattern that names it, unless INBOX is the Path
 * (`INBOX.`). mailkeep's own prefix always keeps it.
 */
function keepsInbox({ mbsync, patterns }: Pick<AccountConfig, 'mbsync' | 'patterns'>, prefix: string): boolean {
  if (mbsync === undefined) return true;
  if (mbsync.farBox) return false;
  return /^INBOX(\W|$)/.test(prefix) || patterns.some((p) => /^INBOX($|[/*%])/.test(p));
}

/** The server path without the prefix (unchanged when it is not under it). */
export function stripRemotePrefix(serverPath: string, prefix: string | undefined): string {
  return prefix && serverPath.startsWith(prefix) ? serverPath.slice(prefix.length) : serverPath;
}
