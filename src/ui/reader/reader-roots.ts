// Where the reader looks for an app's accounts: each account's tree, plus its INBOX when that
// lives outside it (mbsync's `Inbox ~/Mail/INBOX` beside `Path ~/Mail/gmail/`).

import type { AccountConfig } from '../../config/types.js';
import type { ReaderRoot } from '../../reader/index.js';

export function readerRoots(accounts: AccountConfig[]): ReaderRoot[] {
  return accounts.flatMap((a) => {
    const inside =
      a.inboxPath === a.localPath ||
      a.inboxPath.startsWith(a.localPath.endsWith('/') ? a.localPath : `${a.localPath}/`);
    const flatten = a.flatten ? { flatten: a.flatten } : {};
    return (inside ? [a.localPath] : [a.inboxPath, a.localPath]).map((path) => ({ account: a.name, path, ...flatten }));
  });
}
