// NAMESPACE (RFC 2342): the prefix of the user's own folders (`INBOX.` on Cyrus and Courier, empty
// on Dovecot and Gmail), which mbsync takes as a far store's Path when it has none.
import type { ImapConnection } from './imap-connection.js';

/** The first personal namespace's prefix; undefined where the server has no NAMESPACE or names none. */
export async function personalNamespace(connection: ImapConnection): Promise<string | undefined> {
  if (!connection.capabilities.has('NAMESPACE')) return undefined;
  let prefix: string | undefined;
  await connection.run('NAMESPACE', (response) => {
    if (response.kind !== 'data' || response.name !== 'NAMESPACE') return;
    response.cursor.skipSpaces();
    const personal = response.cursor.value();
    const first = Array.isArray(personal) ? personal[0] : undefined;
    const value = Array.isArray(first) ? first[0] : undefined;
    if (typeof value === 'string') prefix = value;
    else if (Buffer.isBuffer(value)) prefix = value.toString('utf8');
  });
  return prefix;
}
