// UTF8=ACCEPT (RFC 6855), enabled where the server offers it. A server may downgrade a message with
// raw UTF-8 headers for a client that did not enable it (§5, Cyrus), so the copy backed up would
// not be the message. Enabled, mailbox names travel as UTF-8 both ways instead of modified UTF-7
// (§3); inside, a name is the same decoded Unicode either way (state, folders and index unchanged).
import { decodeMailboxName, encodeMailboxName } from '../../text/mutf7.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';

/**
 * ENABLE UTF8=ACCEPT where the capabilities (those after login) offer it; on only when `* ENABLED`
 * names it (RFC 5161 §3.1). A NO or BAD leaves the session as it was, with modified UTF-7.
 */
export async function enableUtf8Accept(connection: ImapConnection): Promise<void> {
  const offered = connection.capabilities;
  if (!offered.has('UTF8=ACCEPT') || !offered.has('ENABLE')) return;
  let enabled = false;
  await connection
    .run('ENABLE UTF8=ACCEPT', (response) => {
      if (response.kind !== 'data' || response.name !== 'ENABLED') return;
      enabled ||= response.cursor.rest().toUpperCase().split(/\s+/).includes('UTF8=ACCEPT');
    })
    .catch((error: unknown) => {
      if (!(error instanceof ImapCommandError)) throw error;
    });
  connection.utf8Accept = enabled;
}

/** A mailbox name as the server spells it on this connection. */
export function wireName(connection: Pick<ImapConnection, 'utf8Accept'>, path: string): string {
  return connection.utf8Accept ? path : encodeMailboxName(path);
}

/** A mailbox name the server sent, as the name it stands for (`&` is only an escape in modified UTF-7). */
export function nameOfWire(connection: Pick<ImapConnection, 'utf8Accept'>, wire: string): string {
  return connection.utf8Accept ? wire : decodeMailboxName(wire);
}
