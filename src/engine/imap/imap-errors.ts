// Errors of the IMAP connection, shaped for classifyError (errors.ts): `code` for network-class
// failures, `responseStatus`/`responseText`/`serverResponseCode` for what the server answered.
import type { StatusResponse } from './response-parser.js';

/** The connection is gone or never came up (code: EConnectionClosed, ETIMEOUT, CONNECT_TIMEOUT, STARTTLS_MISSING...). */
export class ImapConnectionError extends Error {
  responseText?: string;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImapConnectionError';
  }
}

/** A command answered NO or BAD. */
export class ImapCommandError extends Error {
  readonly responseStatus: 'NO' | 'BAD';
  /** `[CODE] text` as the server sent it. */
  readonly responseText: string;
  /** The response code's first word (e.g. AUTHENTICATIONFAILED, UNAVAILABLE, OVERQUOTA). */
  readonly serverResponseCode?: string;
  authenticationFailed?: boolean;

  constructor(
    readonly command: string,
    result: StatusResponse,
  ) {
    const text = `${result.code !== undefined ? `[${result.code}] ` : ''}${result.text}`.trim();
    super(`${command} failed: ${result.status} ${text}`);
    this.name = 'ImapCommandError';
    this.responseStatus = result.status === 'BAD' ? 'BAD' : 'NO';
    this.responseText = text;
    const word = result.code?.split(' ', 1)[0];
    if (word !== undefined && word !== '') this.serverResponseCode = word.toUpperCase();
  }
}

/** The connection closed (by the server, or refused at the greeting), with the BYE it said if any. */
export function closedError(bye: StatusResponse | undefined, message: string): ImapConnectionError {
  if (bye === undefined) return new ImapConnectionError('EConnectionClosed', message);
  const text = `${bye.code !== undefined ? `[${bye.code}] ` : ''}${bye.text}`.trim();
  return Object.assign(new ImapConnectionError('EConnectionClosed', `${message}: BYE ${text}`), {
    responseText: `BYE ${text}`,
  });
}

/** Nothing came from the server for the connection's timeout. */
export function noAnswer(host: string, timeoutMs: number): ImapConnectionError {
  return new ImapConnectionError('ETIMEOUT', `no answer from ${host} for ${Math.round(timeoutMs / 1000)} s`);
}
