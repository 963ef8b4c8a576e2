// Every UID of the examined mailbox: UID SEARCH, with ESEARCH (RFC 4731) as ranges where offered.
import { expandUidSet } from '../uid-set.js';
import { uidLimit } from './fetch.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapProtocolError } from './protocol-error.js';

/** More UIDs than uidLimit for the mailbox examined are not believed. */
export async function searchAllUids(connection: ImapConnection, examinedMessages: number): Promise<number[]> {
  const limit = uidLimit(examinedMessages);
  const uids: number[] = [];
  const tooMany = () => new ImapProtocolError(`server listed more than ${limit} UIDs for a mailbox of ${examinedMessages}`);
  if (connection.capabilities.has('ESEARCH')) {
    await connection.run('UID SEARCH RETURN (ALL) ALL', (response) => {
      if (response.kind !== 'data' || response.name !== 'ESEARCH') return;
      const m = /\bALL (\S+)/i.exec(response.cursor.rest());
      if (m === null) return;
      let expanded: number[];
      try {
        expanded = expandUidSet(m[1]!, limit - uids.length);
      } catch {
        throw tooMany();
      }
      for (const uid of expanded) uids.push(uid);
    });
  } else {
    await connection.run('UID SEARCH ALL', (response) => {
      if (response.kind !== 'data' || response.name !== 'SEARCH') return;
      for (const n of response.cursor.rest().trim().split(/\s+/)) {
        if (!/^\d{1,10}$/.test(n)) continue;
        if (uids.length >= limit) throw tooMany();
        uids.push(Number(n));
      }
    });
  }
  return uids.sort((a, b) => a - b);
}
