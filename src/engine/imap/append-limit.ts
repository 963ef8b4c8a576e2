// APPENDLIMIT (RFC 7889): the biggest message a server takes, for all its mailboxes
// (`APPENDLIMIT=n` in CAPABILITY) or for each (a bare `APPENDLIMIT`, told by `STATUS mailbox
// (APPENDLIMIT)`: a number, or NIL for none). Asked by STATUS of the one target, not by LIST's
// RETURN (STATUS (APPENDLIMIT)): restore needs it for the folder it is about to fill, and the
// pass's LIST is sync's, which has no use for it. imapflow reads the same two forms.
import { safeNumber, type MailboxArg } from './command-args.js';
import type { UntaggedResponse } from './connection-types.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';
import { readStatusValues } from './list-status.js';

/** The limit of `APPENDLIMIT=n`; none for a bare APPENDLIMIT or none at all. */
function serverWideLimit(capabilities: ReadonlySet<string>): number | undefined {
  for (const capability of capabilities)
    if (capability.startsWith('APPENDLIMIT=')) return safeNumber(capability.slice('APPENDLIMIT='.length));
  return undefined;
}

/** The biggest message the mailbox takes; none where the server names no limit (or refuses the STATUS). */
export async function mailboxAppendLimit(connection: ImapConnection, mailbox: MailboxArg): Promise<number | undefined> {
  const serverWide = serverWideLimit(connection.capabilities);
  if (serverWide !== undefined || !connection.capabilities.has('APPENDLIMIT')) return serverWide;
  let limit: number | undefined;
  const onStatus = (response: UntaggedResponse) => {
    if (response.kind !== 'data' || response.number !== undefined || response.name !== 'STATUS') return;
    const { cursor } = response;
    cursor.string();
    cursor.skipSpaces();
    limit = readStatusValues(cursor).get('APPENDLIMIT');
  };
  try {
    await connection.run(`STATUS ${mailbox.text} (APPENDLIMIT)`, onStatus, mailbox.literals);
  } catch (error) {
    if (error instanceof ImapCommandError) return undefined;
    throw error;
  }
  return limit;
}
