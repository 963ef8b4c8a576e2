// Sync one mailbox, pull-only: plan from STATUS, EXAMINE, list, re-match after a UIDVALIDITY
// change, rename for flag changes, fetch in durable batches, apply deletions, save state.
// Order: files fsynced and renamed (writeBatch), flag renames, deletions → their directories
// fsynced (folder.sync, once per directory) → only then the state records them.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AccountConfig } from '../config/types.js';
import {
  imapFlagsToMaildir,
  type IncomingMessage,
  type LocalMaildirFolder,
  openMaildirFolder,
  parseMaildirName,
  readFolderStamp,
  serverForm,
  type StoredMessage,
} from '../maildir/index.js';
import { adoptForeignFiles, localMailboxDir } from './adopt-maildir.js';
import type { DailyBudget } from './budget.js';
import { SyncError } from './errors.js';
import type { EngineEvent } from './events.js';
import { parseMessageIdHeader } from './message-id.js';
import { diffMessages, planDeletions, planFetchBatches, planMailbox, type FetchBatch, type ListedMessage, type MailboxPlan } from './plan-mailbox.js';
import type { Prefetch, RemoteBody, RemoteChanges, RemoteExamined, RemoteMailbox, RemoteSession, RemoteStatus, ResyncPoint } from './remote.js';
import type { MailboxStateStore, StoredMailboxState } from './state-store.js';
import { inUidRanges, uidSet } from './uid-set.js';

/**
 * Batch limits: small messages are fetched together, big ones streamed one by one. Each worker
 * holds a batch and prefetches the next (and may still be writing one whose session moved on),
 * and a literal that spans socket chunks is copied once more, so bytes matter.
 */
export const FETCH_LIMITS = { maxMessages: 200, maxBytes: 2 * 1024 * 1024, streamAbove: 4 * 1024 * 1024 };

/**
 * New messages whose sizes are unknown (QRESYNC lists them without): up to this many are fetched
 * at once with their sizes, the first FIRST_BYTES of each; only a bigger one is fetched again.
 */
const FETCH_UNSIZED = { maxMessages: 16, firstBytes: 1024 * 1024 };

/** The Maildir is the truth for what is stored, so mid-pass state saves only spare work after a crash. */
const PROGRESS_SAVE_MS = 10_000;

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
  releaseSession?: () => void;
  /**
   * The session may go to the next mailbox as soon as this one's EXAMINE (and the arrivals' FETCH)
   * are sent, when their answers should be all the pass needs; if they are not, the pass throws
   * SessionNeeded before it changed anything, for the mailbox to be queued again without this.
   */
  sendAhead?: boolean;
}

/**
 * A pass that let its session go ahead (`sendAhead`) needs it after all (more arrivals than STATUS
 * announced, a big one, no QRESYNC answer), or lost the commands it sent (`cause`). Nothing was
 * changed locally: the mailbox is to be synced again, on a session of its own.
 */
export class SessionNeeded extends Error {
  constructor(readonly mailbox: string, cause?: unknown) {
    super(`${mailbox} needs its session again`, cause === undefined ? undefined : { cause });
  }
}

export interface MailboxResult {
  added: number;
  flagsUpdated: number;
  deleted: number;
  bytes: number;
  upToDate: boolean;
  /** Reported problems that leave the mailbox not fully synced (e.g. the mass-deletion guard). */
  failed: boolean;
}

const HEADER_READ_BYTES = 64 * 1024;

async function readLocalMessageId(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_READ_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_READ_BYTES, 0);
    return parseMessageIdHeader(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function toIncoming(body: RemoteBody, uidValidity: number): IncomingMessage {
  return {
    uid: body.uid,
    uidValidity,
    flags: imapFlagsToMaildir(body.flags),
    ...(body.internalDate !== undefined ? { internalDate: body.internalDate } : {}),
    body: body.body,
  };
}

/** `local`: the mailbox's saved state and folder when already read (sync-account's unchanged filter). */
export async function syncMailbox(ctx: MailboxSyncContext, status: RemoteStatus, local?: LocalMailbox): Promise<MailboxResult> {
  const { account, session, mailbox, emit, clock } = ctx;
  const where = { account: account.name, mailbox: mailbox.name };
  const phase = (p: 'checking' | 'fetching' | 'uptodate' | 'done' | 'paused') => emit({ type: 'mailbox-phase', ...where, phase: p, at: clock() });
  const notice = (message: string) => emit({ type: 'notice', ...where, message, at: clock() });
  const result: MailboxResult = { added: 0, flagsUpdated: 0, deleted: 0, bytes: 0, upToDate: false, failed: false };

  const { saved, localDir, ...loaded } = local ?? (await readLocalMailbox(account, mailbox, ctx.states));
  if (loaded.notice) notice(loaded.notice);
  const plan = planLocalMailbox({ saved, localDir }, status);
  if (plan.kind === 'skip') {
    result.upToDate = true;
    return result;
  }

  phase('checking');
  const releaseSession = once(ctx.releaseSession);
  const folder = await openMaildirFolder(localDir, { copyArrivalDate: account.copyArrivalDate, layout: account });
  try {
    const leftovers = await folder.cleanTmp();
    if (leftovers > 0) notice(`removed ${leftovers} unfinished download(s) from ${localDir}/tmp`);
    const prefetch = arrivalsToPrefetch(plan, saved, status, account, ctx.budget);
    const resync = resyncPoint(plan, saved);
    // A folder untouched since the last pass (its stamp) whose changes QRESYNC will list: only the
    // files of changed and vanished UIDs are looked up once the EXAMINE answered. Otherwise every
    // name is read while the server works on the EXAMINE (and the arrivals' FETCH behind it).
    const lookUpOnly = lookUpOnlyFrom(resync, saved);
    // The usual incremental pass learns all it needs from the EXAMINE and the FETCH behind it:
    // then the next mailbox's commands are sent right behind them (pipelined, no round trip between).
    let sentAhead = false;
    const ahead = ctx.sendAhead === true && goesAhead(lookUpOnly, prefetch, saved, status);
    const onSent = ahead ? () => {
      sentAhead = true;
      releaseSession();
    } : undefined;
    const [examined, scan] = await Promise.all([session.examine(mailbox, resync, prefetch, onSent), lookUpOnly ? undefined : folder.scanAll()])
      .catch((error: unknown) => {
        throw sentAhead ? new SessionNeeded(mailbox.name, error) : error;
      });
    const uidValidity = examined.uidValidity;

    const adopted: Record<string, string> = saved !== null && saved.uidValidity === uidValidity ? { ...(saved.adopted ?? {}) } : {};
    let stored: Map<number, StoredMessage>;
    /** Set when `stored` holds only the changed and vanished UIDs: how many there are in all. */
    let lookedUpCount: number | undefined;
    let serverUids: number[];
    let listing: ListedMessage[];
    const changes = scan === undefined ? examined.changes : undefined;
    if (sentAhead && changes === undefined) throw new SessionNeeded(mailbox.name);
    const full = changes === undefined ? (scan ?? (await folder.scanAll())) : undefined;
    const scanned = full?.messages ?? new Map<string, StoredMessage>();
    const foreign = full?.foreign ?? [];
    if (changes !== undefined) {
      ({ stored, storedCount: lookedUpCount, serverUids, listing } = await lookUpChanges(folder, changes, uidValidity));
    } else {
      stored = new Map<number, StoredMessage>();
      for (const message of scanned.values()) if (message.uidValidity === uidValidity) stored.set(message.uid, message);
      const byBase = new Map<string, StoredMessage>();
      if (Object.keys(adopted).length > 0) for (const message of scanned.values()) byBase.set(parseMaildirName(basename(message.path)).base, message);
      for (const [uid, base] of Object.entries(adopted)) {
        const message = byBase.get(base);
        if (message !== undefined) stored.set(Number(uid), { ...message, uid: Number(uid), uidValidity });
        else delete adopted[uid];
      }
      ({ serverUids, listing } = await listServer(session, plan, saved, examined, stored));
    }

    // First run over files another tool wrote (mbsync, OfflineIMAP): adopt them, never download twice.
    const adoption = saved === null ? await adoptForeignFiles(account, mailbox, localDir, foreign, uidValidity) : null;
    for (const [uid, message] of adoption?.paired ?? []) {
      adopted[String(uid)] = parseMaildirName(basename(message.path)).base;
      stored.set(uid, message);
    }
    if (plan.kind === 'uidvalidity-changed' || adoption !== null) {
      const orphans = [...scanned.values()].filter((m) => m.uidValidity !== uidValidity).concat(adoption?.unpaired ?? []);
      const matched = await rematch(ctx, orphans, serverUids.filter((uid) => !stored.has(uid)));
      for (const [uid, message] of matched) {
        adopted[String(uid)] = parseMaildirName(basename(message.path)).base;
        stored.set(uid, { ...message, uid, uidValidity });
      }
      const missing = serverUids.filter((uid) => !stored.has(uid)).length;
      if (plan.kind === 'uidvalidity-changed') {
        notice(`UIDVALIDITY of ${mailbox.name} changed (${plan.previousUidValidity} → ${uidValidity}): kept all ${orphans.length} local messages, re-matched ${matched.size}, fetching ${missing}`);
      } else if (adoption !== null && foreign.length > 0) {
        const how = `${adoption.paired.size} by mbsync's state${adoption.stateProblem ? ` (${adoption.stateProblem})` : ''}, ${matched.size} by Message-ID and size`;
        notice(`${mailbox.name}: ${adoption.paired.size + matched.size} messages adopted (${how}), ${missing} to download`);
      }
    }

    const diff = diffMessages(serverUids, listing, stored, imapFlagsToMaildir);
    const sizes = new Map(listing.flatMap((m) => (m.size !== undefined ? [[m.uid, m.size] as const] : [])));
    // The usual incremental pass has a few new messages: they came with the EXAMINE, or one command
    // brings them with their sizes. Only a message bigger than the first bytes is fetched again.
    const early: RemoteBody[] = [];
    const wantedNow = new Set(diff.toFetch);
    const takeEarly = (bodies: readonly RemoteBody[]) => {
      for (const body of bodies) {
        if (!wantedNow.has(body.uid)) continue;
        sizes.set(body.uid, body.size);
        if (body.partial === undefined) early.push(body);
      }
    };
    if (examined.prefetched !== undefined && examined.uidValidity === saved?.uidValidity) takeEarly(examined.prefetched);
    if (sentAhead && early.length < diff.toFetch.length) throw new SessionNeeded(mailbox.name);
    const unknownSize = diff.toFetch.filter((uid) => !sizes.has(uid));
    if (unknownSize.length > 0 && fetchesUnsized(unknownSize.length, account, ctx.budget)) {
      takeEarly(await session.fetchBodies(unknownSize, FETCH_UNSIZED.firstBytes));
    } else if (unknownSize.length > 0) {
      for (const m of await session.fetchUidsAndFlags(uidSet(unknownSize))) sizes.set(m.uid, m.size);
    }

    const storedCount = lookedUpCount ?? stored.size;
    const deletions = planDeletions(diff.gone, storedCount, account.deletions, ctx.allowMassDelete);
    if (deletions.guardTripped) {
      result.failed = true;
      emit({
        type: 'error',
        error: {
          code: 'MASS_DELETE_GUARD', scope: 'mailbox', retry: 'final', ...where,
          message: `${diff.gone.length} of ${storedCount} messages in ${mailbox.name} vanished from the server; nothing deleted locally (rerun with --allow-mass-delete to mirror it)`,
        },
        at: clock(),
      });
    }

    const wanted: { uid: number; size: number }[] = [];
    for (const uid of diff.toFetch) {
      const size = sizes.get(uid) ?? 0;
      if (account.maxMessageBytes !== null && size > account.maxMessageBytes) {
        notice(`skipped UID ${uid} in ${mailbox.name}: ${size} bytes is over the size limit`);
        continue;
      }
      wanted.push({ uid, size });
    }
    if (plan.kind === 'incremental' && plan.localChanged && saved !== null) {
      const missing = wanted.filter((m) => m.uid <= saved.highestStoredUid).length;
      if (missing > 0) notice(`${missing} message${missing === 1 ? '' : 's'} missing locally; fetching ${missing === 1 ? 'it' : 'them'} again`);
    }
    const earlyUids = new Set(early.map((b) => b.uid));
    const earlyBatch: FetchBatch | undefined = early.length > 0
      ? { uids: [...earlyUids], bytes: early.reduce((sum, b) => sum + b.size, 0), stream: false }
      : undefined;
    const batches = [...(earlyBatch ? [earlyBatch] : []), ...planFetchBatches(wanted.filter((m) => !earlyUids.has(m.uid)), FETCH_LIMITS)];
    emit({
      type: 'mailbox-plan', ...where, messagesToFetch: wanted.length,
      bytesToFetch: wanted.reduce((sum, m) => sum + m.size, 0), serverMessages: examined.messages, at: clock(),
    });
    if (batches.length > 0) phase('fetching');
    if (batches.every((batch) => batch === earlyBatch)) releaseSession();

    await folder.setFlags(diff.flagUpdates);
    result.flagsUpdated = diff.flagUpdates.length;

    // A loop, not Math.max(...keys): a mailbox of a few hundred thousand messages overflows the stack.
    let highestStoredUid = saved?.uidValidity === uidValidity ? saved.highestStoredUid : 0;
    for (const uid of stored.keys()) if (uid > highestStoredUid) highestStoredUid = uid;
    const progressState = (): StoredMailboxState => ({
      uidValidity, uidNext: 0, messages: 0, highestStoredUid, ...(Object.keys(adopted).length > 0 ? { adopted } : {}),
    });

    const fetchBatch = async (batch: FetchBatch): Promise<RemoteBody[]> => {
      if (batch === earlyBatch) return early;
      await waitForBudget(ctx, batch.bytes);
      return batch.stream ? [await session.streamBody(batch.uids[0]!)] : session.fetchBodies(batch.uids);
    };
    let lastSave = clock();
    // Fetch the next in-memory batch while the previous one is written and fsynced.
    let pending: Promise<RemoteBody[]> | null = batches[0] !== undefined ? fetchBatch(batches[0]) : null;
    for (let i = 0; i < batches.length && pending !== null; i += 1) {
      const bodies = await pending;
      const next = batches[i + 1];
      const streamed = batches[i]!.stream;
      pending = null;
      if (next !== undefined && !streamed && !next.stream && !ctx.isStopping()) pending = fetchBatch(next);
      // A streamed body is read from the session while it is written.
      if (next === undefined && !streamed) releaseSession();
      const written = await folder.writeBatch(bodies.map((b) => toIncoming(b, uidValidity)));
      if (next === undefined) releaseSession();
      const bytes = written.reduce((sum, m) => sum + m.size, 0);
      result.added += written.length;
      result.bytes += bytes;
      highestStoredUid = Math.max(highestStoredUid, ...written.map((m) => m.uid));
      await ctx.budget.consume(bytes);
      const stopping = ctx.isStopping();
      if (stopping || (next !== undefined && clock() - lastSave >= PROGRESS_SAVE_MS)) {
        await folder.sync();
        await ctx.states.save(mailbox.name, progressState());
        lastSave = clock();
      }
      emit({ type: 'mailbox-progress', ...where, messagesDone: result.added, bytesDone: result.bytes, at: clock() });
      if (stopping) {
        await pending?.catch(() => undefined);
        return result;
      }
      if (pending === null && next !== undefined) pending = fetchBatch(next);
    }

    await folder.remove(deletions.remove);
    result.deleted = deletions.remove.length;

    // A tripped guard leaves uidNext at 0 so the next run looks again (e.g. with --allow-mass-delete).
    const final: StoredMailboxState = {
      uidValidity,
      uidNext: deletions.guardTripped ? 0 : examined.uidNext,
      messages: examined.messages,
      highestStoredUid,
      ...(examined.highestModSeq !== undefined ? { highestModSeq: examined.highestModSeq } : {}),
      ...(Object.keys(adopted).length > 0 ? { adopted } : {}),
    };
    await folder.sync();
    const stamp = readFolderStamp(localDir);
    if (stamp !== null) final.localStamp = stamp;
    if (saved === null || !sameState(saved, final)) await ctx.states.save(mailbox.name, final);
  } finally {
    // Also after a failure: a retry or a later pass may record what this one renamed.
    await folder.sync().catch(() => undefined);
  }
  result.upToDate = result.added === 0 && result.flagsUpdated === 0 && result.deleted === 0;
  return result;
}

/** What a pass knows of a mailbox before it talks to the server. */
export interface LocalMailbox {
  saved: StoredMailboxState | null;
  /** Why a state file existed but could not be used, for a notice. */
  notice?: string;
  localDir: string;
}

export async function readLocalMailbox(account: AccountConfig, mailbox: RemoteMailbox, states: MailboxStateStore): Promise<LocalMailbox> {
  const loaded = await states.load(mailbox.name);
  return { saved: loaded.state, ...(loaded.notice !== undefined ? { notice: loaded.notice } : {}), localDir: await localMailboxDir(account, mailbox) };
}

/** The plan for a mailbox from its saved state, STATUS and its folder's stamp (two stats, no listing). */
export function planLocalMailbox({ saved, localDir }: Pick<LocalMailbox, 'saved' | 'localDir'>, status: RemoteStatus): MailboxPlan {
  return planMailbox(saved, status, saved === null ? null : readFolderStamp(localDir));
}

function once(fn: (() => void) | undefined): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn?.();
  };
}

function sameState(a: StoredMailboxState, b: StoredMailboxState): boolean {
  return a.uidValidity === b.uidValidity && a.uidNext === b.uidNext && a.messages === b.messages &&
    a.highestStoredUid === b.highestStoredUid && a.highestModSeq === b.highestModSeq && a.localStamp === b.localStamp &&
    JSON.stringify(a.adopted ?? {}) === JSON.stringify(b.adopted ?? {});
}

/**
 * Where an incremental pass can resume from with QRESYNC: the last full pass's mod-sequence.
 * Not after an unfinished pass or a tripped guard (uidNext 0): UIDs that vanished before the saved
 * mod-sequence would not be reported again, so those passes list every UID.
 */
function resyncPoint(plan: MailboxPlan, saved: StoredMailboxState | null): ResyncPoint | undefined {
  if (plan.kind !== 'incremental' || plan.changedSince === undefined || saved === null || saved.uidNext === 0) return undefined;
  return { uidValidity: saved.uidValidity, modSeq: plan.changedSince };
}

/** Whether only the files of the changes need to be read (no full listing): an incremental pass from a full one, no adopted files. */
function lookUpOnlyFrom(resync: ResyncPoint | undefined, saved: StoredMailboxState | null): boolean {
  return resync !== undefined && Object.keys(saved?.adopted ?? {}).length === 0;
}

/**
 * Whether a pass over this mailbox may let its session go ahead once its EXAMINE is sent, on a
 * server whose EXAMINE reports the changes: only its changes' files are read, and no more arrivals
 * came than the FETCH behind the EXAMINE brings.
 */
export function mayGoAhead(plan: MailboxPlan, saved: StoredMailboxState | null, status: RemoteStatus, account: AccountConfig, budget: DailyBudget): boolean {
  return goesAhead(lookUpOnlyFrom(resyncPoint(plan, saved), saved), arrivalsToPrefetch(plan, saved, status, account, budget), saved, status);
}

/** mayGoAhead from what a pass has worked out already: no arrivals, or all of them in the prefetch. */
function goesAhead(lookUpOnly: boolean, prefetch: Prefetch | undefined, saved: StoredMailboxState | null, status: RemoteStatus): boolean {
  return lookUpOnly && (status.uidNext === saved?.uidNext || prefetch !== undefined);
}

/**
 * The arrivals STATUS announced since the last full pass (UIDs from its UIDNEXT on), when they are
 * few enough to come in one FETCH pipelined behind the EXAMINE, as the unsized arrivals would.
 */
function arrivalsToPrefetch(plan: MailboxPlan, saved: StoredMailboxState | null, status: RemoteStatus, account: AccountConfig, budget: DailyBudget): Prefetch | undefined {
  // An incremental plan means the same UIDVALIDITY as the saved state.
  if (plan.kind !== 'incremental' || saved === null || saved.uidNext === 0) return undefined;
  const arrivals = status.uidNext - saved.uidNext;
  if (arrivals <= 0 || !fetchesUnsized(arrivals, account, budget)) return undefined;
  return { uids: Array.from({ length: arrivals }, (_, i) => saved.uidNext + i), firstBytes: FETCH_UNSIZED.firstBytes };
}

/** Whether `count` messages of unknown size may be fetched at once, their first bytes each. */
function fetchesUnsized(count: number, account: AccountConfig, budget: DailyBudget): boolean {
  return count <= FETCH_UNSIZED.maxMessages && account.maxMessageBytes === null && budget.remaining() > 0;
}

/**
 * The QRESYNC answer over a folder untouched since the last pass: every stored UID is still on the
 * server unless it vanished, and only the changed and vanished ones need their files.
 */
async function lookUpChanges(
  folder: LocalMaildirFolder,
  changes: RemoteChanges,
  uidValidity: number,
): Promise<{ stored: Map<number, StoredMessage>; storedCount: number; serverUids: number[]; listing: ListedMessage[] }> {
  const changed = new Set(changes.changed.map((m) => m.uid));
  const { count, messages } = await folder.lookUp(uidValidity, (uid) => changed.has(uid) || inUidRanges(changes.vanished, uid));
  // The server UIDs that matter to the diff: the changed ones (a stored UID that is neither changed
  // nor vanished needs nothing); a vanished stored one is then gone.
  const serverUids = [...changed].filter((uid) => !inUidRanges(changes.vanished, uid)).sort((a, b) => a - b);
  return { stored: messages, storedCount: count, serverUids, listing: changes.changed };
}

/**
 * Every server UID and the flags worth comparing. One `FETCH 1:*` gives both, except on an
 * incremental pass: with QRESYNC the EXAMINE already said what vanished and changed; with
 * CONDSTORE only changed and new messages are fetched, and the UIDs come from `UID SEARCH ALL`
 * unless the count shows that nothing was expunged since the last full pass.
 */
async function listServer(
  session: RemoteSession,
  plan: MailboxPlan,
  saved: StoredMailboxState | null,
  examined: RemoteExamined,
  stored: ReadonlyMap<number, StoredMessage>,
): Promise<{ serverUids: number[]; listing: ListedMessage[] }> {
  if (plan.kind !== 'incremental' || plan.changedSince === undefined || !examined.condstore || saved === null) {
    const listing = examined.messages > 0 ? await session.fetchUidsAndFlags('1:*') : [];
    return { serverUids: listing.map((m) => m.uid), listing };
  }
  if (examined.changes !== undefined) {
    // Every stored UID is still there unless it vanished; new ones are among the changed.
    const { vanished, changed } = examined.changes;
    const kept = [...stored.keys()].filter((uid) => !inUidRanges(vanished, uid));
    return { serverUids: [...new Set([...kept, ...changed.map((m) => m.uid)])].sort((a, b) => a - b), listing: changed };
  }
  // New messages get mod-sequences above the saved one (RFC 7162), so this lists them too.
  const listing = await session.fetchUidsAndFlags('1:*', plan.changedSince);
  const arrivals = listing.filter((m) => m.uid >= saved.uidNext).length;
  // uidNext is 0 after an unfinished pass or a tripped guard: then look at every UID again.
  const noneExpunged = saved.uidNext > 0 && examined.messages === saved.messages + arrivals;
  // Then the server holds every UID below the old uidNext that it held then, and the listing every
  // newer one (files from a crashed pass may be newer and gone again).
  const serverUids = noneExpunged
    ? [...new Set([...[...stored.keys()].filter((uid) => uid < saved.uidNext), ...listing.map((m) => m.uid)])].sort((a, b) => a - b)
    : await session.listUids();
  return { serverUids, listing };
}

/**
 * Match stored files from an old UIDVALIDITY to server UIDs: by Message-ID and size, and for
 * messages without a Message-ID by size and then the SHA-256 of the server's bytes.
 */
async function rematch(ctx: MailboxSyncContext, orphans: StoredMessage[], candidates: number[]): Promise<Map<number, StoredMessage>> {
  const matched = new Map<number, StoredMessage>();
  if (orphans.length === 0 || candidates.length === 0) return matched;
  const byId = new Map<string, StoredMessage[]>();
  const withoutId = new Map<number, StoredMessage[]>();
  for (const message of orphans) {
    const id = await readLocalMessageId(message.path);
    if (id === null) withoutId.set(message.size, [...(withoutId.get(message.size) ?? []), message]);
    else byId.set(`${id}\0${message.size}`, [...(byId.get(`${id}\0${message.size}`) ?? []), message]);
  }
  const remote = await ctx.session.fetchMessageIds(candidates);
  const bySize: number[] = [];
  for (const uid of candidates) {
    const info = remote.get(uid);
    if (info === undefined) continue;
    if (info.messageId === null) {
      if (withoutId.has(info.size) && info.size <= FETCH_LIMITS.streamAbove) bySize.push(uid);
      continue;
    }
    const message = byId.get(`${info.messageId}\0${info.size}`)?.shift();
    if (message !== undefined) matched.set(uid, message);
  }
  for (const body of bySize.length > 0 ? await ctx.session.fetchBodies(bySize) : []) {
    if (!Buffer.isBuffer(body.body)) continue;
    const digest = sha256(body.body);
    const queue = withoutId.get(body.body.length) ?? [];
    for (const [i, message] of queue.entries()) {
      if (sha256(serverForm(await readFile(message.path))) !== digest) continue;
      matched.set(body.uid, message);
      queue.splice(i, 1);
      break;
    }
  }
  return matched;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function waitForBudget(ctx: MailboxSyncContext, bytes: number): Promise<void> {
  const remaining = ctx.budget.remaining();
  // A batch may overshoot the budget a little; the pause starts once it is used up.
  if (remaining > 0 || bytes === 0) return;
  const until = ctx.budget.resumesAt();
  ctx.emit({ type: 'paused', account: ctx.account.name, mailbox: ctx.mailbox.name, until, reason: 'daily download budget reached', at: ctx.clock() });
  ctx.emit({ type: 'mailbox-phase', account: ctx.account.name, mailbox: ctx.mailbox.name, phase: 'paused', at: ctx.clock() });
  await ctx.sleep(Math.max(0, until - ctx.clock()));
  if (ctx.isStopping()) throw new SyncError('STOPPED', 'mailbox', 'final', 'stopped while waiting for the daily budget');
}
