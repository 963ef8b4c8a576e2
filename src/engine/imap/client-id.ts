// ID (RFC 2971): who we are, name and version only, nothing about the user or the machine.
import { readFileSync } from 'node:fs';
import type { ImapConnection } from './imap-connection.js';

let version: string | undefined;

function mailkeepVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

/** Sent without waiting: the answer (the server's own ID) is not needed, and a refusal is harmless. */
export function sendClientId(connection: ImapConnection): void {
  connection.run(`ID ("name" "mailkeep" "version" "${mailkeepVersion().replace(/[^\w.+-]/g, '')}")`).catch(() => undefined);
}
