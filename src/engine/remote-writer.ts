// The write side of the IMAP contract, for `mailkeep restore` only: create a mailbox, append
// messages. Nothing here deletes or changes what a mailbox holds (no STORE, EXPUNGE, DELETE).
import type { AccountConfig } from '../config/types.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';

export interface AppendMessage {
  /** IMAP flags to set (`\Seen`, `$Forwarded`...). */
  flags: string[];
  internalDate: Date;
  /** Exact length of the body in bytes: the literal announced before it is sent. */
  size: number;
  /** The bytes, or their chunks read as they are sent (a big message, streamed). */
  body: Buffer | (() => AsyncIterable<Buffer>);
  /** The bytes hold a NUL: sent as a literal8 where the server has BINARY (Cyrus refuses a NUL in a literal). */
  hasNul: boolean;
  /** The header holds raw 8-bit bytes: sent in a `UTF8 (~{n})` wrapper where UTF8=ACCEPT is on (RFC 6855 §4). */
  eightBitHeader: boolean;
}

/** One quota root's storage (RFC 9208 STORAGE), in bytes. */
export interface QuotaStorage {
  usedBytes: number;
  limitBytes: number;
}

export interface RemoteWriter extends RemoteSession {
  /** Several messages go in one APPEND (RFC 3502 MULTIAPPEND). */
  readonly multiAppend: boolean;
  /**
   * The biggest message the mailbox takes (RFC 7889 APPENDLIMIT, the server's or the mailbox's),
   * where the server names one: one sent with LITERAL+ beyond it may cost the connection (RFC 7888).
   */
  appendLimit(mailbox: RemoteMailbox): Promise<number | undefined>;
  /** The storage of each quota root of the mailbox (RFC 9208 GETQUOTAROOT); none without QUOTA. */
  quota(mailbox: RemoteMailbox): Promise<QuotaStorage[]>;
  /** CREATE; a mailbox that exists already is no error. */
  create(mailbox: RemoteMailbox): Promise<'created' | 'exists'>;
  /** One APPEND command: all of `messages` are stored, or (MULTIAPPEND is atomic) none. */
  append(mailbox: RemoteMailbox, messages: AppendMessage[]): Promise<void>;
}

export type RemoteWriterConnector = (account: AccountConfig) => Promise<RemoteWriter>;
