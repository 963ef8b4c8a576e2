// All of a mailbox's planning before it talks to the server: its saved state and folder are read
// once, planned with STATUS (plan-mailbox.ts decides), and the EXAMINE worked out: where QRESYNC
// resumes, which arrivals come along, and whether the next mailbox can be pipelined behind it.
import type { AccountConfig } from '../config/types.js';
import { readFolderStamp } from '../maildir/index.js';
import { localMailboxDir } from './adopt-maildir.js';
import type { DailyBudget } from './budget.js';
import { planMailbox, type MailboxPlan, type SessionServer } from './plan-mailbox.js';
import type { Prefetch, RemoteMailbox, RemoteStatus, ResyncPoint } from './remote.js';
import type { MailboxStateStore, StoredMailboxState } from './state-store.js';

/**
 * New messages whose sizes are unknown (QRESYNC lists them without): up to this many are fetched
 * at once with their sizes, the first `firstBytes` of each; only a bigger one is fetched again.
 */
export const FETCH_UNSIZED = { maxMessages: 16, firstBytes: 1024 * 1024 };

/** A mailbox's saved state and folder, and the plan they make with its STATUS. */
export interface PreparedMailbox {
  saved: StoredMailboxState | null;
  /** Why a state file existed but could not be used, for a notice. */
  notice?: string;
  localDir: string;
  plan: MailboxPlan;
}

/** Reads the state and plans from it, STATUS and the folder's stamp (two stats, no listing). */
export async function prepareMailbox(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  status: RemoteStatus,
  states: MailboxStateStore,
): Promise<PreparedMailbox> {
  const loaded = await states.load(mailbox.name);
  const localDir = await localMailboxDir(account, mailbox);
  const saved = loaded.state;
  return {
    saved,
    ...(loaded.notice !== undefined ? { notice: loaded.notice } : {}),
    localDir,
    plan: planMailbox(saved, status, saved === null ? null : readFolderStamp(localDir), account.maxMessageBytes),
  };
}

/** What the fetch choices read beside the account; the account's pass and each mailbox's context carry both. */
export interface FetchScope {
  budget: DailyBudget;
  server: Pick<SessionServer, 'namesMessages'>;
}

/** What the EXAMINE asks for, and what the pass may do while it is answered. */
export interface ExamineRequest {
  resync?: ResyncPoint;
  prefetch?: Prefetch;
  /**
   * The folder is untouched since the last full pass and QRESYNC will list the changes: only the
   * files of changed and vanished UIDs are looked up, no full listing.
   */
  changesOnly: boolean;
  /** The EXAMINE and the FETCH behind it should tell the pass all it needs (see canPipeline). */
  canPipeline: boolean;
}

export function examineRequest(
  { saved, plan }: PreparedMailbox,
  status: RemoteStatus,
  account: AccountConfig,
  scope: FetchScope,
): ExamineRequest {
  const resync = resyncPoint(plan, saved);
  const fetchesArrivals = (count: number) => fetchesUnsized(count, account, scope);
  const prefetch = arrivalsToPrefetch(plan, saved, status, fetchesArrivals);
  const changesOnly = resync !== undefined && Object.keys(saved?.adopted ?? {}).length === 0;
  // No arrivals, or all of them in the prefetch.
  const canPipeline = changesOnly && (status.uidNext === saved?.uidNext || prefetch !== undefined);
  return {
    ...(resync !== undefined ? { resync } : {}),
    ...(prefetch !== undefined ? { prefetch } : {}),
    changesOnly,
    canPipeline,
  };
}

/**
 * Whether the session may go on to the next mailbox once this one's EXAMINE is sent (on a server
 * whose EXAMINE reports the changes): only its changes' files are read, and no more arrivals came
 * than the FETCH behind the EXAMINE brings.
 */
export function canPipeline(
  prepared: PreparedMailbox,
  status: RemoteStatus,
  account: AccountConfig,
  scope: FetchScope,
): boolean {
  return examineRequest(prepared, status, account, scope).canPipeline;
}

/**
 * Whether `count` messages of unknown size may be fetched at once, their first bytes each. Not on
 * a server that names its messages across mailboxes: an arrival there may be a message stored in
 * another folder already (a label added on Gmail), so it is listed with its id first, then linked.
 */
export function fetchesUnsized(count: number, account: AccountConfig, { budget, server }: FetchScope): boolean {
  const fits = count <= FETCH_UNSIZED.maxMessages && account.maxMessageBytes === null;
  return fits && !server.namesMessages && budget.remaining() > 0;
}

/**
 * Where an incremental pass can resume from with QRESYNC: the last full pass's mod-sequence.
 * Not after an unfinished pass or a tripped guard (uidNext 0): UIDs that vanished before the saved
 * mod-sequence would not be reported again, so those passes list every UID.
 */
function resyncPoint(plan: MailboxPlan, saved: StoredMailboxState | null): ResyncPoint | undefined {
  if (plan.kind !== 'incremental' || plan.changedSince === undefined || saved === null || saved.uidNext === 0) {
    return undefined;
  }
  return { uidValidity: saved.uidValidity, modSeq: plan.changedSince };
}

/**
 * The arrivals STATUS announced since the last full pass (UIDs from its UIDNEXT on), when they are
 * few enough to come in one FETCH pipelined behind the EXAMINE, as the unsized arrivals would.
 */
function arrivalsToPrefetch(
  plan: MailboxPlan,
  saved: StoredMailboxState | null,
  status: RemoteStatus,
  fetchesArrivals: (count: number) => boolean,
): Prefetch | undefined {
  // An incremental plan means the same UIDVALIDITY as the saved state.
  if (plan.kind !== 'incremental' || saved === null || saved.uidNext === 0) return undefined;
  const arrivals = status.uidNext - saved.uidNext;
  if (arrivals <= 0 || !fetchesArrivals(arrivals)) return undefined;
  return { uids: Array.from({ length: arrivals }, (_, i) => saved.uidNext + i), firstBytes: FETCH_UNSIZED.firstBytes };
}
