// What a mailbox's pass works with (sync-mailbox and its parts), and its events.
import type { AccountConfig } from '../config/types.js';
import type { DailyBudget } from './budget.js';
import type { EngineEvent, MailboxPhase } from './events.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';
import type { MailboxStateStore } from './state-store.js';

export interface MailboxSyncContext {
  account: AccountConfig;
  session: RemoteSession;
  mailbox: RemoteMailbox;
  states: MailboxStateStore;
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
}

export function mailboxNotice(ctx: MailboxSyncContext, message: string): void {
  ctx.emit({ type: 'notice', account: ctx.account.name, mailbox: ctx.mailbox.name, message, at: ctx.clock() });
}

export function mailboxPhase(ctx: MailboxSyncContext, phase: MailboxPhase): void {
  ctx.emit({ type: 'mailbox-phase', account: ctx.account.name, mailbox: ctx.mailbox.name, phase, at: ctx.clock() });
}
