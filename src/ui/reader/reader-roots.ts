// Where the reader looks for an app's accounts: each account's tree, plus its INBOX when that
// lives outside it (mbsync's `Inbox ~/Mail/INBOX` beside `Path ~/Mail/gmail/`). An account whose
// Path ends in a folder prefix (`Path ~/Mail/gmail-`) holds only ~/Mail's gmail-… folders.

import type { AccountConfig } from '../../config/types.js';
import { treeHolds } from '../../maildir/index.js';
import type { ReaderRoot } from '../../reader/index.js';

export function readerRoots(accounts: AccountConfig[]): ReaderRoot[] {
  return accounts.flatMap((a) => {
    const flatten = a.flatten ? { flatten: a.flatten } : {};
    const tree = { account: a.name, path: a.localPath, ...flatten };
    // A Maildir++ near prefix (`.work.`) is followed by the folder's levels joined by '.'.
    const dotted = a.subFolders === 'maildir++' && !a.flatten ? { dotted: true } : {};
    const prefixed = a.folderPrefix ? { ...tree, folderPrefix: a.folderPrefix, ...dotted } : tree;
    if (treeHolds(prefixed, a.inboxPath)) return [prefixed];
    return [{ account: a.name, path: a.inboxPath, ...flatten }, prefixed];
  });
}
