// The live picture of a sync, folded from engine events by a pure reducer. The app's sync view,
// its status line and any other consumer read this; the clock comes only from each event's `at`.

import type { EngineEvent, MailboxPhase, SyncErrorInfo, SyncSummary } from './events.js';
import { reduceAccountEvent } from './progress-account.js';
import { reduceMailboxEvent } from './progress-mailbox.js';
import { reduceKeepInSync, withNewMail } from './progress-watch.js';
import { sumTotals, updateAccount, updateMailbox, withAccounts } from './progress-tree.js';
import type { VerificationSummary } from './verify/verify-record.js';

/** Errors kept for the error pane (the log file keeps all of them). */
export const MAX_ERRORS = 500;

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface RateSample {
  at: number;
  bytes: number;
}

/** Counts a mailbox row and the totals have in common. */
export interface TransferProgress {
  messagesDone: number;
  messagesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  added: number;
  /** Of `added`, placed from another folder's file instead of downloaded. */
  linked: number;
  flagsUpdated: number;
  deleted: number;
  rateBytesPerSec: number;
  /** Seconds left at the current rate; null while unknown. */
  etaSec: number | null;
}

export interface MailboxProgress extends TransferProgress {
  name: string;
  phase: MailboxPhase;
  /** Epoch ms the mailbox waits until, while phase is 'paused'. */
  pausedUntil?: number;
  /** Plain-language text of the last error, while phase is 'error'. */
  error?: string;
  /** The last verification (`mailkeep verify`, `V`). */
  verification?: VerificationSummary;
  readonly samples: readonly RateSample[];
}

export interface AccountProgress {
  name: string;
  connection: ConnectionState;
  /** Whole-account wait (server throttling, daily budget). */
  pausedUntil?: number;
  pauseReason?: string;
  /** Set by account-done: true = all fine, false = failed mailboxes; undefined = not finished. */
  ok?: boolean;
  /** The last account-wide error since the account last connected (login, TLS, lock, disk full). */
  error?: string;
  /** Its INBOX watched with IDLE, when kept in sync. */
  idle?: 'watching' | 'reconnecting' | 'unsupported' | 'stopped';
  /** The watch reports every mailbox of the account (NOTIFY), not only INBOX. */
  idleAllMailboxes?: boolean;
  mailboxes: readonly MailboxProgress[];
}

export interface TimedError extends SyncErrorInfo {
  at: number;
}

export interface ProgressTotals extends TransferProgress {
  mailboxes: number;
  /** Mailboxes finished in any way: done, up to date or error. */
  mailboxesFinished: number;
}

export interface ProgressSnapshot {
  /** Number of the pass last started; 0 before the first. */
  pass: number;
  running: boolean;
  /** A resync was asked for while a pass ran; the engine runs it next. */
  passQueued: boolean;
  startedAt?: number;
  endedAt?: number;
  accounts: readonly AccountProgress[];
  errors: readonly TimedError[];
  /** How many errors arrived in total (errors[] keeps only the last MAX_ERRORS). */
  errorCount: number;
  lastNotice?: { account: string; mailbox?: string; message: string; at: number };
  summary?: SyncSummary;
  /** When the next timed pass starts (epoch ms), while kept in sync and none runs. */
  nextPassAt?: number;
  /** The last mail stored after the first pass (`total`: all since), for the status line and the bell. */
  newMail?: { total: number; added: number; account: string; mailbox: string; at: number };
  totals: ProgressTotals;
  readonly totalSamples: readonly RateSample[];
}

/** Something the app itself did, folded in beside the engine's events. */
export type LocalProgressEvent = { type: 'resync-requested'; at: number };

export type ProgressEvent = EngineEvent | LocalProgressEvent;

export function emptyProgress(running = false): ProgressSnapshot {
  return {
    pass: 0,
    running,
    passQueued: false,
    accounts: [],
    errors: [],
    errorCount: 0,
    totals: sumTotals([], []),
    totalSamples: [],
  };
}

type ProblemEvent = Extract<ProgressEvent, { type: 'paused' | 'error' }>;

export function reduceProgress(snapshot: ProgressSnapshot, event: ProgressEvent): ProgressSnapshot {
  switch (event.type) {
    case 'mailbox-phase':
    case 'mailbox-plan':
    case 'mailbox-progress':
      return reduceMailboxEvent(snapshot, event);
    case 'mailbox-done':
      return withNewMail(reduceMailboxEvent(snapshot, event), event);
    case 'schedule':
    case 'idle':
    case 'clock-jump':
      return reduceKeepInSync(snapshot, event);
    case 'paused':
    case 'error':
      return reduceProblem(snapshot, event);
    case 'resync-requested':
      return snapshot.running ? { ...snapshot, passQueued: true } : snapshot;
    case 'pass-start':
      return withAccounts(
        {
          ...snapshot,
          pass: event.pass,
          running: true,
          passQueued: false,
          startedAt: event.at,
          endedAt: undefined,
          summary: undefined,
          totalSamples: [],
        },
        snapshot.accounts,
      );
    case 'mailbox-verified':
      return withAccounts(
        snapshot,
        updateMailbox(snapshot, event.account, event.mailbox, (m) => ({ ...m, verification: event.verification })),
      );
    case 'account-start':
    case 'connection':
    case 'mailboxes':
    case 'account-done':
      return reduceAccountEvent(snapshot, event);
    case 'notice':
      return reduceNotice(snapshot, event);
    case 'summary':
      return withAccounts(
        { ...snapshot, running: false, endedAt: event.at, summary: event.summary, totalSamples: [] },
        snapshot.accounts,
      );
  }
}

/** The latest notice; a server's [ALERT] must be seen, so it goes to the error pane too (not counted as an error). */
function reduceNotice(snapshot: ProgressSnapshot, event: Extract<ProgressEvent, { type: 'notice' }>): ProgressSnapshot {
  const lastNotice = { account: event.account, mailbox: event.mailbox, message: event.message, at: event.at };
  if (event.alert === undefined) return { ...snapshot, lastNotice };
  const alert = {
    code: 'SERVER_ALERT' as const,
    scope: 'account' as const,
    retry: 'final' as const,
    account: event.account,
    message: event.message,
    at: event.at,
  };
  return { ...snapshot, lastNotice, errors: [...snapshot.errors, alert].slice(-MAX_ERRORS) };
}

/** A pause or an error: on the mailbox's row, or on the account's when it concerns the account. */
function reduceProblem(snapshot: ProgressSnapshot, event: ProblemEvent): ProgressSnapshot {
  switch (event.type) {
    case 'paused':
      if (event.mailbox === undefined) {
        return {
          ...snapshot,
          accounts: updateAccount(snapshot, event.account, (a) => ({
            ...a,
            pausedUntil: event.until,
            pauseReason: event.reason,
          })),
        };
      }
      return withAccounts(
        snapshot,
        updateMailbox(snapshot, event.account, event.mailbox, (m) => ({
          ...m,
          phase: 'paused',
          pausedUntil: event.until,
          rateBytesPerSec: 0,
        })),
      );
    case 'error': {
      const errors = [...snapshot.errors, { ...event.error, at: event.at }].slice(-MAX_ERRORS);
      const { account, mailbox, message } = event.error;
      const base = { ...snapshot, errors, errorCount: snapshot.errorCount + 1 };
      if (mailbox === undefined || event.error.scope === 'account') {
        return { ...base, accounts: updateAccount(base, account, (a) => ({ ...a, error: message })) };
      }
      return withAccounts(
        base,
        updateMailbox(base, account, mailbox, (m) => ({
          ...m,
          phase: event.error.scope === 'mailbox' ? 'error' : m.phase,
          error: message,
        })),
      );
    }
  }
}
