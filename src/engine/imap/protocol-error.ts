/**
 * The server broke the IMAP grammar (or a limit of ours). The connection cannot be trusted after
 * it, so it is closed; the engine treats it like a dropped connection and retries on a new one.
 */
export class ImapProtocolError extends Error {
  readonly code = 'EPROTOCOL';
  constructor(message: string) {
    super(message);
    this.name = 'ImapProtocolError';
  }
}
