// Mailboxes this account backed up that the server no longer lists. Like mbsync without
// `Remove`, nothing local is deleted: the pass only says so, once per run, until the mailbox
// comes back or the account's Patterns exclude it. A local folder that holds nothing at all (a
// server's passing lock file listed as a mailbox, an empty folder deleted) is removed and its
// state forgotten, told once. `mailkeep verify` names them too, and changes nothing.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AccountConfig } from '../config/types.js';
import { localMailboxDir } from './adopt-maildir.js';
import { removeEmptyMaildir } from '../maildir/index.js';
import { mailboxStatePath, savedMailboxesExcept } from './mailbox-state.js';
import { isMailboxSelected } from './patterns.js';
import type { RemoteMailbox } from './remote.js';

export interface VanishedMailbox {
  name: string;
  /** Messages in the local copy (cur/ and new/). */
  localMessages: number;
  /** The local folder held nothing: it is removed and the mailbox forgotten. */
  forgotten?: true;
  /** Still listed, but not to be opened (a parent kept for its subfolders): its messages are gone. */
  unselectable?: true;
}

async function countFiles(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith('.')).length;
  } catch {
    return 0;
  }
}

/**
 * Saved mailboxes the account's patterns still want but the server's listing (names without the
 * account's remotePrefix) does not hold as selectable. A mailbox listed but not to be opened
 * (deleted while subfolders remain: \Noselect on Courier and Cyrus, its STATUS refused on
 * Dovecot's Maildir++) can no longer be synced: it is one of them, marked `unselectable`. Reads
 * only: verify tells them as they are.
 */
export async function listVanishedMailboxes(
  account: AccountConfig,
  listed: readonly RemoteMailbox[],
): Promise<(VanishedMailbox & { dir: string })[]> {
  const selectable = listed.filter((m) => m.selectable).map((m) => m.name);
  const unselectable = new Set(listed.filter((m) => !m.selectable).map((m) => m.name));
  const saved = await savedMailboxesExcept(account.stateDir, selectable);
  const wanted = saved.filter((name) => isMailboxSelected(name, account.patterns));
  return Promise.all(
    wanted.map(async (name) => {
      // Names in state are already without the account's remotePrefix and `/`-separated.
      const dir = await localMailboxDir(
        { ...account, remotePrefix: undefined },
        { path: name, delimiter: '/', name, selectable: true },
      );
      const counts = await Promise.all(['cur', 'new'].map((sub) => countFiles(path.join(dir, sub))));
      return {
        name,
        dir,
        localMessages: counts[0]! + counts[1]!,
        ...(unselectable.has(name) ? { unselectable: true as const } : {}),
      };
    }),
  );
}

/** As listVanishedMailboxes, for a pass: a vanished mailbox whose folder holds nothing is removed and forgotten. */
export async function findVanishedMailboxes(
  account: AccountConfig,
  listed: readonly RemoteMailbox[],
): Promise<VanishedMailbox[]> {
  const vanished = await listVanishedMailboxes(account, listed);
  return Promise.all(
    vanished.map(async ({ dir, ...kept }) => {
      const { name, localMessages } = kept;
      if (localMessages > 0 || name === 'INBOX' || !(await removeEmptyMaildir(dir))) return kept;
      await rm(mailboxStatePath(account.stateDir, name), { force: true });
      return { name, localMessages, forgotten: true as const };
    }),
  );
}

export function vanishedNotice(mailbox: VanishedMailbox): string {
  if (mailbox.forgotten) return 'gone from the server; its local folder held nothing and is removed';
  const kept = `local copy kept (${mailbox.localMessages} message${mailbox.localMessages === 1 ? '' : 's'})`;
  if (mailbox.unselectable) return `no longer selectable on the server (deleted, its subfolders kept); ${kept}`;
  return `gone from the server; ${kept}`;
}
