// Which UIDs the selected mailbox still holds, asked after a NOOP: a server may report another
// session's expunges only then (Courier-IMAP does, and until then answers a FETCH of such a message
// with a stand-in text), and once it has, a UID FETCH names none of them.
import { uidSet } from '../uid-set.js';
import { uidFetch } from './fetch.js';
import type { ImapConnection } from './imap-connection.js';

/** NOOP and UID FETCH (UID), pipelined: one round trip. */
export async function uidsStillThere(connection: ImapConnection, uids: readonly number[]): Promise<Set<number>> {
  const [, rows] = await Promise.all([
    connection.run('NOOP'),
    uidFetch(connection, uidSet(uids), 'UID', { asked: uids }),
  ]);
  return new Set(rows.map((row) => row.uid!));
}
