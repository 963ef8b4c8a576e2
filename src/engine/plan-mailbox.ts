// Pure decisions of a mailbox sync: how much to look at, how many sessions, what to fetch, which
// flags to rename and what to delete locally. prepare-mailbox.ts applies them before the EXAMINE.
import type { DeletionPolicy } from '../config/types.js';
import type { StoredMessage } from '../maildir/index.js';
import type { MailboxState } from './mailbox-state.js';
import type { RemoteMessageInfo, RemoteStatus } from './remote.js';

/** What the planner needs of the saved state (mailbox-state.ts owns the file). */
export type SavedMailboxState = Pick<
  MailboxState,
  'uidValidity' | 'uidNext' | 'highestModSeq' | 'messages' | 'highestStoredUid' | 'localStamp' | 'sizeLimit'
>;

export type MailboxPlan =
  | { kind: 'skip' }
  | { kind: 'full' }
  /** `localChanged`: the folder was changed by someone else (files removed by hand, a new folder): list every UID. */
  | { kind: 'incremental'; changedSince?: number; localChanged?: true }
  | { kind: 'uidvalidity-changed'; previousUidValidity: number };

/**
 * Decide from the saved state, STATUS and the local folder's stamp (no EXAMINE) how much work a
 * mailbox needs. `localStamp` is the folder's stamp now, null when it is missing; `sizeLimit` the
 * account's MaxSize now.
 */
export function planMailbox(
  state: SavedMailboxState | null,
  status: RemoteStatus,
  localStamp: string | null,
  sizeLimit: number | null,
): MailboxPlan {
  if (state === null) return { kind: 'full' };
  if (state.uidValidity !== status.uidValidity) {
    return { kind: 'uidvalidity-changed', previousUidValidity: state.uidValidity };
  }
  // Files gone from the folder are not in any CHANGEDSINCE answer: only a full listing finds them.
  if (localStamp === null || state.localStamp !== localStamp) return { kind: 'incremental', localChanged: true };
  if (sizeLimitRaised(state.sizeLimit, sizeLimit)) return { kind: 'incremental' };
  const modSeqKnown = state.highestModSeq !== undefined && status.highestModSeq !== undefined;
  // Without mod-sequences a flag change is invisible to STATUS, so the mailbox must be listed.
  const unchanged =
    state.uidNext === status.uidNext &&
    state.messages === status.messages &&
    state.highestModSeq === status.highestModSeq;
  if (modSeqKnown && unchanged) {
    return { kind: 'skip' };
  }
  return { kind: 'incremental', ...(modSeqKnown ? { changedSince: state.highestModSeq } : {}) };
}

/**
 * What a smaller MaxSize left on the server is in no CHANGEDSINCE answer: only a full listing
 * finds it, once the limit is raised or removed. A state that records no limit while there is one
 * (written before states kept it, or before the limit was set) is listed once too, and so learns it.
 */
function sizeLimitRaised(saved: number | undefined, now: number | null): boolean {
  if (now === null) return saved !== undefined;
  return saved === undefined || now > saved;
}

/**
 * The plan once the EXAMINE told the UIDVALIDITY: the STATUS it was made from may be older (the
 * mailbox was recreated in between), and a change is a change whenever it is seen.
 */
export function planForUidValidity(
  plan: MailboxPlan,
  state: Pick<SavedMailboxState, 'uidValidity'> | null,
  uidValidity: number,
): MailboxPlan {
  if (state === null || state.uidValidity === uidValidity || plan.kind === 'uidvalidity-changed') return plan;
  return { kind: 'uidvalidity-changed', previousUidValidity: state.uidValidity };
}

type SavedPoint = Pick<SavedMailboxState, 'uidValidity' | 'uidNext'>;

/** The messages a pass expects to download: the arrivals since the saved state, everything on a first pass. */
export function expectedDownloads(saved: SavedPoint | null, status: RemoteStatus): number {
  const known = saved !== null && saved.uidValidity === status.uidValidity ? saved.uidNext : 0;
  return Math.min(Math.max(0, status.uidNext - known), status.messages);
}

/**
 * A rough cost of a mailbox's pass, to start the costliest first (a big mailbox queued last would
 * otherwise run alone at the end): its downloads, plus its size, which a pass over its changes
 * reads through. Unknown (no STATUS yet) counts as nothing.
 */
export function estimatedWork(saved: SavedPoint | null, status: RemoteStatus | undefined): number {
  return status === undefined ? 0 : expectedDownloads(saved, status) + status.messages / 64;
}

/** What the server's first session told about it. */
export interface SessionServer {
  /** Its EXAMINEs report the changes (QRESYNC): mailboxes can follow each other on one connection. */
  pipelines: boolean;
  onThisMachine: boolean;
  /** It names each message across mailboxes: arrivals are listed before they are fetched (fetchesUnsized). */
  namesMessages: boolean;
}

/** What a pass's mailboxes call for, as they are listed. */
export interface SessionNeeds {
  /** Mailboxes whose commands can go behind the previous mailbox's on one connection (QRESYNC). */
  pipelinable: number;
  /** Mailboxes that wait for their answers (a download, a full listing). */
  needSession: number;
  /** The downloads those expect together (expectedDownloads). */
  downloads: number;
}

/**
 * On a server on this machine a connection saves no round trip; what it can give is a second
 * process of the server's working beside the first, for the price of a login (TLS, a new server
 * process: tens of ms of CPU that the server and the sync share). A mailbox that needs a session
 * gets one of its own there only for so many downloads of the pass; the others take their turn
 * on the pipelined connection. Measured on the large corpus's incremental over loopback (two
 * mailboxes with ~100 and ~200 arrivals): one connection instead of three took ~3.5 % less of the
 * machine's CPU (sync and server), 20 alternating rounds each.
 */
export const DOWNLOADS_PER_LOCAL_SESSION = 500;

/**
 * Connections for a pass, within the account's limit: one for each mailbox that needs a session
 * to itself (a download, a full listing), plus one that carries all the others back to back, each
 * mailbox's commands pipelined behind the previous one's (QRESYNC). Without pipelining every
 * mailbox waits for its answers, so each counts as one that needs a session. A connection costs a
 * login: on a real server a few round trips, on one on this machine its CPU (see above).
 */
export function sessionsWanted(needs: SessionNeeds, concurrency: number, server: SessionServer): number {
  const { pipelinable, needSession, downloads } = needs;
  let wanted = needSession + pipelinable;
  if (server.pipelines) {
    const own = server.onThisMachine
      ? Math.min(needSession, Math.floor(downloads / DOWNLOADS_PER_LOCAL_SESSION))
      : needSession;
    wanted = own + (pipelinable > 0 || own < needSession ? 1 : 0);
  }
  return Math.max(1, Math.min(concurrency, wanted));
}

/** A message as listed by the server: flags always, the size unless the listing came from QRESYNC. */
export type ListedMessage = Pick<RemoteMessageInfo, 'uid' | 'flags' | 'emailId'> & { size?: number };

export interface MessageDiff {
  /** Server UIDs not stored locally, ascending. */
  toFetch: number[];
  /** Stored messages whose server flags differ: the new Maildir letters. */
  flagUpdates: { message: StoredMessage; flags: string }[];
  /** Stored messages whose UID is no longer on the server. */
  gone: StoredMessage[];
}

/**
 * Compare the server (all UIDs, plus flags for those listed) with what is stored.
 * `toMaildirFlags` converts IMAP flags into sorted Maildir letters.
 */
export function diffMessages(
  serverUids: readonly number[],
  listing: readonly ListedMessage[],
  stored: ReadonlyMap<number, StoredMessage>,
  toMaildirFlags: (flags: string[]) => string,
): MessageDiff {
  const onServer = new Set(serverUids);
  const toFetch = serverUids.filter((uid) => !stored.has(uid)).sort((a, b) => a - b);
  const flagUpdates: MessageDiff['flagUpdates'] = [];
  for (const info of listing) {
    const message = stored.get(info.uid);
    if (message === undefined || !onServer.has(info.uid)) continue;
    const flags = toMaildirFlags(info.flags);
    if (flags !== message.flags) flagUpdates.push({ message, flags });
  }
  const gone = [...stored.values()].filter((m) => !onServer.has(m.uid));
  return { toFetch, flagUpdates, gone };
}

export interface DeletionPlan {
  remove: StoredMessage[];
  /** More than half of the stored messages vanished in one run: nothing is removed. */
  guardTripped: boolean;
}

/** Which vanished messages to remove locally, under the policy and the mass-deletion guard. */
export function planDeletions(
  gone: readonly StoredMessage[],
  storedCount: number,
  policy: DeletionPolicy,
  allowMassDelete: boolean,
): DeletionPlan {
  if (policy === 'keep' || gone.length === 0) return { remove: [], guardTripped: false };
  if (!allowMassDelete && gone.length * 2 > storedCount) return { remove: [], guardTripped: true };
  return { remove: [...gone], guardTripped: false };
}

export interface FetchBatch {
  uids: number[];
  bytes: number;
  /** A single message big enough to stream in chunks. */
  stream: boolean;
}

/** Group UIDs (with known sizes) into in-memory batches and single streamed big messages. */
export function planFetchBatches(
  messages: readonly { uid: number; size: number }[],
  limits: { maxMessages: number; maxBytes: number; streamAbove: number },
): FetchBatch[] {
  const batches: FetchBatch[] = [];
  let current: FetchBatch = { uids: [], bytes: 0, stream: false };
  const flush = () => {
    if (current.uids.length > 0) batches.push(current);
    current = { uids: [], bytes: 0, stream: false };
  };
  for (const { uid, size } of messages) {
    if (size > limits.streamAbove) {
      flush();
      batches.push({ uids: [uid], bytes: size, stream: true });
      continue;
    }
    const full = current.uids.length >= limits.maxMessages;
    if (full || (current.uids.length > 0 && current.bytes + size > limits.maxBytes)) flush();
    current.uids.push(uid);
    current.bytes += size;
  }
  flush();
  return batches;
}
