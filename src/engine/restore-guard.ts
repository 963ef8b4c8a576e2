// Restoring into the account a backup came from could pile copies onto the very mailboxes it
// was taken of: `mailkeep restore` asks for --into-source then. The backup's account is the
// one whose local Maildir holds SOURCE (or lies inside it); it is the target when it is the
// same account or the same user on the same host. An account with a folder prefix (mbsync's
// `Path ~/Mail/gmail-`) holds only its own folders of the directory it shares.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AccountConfig } from '../config/types.js';
import { isPathInside, treeHolds } from '../maildir/index.js';
import { resolveUser } from './credentials.js';

async function real(dir: string): Promise<string> {
  return realpath(dir).catch(() => path.resolve(dir));
}

async function userOf(account: AccountConfig): Promise<string> {
  return resolveUser(account).catch(() => account.user);
}

/** The account whose backup SOURCE is and that `target` reaches too, if any. */
export async function sourceAccountOf(
  source: string,
  target: AccountConfig,
  accounts: readonly AccountConfig[],
): Promise<AccountConfig | undefined> {
  const sourcePath = await real(source);
  for (const account of accounts) {
    const [tree, inbox] = await Promise.all([account.localPath, account.inboxPath].map(real));
    const holds = (dir: string) => isPathInside(sourcePath, dir) || isPathInside(dir, sourcePath);
    const inTree = treeHolds({ path: tree!, folderPrefix: account.folderPrefix }, sourcePath);
    if (!inTree && !isPathInside(tree!, sourcePath) && !holds(inbox!)) continue;
    if (account.name === target.name) return account;
    const sameHost = account.host.toLowerCase() === target.host.toLowerCase();
    if (sameHost && (await userOf(account)) === (await userOf(target))) return account;
  }
  return undefined;
}
