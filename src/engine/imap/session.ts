// The RemoteSession contract (remote.ts) on one authenticated connection: read-only commands only
// (LIST, STATUS, EXAMINE, UID SEARCH, UID FETCH with BODY.PEEK).
import type { RemoteMailbox, RemoteSession } from '../remote.js';
import { quoteMailbox } from './command-args.js';
import { examineMailbox } from './examine.js';
import { fetchBodies, fetchMessageIds, fetchUidsAndFlags, streamBody } from './fetch.js';
import type { ImapConnection } from './imap-connection.js';
import { listMailboxes, mailboxStatus } from './list-status.js';
import { encodeMailboxName } from './mutf7.js';
import { searchAllUids } from './search.js';

export function imapSession(connection: ImapConnection, host: string): RemoteSession {
  /** The server's own spelling of each listed mailbox, sent back as is. */
  const wireNames = new Map<string, string>();
  let condstore = false;
  let qresyncEnabled = false;
  let examinedMessages = 0;
  const caps = () => connection.capabilities;
  const hasQresync = () => caps().has('QRESYNC') && caps().has('ENABLE');
  const alive = () => {
    if (!connection.usable) throw connection.lastError;
  };
  const mailboxArg = (mailbox: RemoteMailbox) =>
    quoteMailbox(wireNames.get(mailbox.path) ?? encodeMailboxName(mailbox.path), mailbox.name);

  return {
    host,
    sendsAhead: hasQresync(),
    async list(onListed) {
      alive();
      return listMailboxes(connection, wireNames, onListed);
    },
    async status(mailbox) {
      alive();
      return mailboxStatus(connection, mailboxArg(mailbox), mailbox.name);
    },
    async examine(mailbox, resync, prefetch, onSent) {
      alive();
      const qresync = resync !== undefined && hasQresync() ? resync : undefined;
      if (qresync !== undefined && !qresyncEnabled) {
        await connection.run('ENABLE QRESYNC');
        qresyncEnabled = true;
      }
      const examined = await examineMailbox(connection, {
        mailboxArg: mailboxArg(mailbox), name: mailbox.name,
        ...(qresync !== undefined ? { qresync } : {}),
        ...(prefetch !== undefined ? { prefetch } : {}),
        ...(onSent !== undefined ? { onSent } : {}),
      });
      condstore = examined.condstore;
      examinedMessages = examined.messages;
      return examined;
    },
    async listUids() {
      alive();
      return searchAllUids(connection, examinedMessages);
    },
    async fetchUidsAndFlags(range, changedSince) {
      const modifier = changedSince !== undefined && condstore ? ` (CHANGEDSINCE ${changedSince})` : '';
      return fetchUidsAndFlags(connection, range, modifier, examinedMessages);
    },
    async fetchBodies(uids, firstBytes) {
      return fetchBodies(connection, uids, firstBytes);
    },
    async streamBody(uid) {
      return streamBody(connection, uid);
    },
    async fetchMessageIds(uids) {
      return fetchMessageIds(connection, uids);
    },
    async close() {
      await connection.logout();
    },
  };
}
