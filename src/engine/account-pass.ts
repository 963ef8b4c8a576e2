// What one account's pass shares among its parts (sync-account, list-account, session-pool,
// mailbox-retries): the caller's options, the result being built, the account's one connection state.
import type { StoredMailFeed } from '../archive/index.js';
import type { DailyBudget } from './budget.js';
import type { SetAsideFiles } from './set-aside-files.js';
import type { StoredIds } from './stored-ids.js';
import type { EngineEvent, MailboxCounts, SyncErrorInfo } from './events.js';
import type { SessionServer } from './plan-mailbox.js';
import type { PreparedMailbox } from './prepare-mailbox.js';
import type { RemoteConnector, RemoteMailbox, RemoteSession } from './remote.js';
import type { MailboxStateStore } from './state-store.js';

export interface AccountRunOptions {
  connect: RemoteConnector;
  emit: (event: EngineEvent) => void;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  isStopping: () => boolean;
  allowMassDelete: boolean;
  /** UTF-8 mailbox names to sync; undefined = the account's patterns. */
  mailboxes?: string[];
  /** Reconnect attempts per mailbox before it is given up (default 6). */
  maxAttempts?: number;
  /** First reconnect delay in ms (default 1000), doubled per attempt. */
  backoffBaseMs?: number;
  random?: () => number;
  index?: StoredMailFeed;
}

export interface AccountResult {
  mailboxes: number;
  failed: string[];
  /** A final account-level error that needs the user (auth, TLS, lock, config); the account is also in `failed`. */
  fatal: boolean;
  totals: MailboxCounts;
  errors: SyncErrorInfo[];
}

type ConnectionState = Extract<EngineEvent, { type: 'connection' }>['state'];

/** The account's connection as one state, whatever its pool of sessions does; emitted on change. */
export interface AccountConnection {
  readonly state: ConnectionState | undefined;
  set(state: ConnectionState, detail?: string): void;
}

export function accountConnection(
  account: string,
  emit: (event: EngineEvent) => void,
  clock: () => number,
): AccountConnection {
  let current: ConnectionState | undefined;
  return {
    get state() {
      return current;
    },
    set(state, detail) {
      if (state === current) return;
      current = state;
      emit({ type: 'connection', account, state, ...(detail !== undefined ? { detail } : {}), at: clock() });
    },
  };
}

export interface QueuedMailbox {
  mailbox: RemoteMailbox;
  /** Its state and plan, when worked out from the listing's STATUS. */
  prepared?: PreparedMailbox;
  /** Queued again after its pipelined pass needed the session back: this time it keeps it. */
  keepsSession?: true;
  /** UIDs its earlier attempts asked for and did not store. */
  notStored?: Set<number>;
  /** What its earlier attempts in this pass stored: part of its line, and of the pass's totals. */
  earlier?: MailboxCounts;
}

/** An account's pass once it is connected and listed. */
export interface AccountPass extends AccountRunOptions {
  connection: AccountConnection;
  /** What the first session told of the server, read once for the whole pass. */
  server: SessionServer;
  budget: DailyBudget;
  states: MailboxStateStore;
  storedIds: StoredIds;
  setAside: SetAsideFiles;
  /** Records and emits an error of the account. */
  report: (error: SyncErrorInfo) => void;
  /** Emits an event of a mailbox's pass, recording its errors. */
  reportEvent: (event: EngineEvent) => void;
  result: AccountResult;
  /** Every session opened, to be closed at the end. */
  sessions: RemoteSession[];
  /** Puts a mailbox back at the head of the queue. */
  requeue: (queued: QueuedMailbox) => void;
}
