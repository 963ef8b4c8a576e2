// AccountConfig.remotePrefix (mbsync's far store `Path`, or `Far :store:[Gmail]/` with Patterns):
// only mailboxes under it are synced, named without it for patterns, events, state and disk.
import type { AccountConfig } from '../config/types.js';
import type { ListScope, RemoteMailbox, RemoteSession } from './remote.js';

/**
 * As mbsync does for a far store without `Path` (UseNamespace yes, its default): the server's
 * personal NAMESPACE prefix is the Path. Cyrus (altnamespace off) and Courier answer `INBOX.`, so
 * `INBOX.Archive.2024` is stored where mbsync stores it (`Archive/2024`), not at `INBOX/Archive/2024`;
 * Dovecot's and Gmail's prefix is empty and changes nothing.
 */
export async function withNamespacePrefix(account: AccountConfig, session: RemoteSession): Promise<AccountConfig> {
  if (!account.mbsync?.namespacePrefix || session.namespaces === undefined) return account;
  const prefix = (await session.namespaces().catch(() => undefined))?.personal[0];
  if (!prefix) return account;
  return { ...account, remotePrefix: prefix + (account.remotePrefix ?? '') };
}

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
    // As mbsync's LIST response parser: INBOX's subfolders bypass the Path as INBOX does.
    if (rest === mailbox.path) return inboxKept && isUnderInbox(mailbox) ? [mailbox] : [];
    if (rest === '') return [];
    return [{ ...mailbox, name: mailbox.delimiter ? rest.split(mailbox.delimiter).join('/') : rest }];
  });
}

/** `INBOX/Sub` where the server's delimiter is `/` (INBOX in any case, as RFC 3501 reads it). */
function isUnderInbox({ path, delimiter }: RemoteMailbox): boolean {
  return delimiter !== null && path.slice(0, 6).toUpperCase() === `INBOX${delimiter}`;
}

/** What the pass lists: under the account's prefix (and INBOX where kept), else everything. */
export function listScope(account: Pick<AccountConfig, 'remotePrefix' | 'mbsync' | 'patterns'>): ListScope | undefined {
  const prefix = account.remotePrefix;
  return prefix ? { prefix, inbox: keepsInbox(account, prefix) } : undefined;
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
