// Which UIDs the selected mailbox still holds, asked after a NOOP: a server may report another
// session's expunges only then (Courier-IMAP does, and until then answers a FETCH of such a message
// with a stand-in text), and once it has, a UID FETCH names none of them.
import { splitUidSet, uidSet } from '../uid-set.js';
import { MAX_UID_SET_LENGTH } from './fetch.js';
import { readFetchAttributes } from './fetch-response.js';
import type { ImapConnection } from './imap-connection.js';
import type { UntaggedResponse } from './connection-types.js';

/**
 * NOOP and UID FETCH (UID), pipelined: one round trip. Pipelined behind the FETCH of the bodies,
 * the answer may come while that FETCH is still answered (Dovecot runs both together), so its rows
 * are overheard; a row with a body is that FETCH's, and no proof: a stand-in comes under its UID.
 */
export async function uidsStillThere(connection: ImapConnection, uids: readonly number[]): Promise<Set<number>> {
  const asked = new Set(uids);
  const there = new Set<number>();
  const noop = connection.run('NOOP');
  const onUntagged = (response: UntaggedResponse) => {
    if (response.kind !== 'data' || response.name !== 'FETCH') return;
    try {
      const row = readFetchAttributes(response.cursor);
      if (row.uid !== undefined && row.sections.size === 0 && asked.has(row.uid)) there.add(row.uid);
    } catch {
      // An unreadable row proves nothing: its UID stays unconfirmed, its body unstored this pass.
    }
  };
  const sets = splitUidSet(uidSet(uids), MAX_UID_SET_LENGTH);
  await Promise.all([noop, ...sets.map((set) => connection.overhear(`UID FETCH ${set} (UID)`, onUntagged))]);
  return there;
}
