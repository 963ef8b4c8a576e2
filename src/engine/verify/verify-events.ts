// Everything a verification tells its caller (`mailkeep verify`, human or --json, and the engine for
// the app). Errors and the per-mailbox outcome are the engine's own events.
import type { EngineEvent } from '../events.js';

/** Why a message of a mailbox is not backed up as the server has it. */
export type VerifyProblemKind =
  /** The server has the UID, the folder has no file for it. */
  | 'missing'
  /** The file is not the size its name recorded when it was written (truncated or changed), or it vanished. */
  | 'damaged'
  /** The file's bytes are not the server's (SHA-256). */
  | 'differs';

export type VerifyEvent =
  | { type: 'verify-problem'; account: string; mailbox: string; kind: VerifyProblemKind; uid: number; file?: string }
  /** Worth knowing, not a fault: files kept in archive mode, a server's size that was found to lie. */
  | { type: 'verify-note'; account: string; mailbox: string; message: string }
  /** Bytes compared so far (`--deep`, or the few messages whose size must be checked). */
  | {
      type: 'verify-progress';
      account: string;
      mailbox: string;
      messagesDone: number;
      messagesTotal: number;
      bytesDone: number;
      bytesTotal: number;
      at: number;
    }
  /** A lost connection (or a server asking to wait) waited out before the mailbox is verified again. */
  | Extract<EngineEvent, { type: 'error' | 'mailbox-verified' | 'paused' }>;

export interface VerifyTotals {
  mailboxes: number;
  server: number;
  stored: number;
  missing: number;
  differing: number;
  extra: number;
  /** Mailboxes backed up that the server no longer lists: their local copies are kept, not verified. */
  gone: number;
  /** Mailboxes or accounts that could not be verified. */
  failed: number;
}
