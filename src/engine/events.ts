// Every event the sync engine emits. The app, `mailkeep sync` (human and --json output) and the
// tests all consume this one union; nothing else crosses from the engine to its callers.
import type { KeepInSyncOptions } from './keep-in-sync.js';
import type { VerificationSummary } from './verify/verify-record.js';

/** How far an error reaches (isync's DRV_MSG_BAD / DRV_BOX_BAD / DRV_STORE_BAD). */
export type ErrorScope = 'message' | 'mailbox' | 'account';

/** What to do about it: retry soon, wait (backoff / budget) then retry, or give up. */
export type RetryClass = 'temp' | 'wait' | 'final';

/** Every code an error event can carry (errors.ts classifies anything thrown into one of them). */
export type SyncErrorCode =
  // the account: setup, credentials, transport
  | 'AUTH_FAILED'
  | 'AUTH_TOKEN_REJECTED'
  | 'AUTH_MECHANISMS'
  | 'CREDENTIALS'
  | 'LOCKED'
  | 'CLEARTEXT_REFUSED'
  | 'STARTTLS_MISSING'
  | 'TLS_CERT'
  | 'SERVER_ALERT'
  | 'HOST_NOT_FOUND'
  | 'DISK_FULL'
  /** restore: the target account is over its quota (it stops there). */
  | 'OVER_QUOTA'
  | 'MAILDIR_MISSING'
  // the account's OAuth2 sign-in (engine/oauth/)
  | 'OAUTH_SIGN_IN_AGAIN'
  | 'OAUTH_CLIENT_REJECTED'
  | 'OAUTH_CONSENT_DENIED'
  | 'OAUTH_STATE_MISMATCH'
  | 'OAUTH_DEVICE_CODE_EXPIRED'
  | 'OAUTH_ENDPOINT'
  | 'OAUTH_TIMEOUT'
  | 'OAUTH_TOKEN_STORE'
  | 'OAUTH_CONFIG'
  // the server's state or a dropped connection (waits, then retries)
  | 'SERVER_BUSY'
  | 'CONNECTION'
  | 'PROTOCOL'
  // one mailbox
  | 'MAILBOX_NOT_FOUND'
  | 'MAILBOX_NAME'
  | 'MAILBOX_GONE'
  | 'MAILBOX_FAILED'
  | 'MASS_DELETE_GUARD'
  | 'IO'
  | 'STOPPED'
  // one message (gone: deleted on the server meanwhile, no loss; unreadable: not stored, a loss)
  | 'MESSAGE_GONE'
  | 'MESSAGE_UNREADABLE'
  | 'UNEXPECTED';

export interface SyncErrorInfo {
  code: SyncErrorCode;
  scope: ErrorScope;
  retry: RetryClass;
  account: string;
  mailbox?: string;
  /** The message at fault, for scope 'message' (it was skipped; the mailbox went on). */
  uid?: number;
  /** One line of plain language naming the thing at fault. Never contains a password. */
  message: string;
}

/** What a mailbox's pass changed locally; the totals of an account and a pass add these up. */
export interface MailboxCounts {
  /** New messages, downloaded or linked. */
  added: number;
  /** Of `added`, placed from a file stored in another folder instead of downloaded. */
  linked: number;
  flagsUpdated: number;
  deleted: number;
  bytes: number;
}

export type MailboxPhase = 'queued' | 'checking' | 'fetching' | 'uptodate' | 'done' | 'paused' | 'error';

export type EngineEvent =
  /** `targets`: what the pass syncs; absent = every account, whole. */
  | { type: 'pass-start'; pass: number; targets?: SyncTarget[]; at: number }
  | { type: 'account-start'; account: string; at: number }
  | {
      type: 'connection';
      account: string;
      state: 'connecting' | 'connected' | 'reconnecting' | 'closed';
      /** Connected: how (COMPRESS, and the rule that chose it). */
      detail?: string;
      at: number;
    }
  /** The mailboxes this pass will look at, in order (UTF-8 names, `/`-separated). */
  | { type: 'mailboxes'; account: string; mailboxes: string[]; at: number }
  | { type: 'mailbox-phase'; account: string; mailbox: string; phase: MailboxPhase; at: number }
  /**
   * Totals known once the mailbox is examined: what must be fetched in this pass, and how many
   * more new messages are stored in another folder already (linked, not downloaded).
   */
  | {
      type: 'mailbox-plan';
      account: string;
      mailbox: string;
      messagesToFetch: number;
      messagesToLink: number;
      bytesToFetch: number;
      serverMessages: number;
      at: number;
    }
  | { type: 'mailbox-progress'; account: string; mailbox: string; messagesDone: number; bytesDone: number; at: number }
  | ({ type: 'mailbox-done'; account: string; mailbox: string; upToDate: boolean; at: number } & MailboxCounts)
  /** Waiting before a retry (server throttling, BYE, daily budget). */
  | { type: 'paused'; account: string; mailbox?: string; until: number; reason: string; at: number }
  /**
   * `alert`: the server's own [ALERT] text (RFC 3501 §7.1), which the user must see; `urgent`: ours,
   * asking the user to act (a renewed sign-in that could not be stored): both shown even when quiet.
   */
  | { type: 'notice'; account: string; mailbox?: string; message: string; alert?: true; urgent?: true; at: number }
  | { type: 'error'; error: SyncErrorInfo; at: number }
  | { type: 'account-done'; account: string; ok: boolean; at: number }
  | { type: 'summary'; summary: SyncSummary; at: number }
  /** A mailbox's last verification (`mailkeep verify`, `V`), when it ends and as recorded. */
  | { type: 'mailbox-verified'; account: string; mailbox: string; verification: VerificationSummary; at: number }
  /** While kept in sync: when the next timed pass starts (null: none planned, e.g. while one runs). */
  | { type: 'schedule'; nextPassAt: number | null; at: number }
  /**
   * The IDLE watch of a mailbox: `unsupported` = the server has no IDLE; `stopped` = given up (login).
   * `allMailboxes`: NOTIFY (RFC 5465) reports the account's other mailboxes too.
   */
  | {
      type: 'idle';
      account: string;
      mailbox: string;
      state: 'watching' | 'reconnecting' | 'unsupported' | 'stopped';
      allMailboxes?: true;
      at: number;
    }
  /** The wall clock moved against the monotonic one (a suspend and resume): a pass starts now. */
  | { type: 'clock-jump'; jumpMs: number; at: number };

export interface SyncSummary extends MailboxCounts {
  pass: number;
  accounts: number;
  mailboxes: number;
  mailboxesFailed: string[];
  errors: SyncErrorInfo[];
  elapsedMs: number;
  /**
   * 0 = all synced, 1 = finished with failed mailboxes (or an account stopped by a full disk),
   * 2 = fatal. Same as `mailkeep sync`'s exit.
   */
  exitCode: 0 | 1 | 2;
}

export type EngineListener = (event: EngineEvent) => void;

/** What the engine accepts from its callers (the app and `mailkeep sync`). */
export interface SyncTarget {
  account: string;
  /** UTF-8 mailbox name; omitted = the whole account. */
  mailbox?: string;
}

export interface SyncEngine {
  /** Start a pass (all accounts, or only the targets). While a pass runs, exactly one more is queued. */
  resync(targets?: SyncTarget[]): void;
  /**
   * Verify mailboxes against the server (read-only, after the running pass if any): each ends in a
   * 'mailbox-verified' event, or an 'error' naming what could not be verified.
   */
  verify(targets: SyncTarget[]): void;
  /** Stop cleanly: the message in flight is finished or discarded, state saved. Resolves when idle. */
  stop(): Promise<void>;
  /** Resolves with the summary of the next pass that ends (for `mailkeep sync`). */
  whenIdle(): Promise<SyncSummary>;
  subscribe(listener: EngineListener): () => void;
  /** Keep syncing after this pass: timed passes, IDLE, a pass after a suspend; `stop()` ends it. */
  keepInSync(options: KeepInSyncOptions): void;
  readonly running: boolean;
}
