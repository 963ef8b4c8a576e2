// The one mbsyncrc both tools read: the same server, patterns and durability; only the local
// paths differ between the two copies. `Host localhost` (127.0.0.1 here), not the address:
// mbsync 1.4 checks only DNS names in the certificate, so it refuses `IP:127.0.0.1`.
import type { DovecotServer, TestUser } from '../support/dovecot.js';

export interface RcAccount {
  /** Channel (and account) name. */
  name: string;
  user: TestUser;
  /** Local Maildir root; INBOX goes to `<root>/INBOX`. */
  localRoot: string;
}

export function mbsyncrc(server: DovecotServer, accounts: RcAccount[]): string {
  return accounts
    .map(({ name, user, localRoot }) => `IMAPAccount ${name}
Host localhost
Port ${server.imapsPort}
User ${user.user}
Pass ${user.password}
SSLType IMAPS
CertificateFile ${server.caFile}

IMAPStore ${name}-remote
Account ${name}

MaildirStore ${name}-local
SubFolders Verbatim
Path ${localRoot}/
Inbox ${localRoot}/INBOX

Channel ${name}
Far :${name}-remote:
Near :${name}-local:
Patterns *
Sync Pull
Create Near
Expunge Near
SyncState *
CopyArrivalDate yes
`)
    .join('\n');
}
