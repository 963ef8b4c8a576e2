// ID (RFC 2971): who we are, name and version only, nothing about the user or the machine.
import { packageVersion } from '../../package-info.js';
import type { ImapConnection } from './imap-connection.js';

/** Sent without waiting: the answer (the server's own ID) is not needed, and a refusal is harmless. */
export function sendClientId(connection: ImapConnection): void {
  connection
    .run(`ID ("name" "mailkeep" "version" "${packageVersion().replace(/[^\w.+-]/g, '')}")`)
    .catch(() => undefined);
}
