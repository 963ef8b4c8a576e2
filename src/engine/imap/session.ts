// The RemoteSession contract (remote.ts) on one authenticated connection: read-only commands only
// (LIST, STATUS, EXAMINE, UID SEARCH, UID FETCH with BODY.PEEK).
import { sanitizeForTerminal } from '../../text/sanitize.js';
import type { RemoteNotice, RemoteSession } from '../remote.js';
import { listedMailboxArg } from './command-args.js';
import { examineMailbox } from './examine.js';
import { idleOnMailbox } from './idle.js';
import { fetchBodies, fetchMessageIds, fetchUidsAndFlags, messageIdItem } from './fetch.js';
import { streamBody } from './stream-body.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';
import { listMailboxes, mailboxStatus, stillListed } from './list-status.js';
import { listNamespaces } from './namespace.js';
import { searchAllUids } from './search.js';
import { uidsStillThere } from './uids-still-there.js';

/**
 * What the server was found to refuse, shared by the sessions of an account for a run: each later
 * session goes around it at once, not after paying the refusal again.
 */
export interface ServerRefusals {
  /** EXAMINE with (QRESYNC ...) parameters: (CONDSTORE) is sent instead, nor is the next pipelined. */
  qresyncExamine?: boolean;
}

export function imapSession(connection: ImapConnection, host: string, refusals: ServerRefusals = {}): RemoteSession {
  const fetching = fetchesInFlight();
  const notices = sessionNotices(connection);
  const examiner = mailboxExaminer(connection, refusals, fetching, notices);
  const { selected } = examiner;

  return {
    host,
    ...(connection.transport !== undefined ? { transport: connection.transport } : {}),
    onThisMachine: connection.onThisMachine,
    get namesMessages() {
      return messageIdItem(connection.capabilities) !== '';
    },
    get pipelinesNext() {
      return examiner.hasQresync();
    },
    wasUnreadable: notices.wasUnreadable,
    onNotice: notices.listen,
    async list(onListed, scope) {
      assertUsable(connection);
      return listMailboxes(connection, onListed, scope);
    },
    async namespaces() {
      assertUsable(connection);
      return listNamespaces(connection);
    },
    async status(mailbox) {
      await fetching.answered();
      assertUsable(connection);
      return mailboxStatus(connection, listedMailboxArg(mailbox, connection), mailbox.name);
    },
    async stillListed(mailbox) {
      assertUsable(connection);
      return stillListed(connection, mailbox);
    },
    examine: examiner.examine,
    async listUids() {
      assertUsable(connection);
      return searchAllUids(connection, selected.messages);
    },
    async fetchUidsAndFlags(range, changedSince) {
      const modifier = changedSince !== undefined && selected.condstore ? ` (CHANGEDSINCE ${changedSince})` : '';
      return fetchUidsAndFlags(connection, range, modifier, selected.messages);
    },
    async fetchBodies(uids, firstBytes) {
      // The mailbox examined now: its answers may come in after the session went on to the next.
      const mailbox = selected.name;
      const onUnreadable = (uid: number | undefined, error: Error) => notices.unreadable(uid, error, mailbox);
      const stillSelected = examiner.sameMailboxAsNow();
      return fetching.track(fetchBodies(connection, uids, { firstBytes, onUnreadable, stillSelected }));
    },
    async streamBody(uid) {
      return streamBody(connection, uid);
    },
    async fetchMessageIds(uids) {
      return fetchMessageIds(connection, uids);
    },
    async uidsStillThere(uids) {
      assertUsable(connection);
      return fetching.track(uidsStillThere(connection, uids));
    },
    get canIdle() {
      return connection.capabilities.has('IDLE');
    },
    async idle(mailbox, options) {
      await fetching.answered();
      assertUsable(connection);
      return idleOnMailbox(connection, listedMailboxArg(mailbox, connection), options);
    },
    async close() {
      await connection.logout();
    },
  };
}

function assertUsable(connection: ImapConnection): void {
  if (!connection.usable) throw connection.lastError;
}

/**
 * EXAMINE, with (QRESYNC ...) where the server has it and has not refused it (ENABLE QRESYNC sent
 * once per connection, before the first that asks for it), and what it found of the mailbox now
 * selected, for the commands that follow.
 */
function mailboxExaminer(
  connection: ImapConnection,
  refusals: ServerRefusals,
  fetching: ReturnType<typeof fetchesInFlight>,
  notices: ReturnType<typeof sessionNotices>,
) {
  const selected = { name: '', condstore: false, messages: 0 };
  /** EXAMINEs begun: one begun after a command means that command's mailbox is selected no more. */
  let examines = 0;
  const sameMailboxAsNow = () => {
    const begun = examines;
    return () => examines === begun;
  };
  /** ENABLE QRESYNC, sent once per connection: whether the server turned it on. */
  let qresyncOn: Promise<boolean> | undefined;
  const caps = () => connection.capabilities;
  const hasQresync = () => caps().has('QRESYNC') && caps().has('ENABLE') && refusals.qresyncExamine !== true;
  const examine: RemoteSession['examine'] = async (mailbox, resync, prefetch, onSent) => {
    examines += 1;
    const stillSelected = sameMailboxAsNow();
    assertUsable(connection);
    const wantsQresync = resync !== undefined && hasQresync();
    if (prefetch !== undefined || (wantsQresync && qresyncOn === undefined)) await fetching.answered();
    if (wantsQresync) qresyncOn ??= enableQresync(connection);
    const qresync = wantsQresync && (await qresyncOn) ? resync : undefined;
    const examined = await examineMailbox(connection, {
      mailbox: listedMailboxArg(mailbox, connection),
      name: mailbox.name,
      ...(qresync !== undefined ? { qresync } : {}),
      ...(prefetch !== undefined ? { prefetch } : {}),
      ...(onSent !== undefined ? { onSent } : {}),
      onUnreadable: (uid, error) => notices.unreadable(uid, error, mailbox.name),
      stillSelected,
      onQresyncRefused: () => (refusals.qresyncExamine = true),
    });
    selected.name = mailbox.name;
    selected.condstore = examined.condstore;
    selected.messages = examined.messages;
    return examined;
  };
  return { selected, hasQresync, examine, sameMailboxAsNow };
}

/**
 * ENABLE QRESYNC; whether the server turned it on (RFC 5161 §3.1: it names what it enabled in
 * `* ENABLED`, and may leave an extension off). Off, or ENABLE refused: EXAMINEs use CONDSTORE.
 */
async function enableQresync(connection: ImapConnection): Promise<boolean> {
  let enabled = false;
  const enable = connection.run('ENABLE QRESYNC', (response) => {
    if (response.kind !== 'data' || response.name !== 'ENABLED') return;
    enabled ||= response.cursor.rest().toUpperCase().split(/\s+/).includes('QRESYNC');
  });
  await enable.catch((error: unknown) => {
    if (!(error instanceof ImapCommandError)) throw error;
  });
  return enabled;
}

/**
 * Body FETCHes, and the UID check behind a pass's last, not answered yet (the pass may hand the
 * session on once they are sent). The next
 * mailbox's EXAMINE alone may follow them at once: the server runs it after them. STATUS or ENABLE
 * wait for their answers (a server may run those alongside and answer them first, out of order),
 * and so does an EXAMINE with a FETCH behind it (Dovecot 2.3 was seen to stall on that third
 * command while the first still streamed its answer).
 */
function fetchesInFlight() {
  let latest: Promise<void> = Promise.resolve();
  return {
    track<T>(fetch: Promise<T>): Promise<T> {
      // Answered in order: once the latest settled, all have. Nothing of its bodies is kept here.
      latest = fetch.then(
        () => undefined,
        () => undefined,
      );
      return fetch;
    },
    answered: (): Promise<void> => latest,
  };
}

/** A session's notices ([ALERT]s, unreadable FETCH answers) and the messages it could not read. */
function sessionNotices(connection: ImapConnection) {
  let notify: ((notice: RemoteNotice) => void) | undefined;
  const unreadableUids = new Set<string>();
  return {
    unreadable(uid: number | undefined, error: Error, mailbox: string): void {
      if (uid !== undefined) unreadableUids.add(`${mailbox}\0${uid}`);
      const reason = oneLine(error.message);
      notify?.({ kind: 'unreadable-message', mailbox, ...(uid !== undefined ? { uid } : {}), reason });
    },
    wasUnreadable: (mailbox: string, uid: number): boolean => unreadableUids.has(`${mailbox}\0${uid}`),
    listen: (listener: (notice: RemoteNotice) => void): void => {
      notify = listener;
      connection.onAlert((text) => listener({ kind: 'alert', text: oneLine(text) }));
    },
  };
}

/** Server text as one bounded line that cannot drive a terminal. */
function oneLine(text: string): string {
  return sanitizeForTerminal(text).replace(/\s+/g, ' ').trim().slice(0, 300);
}
