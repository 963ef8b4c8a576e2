// What a mailbox's pass works with (sync-mailbox and its parts), and its events.
import type { FolderRef, StoredMailFeed } from '../archive/index.js';
import type { AccountConfig } from '../config/types.js';
import type { DailyBudget } from './budget.js';
import type { EngineEvent, MailboxCounts, MailboxPhase } from './events.js';
import type { SessionServer } from './plan-mailbox.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';
import type { MailboxStateStore } from './state-store.js';
import type { SetAsideFiles } from './set-aside-files.js';
import type { StoredIds } from './stored-ids.js';

export interface MailboxSyncContext {
  account: AccountConfig;
  session: RemoteSession;
  /** The account pass's (AccountPass.server). */
  server: SessionServer;
  mailbox: RemoteMailbox;
  states: MailboxStateStore;
  /** Where the account's messages are stored, by the server's id: stored once, linked elsewhere. */
  storedIds: StoredIds;
  /** Mirrored deletions of messages with a recorded id: kept for another folder that gains them. */
  setAside: SetAsideFiles;
  budget: DailyBudget;
  allowMassDelete: boolean;
  emit: (event: EngineEvent) => void;
  clock: () => number;
  /** Waits (stoppable); used when the daily budget runs out. */
  sleep: (ms: number) => Promise<void>;
  isStopping: () => boolean;
  /**
   * Called once the pass needs the session no more: what is left (writing the last batch, flag
   * renames, deletions, fsyncs, the state) is local, so the session can serve the next mailbox.
   */
  freeSession?: () => void;
  /**
   * The session may go on to the next mailbox as soon as this one's EXAMINE (and the arrivals'
   * FETCH) are sent, when their answers should be all the pass needs; if they are not, the pass
   * throws SessionNeeded before it changed anything, for the mailbox to be queued again without it.
   */
  pipelineNext?: boolean;
  /**
   * No retry follows this attempt: a body FETCH still answered NO asking to wait ([UNAVAILABLE],
   * [LIMIT]) costs only the messages it refused (MESSAGE_UNREADABLE), as mbsync takes a NO on a FETCH.
   */
  lastAttempt?: boolean;
  /** UIDs an earlier attempt of this run asked for and did not store (refused, skipped); this one adds its own. */
  notStored?: Set<number>;
  /** This attempt's counts, filled as it goes: an attempt that fails has stored what they say. */
  counts: MailboxCounts;
  /** The archive index, fed each stored message and told when the folder is done. */
  index?: StoredMailFeed;
}

export function mailboxNotice(ctx: MailboxSyncContext, message: string): void {
  ctx.emit({ type: 'notice', account: ctx.account.name, mailbox: ctx.mailbox.name, message, at: ctx.clock() });
}

export function mailboxPhase(ctx: MailboxSyncContext, phase: MailboxPhase): void {
  ctx.emit({ type: 'mailbox-phase', account: ctx.account.name, mailbox: ctx.mailbox.name, phase, at: ctx.clock() });
}

/** The folder as the archive index names it. */
export function indexFolder(ctx: MailboxSyncContext, path: string): FolderRef {
  return { path, account: ctx.account.name, name: ctx.mailbox.name };
}
