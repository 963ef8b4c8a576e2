// The RemoteWriter contract (remote-writer.ts) on one authenticated connection: the read-only
// session, plus CREATE and APPEND for `mailkeep restore`.
import type { RemoteWriter } from '../remote-writer.js';
import { appendMessages } from './append.js';
import { mailboxAppendLimit } from './append-limit.js';
import { listedMailboxArg } from './command-args.js';
import { createMailbox } from './create.js';
import type { ImapConnection } from './imap-connection.js';
import { mailboxQuota } from './quota.js';
import { imapSession } from './session.js';

export function imapWriterSession(connection: ImapConnection, host: string): RemoteWriter {
  const alive = () => {
    if (!connection.usable) throw connection.lastError;
  };
  return {
    ...imapSession(connection, host),
    get multiAppend() {
      return connection.capabilities.has('MULTIAPPEND');
    },
    async appendLimit(mailbox) {
      alive();
      return mailboxAppendLimit(connection, listedMailboxArg(mailbox, connection));
    },
    async quota(mailbox) {
      alive();
      return mailboxQuota(connection, listedMailboxArg(mailbox, connection));
    },
    async create(mailbox) {
      alive();
      return createMailbox(connection, listedMailboxArg(mailbox, connection));
    },
    async append(mailbox, messages) {
      alive();
      return appendMessages(connection, listedMailboxArg(mailbox, connection), messages);
    },
  };
}
