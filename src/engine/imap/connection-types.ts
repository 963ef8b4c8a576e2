// The shapes an IMAP connection is opened with and keeps its commands in.
import type { SecureContext } from 'node:tls';
import type { CommandPiece } from './command-args.js';
import type { ParsedResponse, StatusResponse } from './response-parser.js';

export type TransportSecurity = 'imaps' | 'starttls' | 'none';

export interface ImapConnectOptions {
  host: string;
  port: number;
  /** mbsync's Tunnel: this shell command's stdin and stdout are the connection, not host:port. */
  tunnel?: string;
  security: TransportSecurity;
  secureContext: SecureContext;
  /** CertificateFile's certificates, accepted as they are (pinned-certificates.ts); none: Node verifies. */
  pinnedCertificates?: readonly Buffer[];
  /** Connecting, the greeting, and every command: no byte from the server for this long fails the connection. */
  timeoutMs: number;
  /** Largest literal accepted (a body or a body chunk). */
  maxLiteralBytes: number;
  /** The run's stop: aborted, a connect still under way ends at once. */
  stop?: AbortSignal;
}

/** Untagged responses of a command: `* OK [CODE]` status lines and `* ...` data. */
export type UntaggedResponse = Exclude<ParsedResponse, { kind: 'tagged' } | { kind: 'continuation' }>;

/** Answers a server challenge (`+ text`) during AUTHENTICATE: the line to send back, without CRLF. */
export type ChallengeResponder = (challenge: string) => string;

export interface PendingCommand {
  tag: string;
  /** Pieces to write; between two pieces the server's `+` continuation is awaited. */
  pieces: CommandPiece[];
  /** A streamed literal of it is being written: nothing else may go out meanwhile. */
  streaming?: boolean;
  /** Answers each `+` once the pieces are out (AUTHENTICATE). */
  respond?: ChallengeResponder;
  /** Nothing is sent behind it until it is answered (AUTHENTICATE, COMPRESS). */
  holds: boolean;
  /** Its OK starts compression (COMPRESS DEFLATE). */
  compresses?: boolean;
  /** IDLE: called on the server's `+`; nothing is sent until DONE ends it. */
  idling?: () => void;
  verb: string;
  onUntagged?: ((response: UntaggedResponse) => void) | undefined;
  /**
   * Also hears the untagged data that goes to an older command in flight: a server may run
   * pipelined FETCHes of one message together and answer both before either's OK, so a row this
   * command asked for may come while the older one is still the one answered.
   */
  overhears?: boolean;
  resolve: (result: StatusResponse) => void;
  reject: (error: Error) => void;
}
