// CREATE (RFC 3501 §6.3.3). The server creates the parents a name needs; one that exists
// already ([ALREADYEXISTS], RFC 5530) is taken as it is.
import type { MailboxArg } from './command-args.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';

export async function createMailbox(connection: ImapConnection, mailbox: MailboxArg): Promise<'created' | 'exists'> {
  try {
    await connection.run(`CREATE ${mailbox.text}`, undefined, mailbox.literals);
    return 'created';
  } catch (error) {
    if (error instanceof ImapCommandError && error.serverResponseCode === 'ALREADYEXISTS') return 'exists';
    throw error;
  }
}
