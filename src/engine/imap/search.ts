// Every UID of the examined mailbox: UID SEARCH, with ESEARCH (RFC 4731) as ranges where offered.
import { expandUidSet } from '../uid-set.js';
import { uidLimit } from './fetch.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapProtocolError } from './protocol-error.js';

/**
 * More UIDs than uidLimit for the mailbox examined are not believed. Either answer is read
 * whichever was asked for: some servers offering ESEARCH answer `RETURN (ALL)` with a plain
 * `* SEARCH` (imapflow accepts both too).
 */
export async function searchAllUids(connection: ImapConnection, examinedMessages: number): Promise<number[]> {
  const limit = uidLimit(examinedMessages);
  const uids: number[] = [];
  const tooMany = () =>
    new ImapProtocolError(`server listed more than ${limit} UIDs for a mailbox of ${examinedMessages}`);
  const command = connection.capabilities.has('ESEARCH') ? 'UID SEARCH RETURN (ALL) ALL' : 'UID SEARCH ALL';
  await connection.run(command, (response) => {
    if (response.kind !== 'data') return;
    if (response.name === 'ESEARCH') {
      const m = /\bALL (\S+)/i.exec(response.cursor.rest());
      if (m === null) return;
      let expanded: number[];
      try {
        expanded = expandUidSet(m[1]!, limit - uids.length);
      } catch {
        throw tooMany();
      }
      for (const uid of expanded) uids.push(uid);
    } else if (response.name === 'SEARCH') {
      for (const n of response.cursor.rest().trim().split(/\s+/)) {
        if (!/^\d{1,10}$/.test(n)) continue;
        if (uids.length >= limit) throw tooMany();
        uids.push(Number(n));
      }
    }
  });
  return uids.sort((a, b) => a - b);
}
