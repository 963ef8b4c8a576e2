// NAMESPACE (RFC 2342): the prefixes of the user's own folders (`INBOX.` on Cyrus and Courier,
// empty on Dovecot and Gmail), which mbsync takes as a far store's Path when it has none, and of
// other users' and shared folders (`Other Users/`, `Shared Folders/` on Cyrus with altnamespace).
import type { RemoteNamespaces } from '../remote.js';
import type { ImapConnection } from './imap-connection.js';
import type { ImapValue } from './response-parser.js';
import { nameOfWire } from './utf8-accept.js';

/** The server's namespaces; undefined where it has no NAMESPACE. */
export async function listNamespaces(connection: ImapConnection): Promise<RemoteNamespaces | undefined> {
  if (!connection.capabilities.has('NAMESPACE')) return undefined;
  let namespaces: RemoteNamespaces | undefined;
  await connection.run('NAMESPACE', (response) => {
    if (response.kind !== 'data' || response.name !== 'NAMESPACE') return;
    const { cursor } = response;
    // A server that stops after the personal ones names no others.
    const next = (): string[] => {
      cursor.skipSpaces();
      return cursor.atEnd ? [] : prefixesOf(cursor.value()).map((prefix) => nameOfWire(connection, prefix));
    };
    namespaces = { personal: next(), otherUsers: next(), shared: next() };
  });
  return namespaces;
}

/** `(("INBOX." ".") ...)` → the prefixes as sent; NIL → none. */
function prefixesOf(value: ImapValue): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((namespace) => {
    const prefix = Array.isArray(namespace) ? namespace[0] : undefined;
    if (typeof prefix === 'string') return [prefix];
    return Buffer.isBuffer(prefix) ? [prefix.toString('utf8')] : [];
  });
}
