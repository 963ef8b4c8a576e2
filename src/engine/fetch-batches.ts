// The downloads of a mailbox's pass: each batch fetched while the previous one is written
// and fsynced, the daily budget respected, progress saved now and then, and the session freed as
// soon as only local work is left. A message the server cannot give (scope 'message'), or one
// expunged while it was downloaded, is skipped and reported; the mailbox goes on.
import {
  imapFlagsToMaildir,
  type IncomingMessage,
  type LocalMaildirFolder,
  type StoredMessage,
} from '../maildir/index.js';
import { isMessageError, SyncError } from './errors.js';
import { SessionNeeded } from './examine-mailbox.js';
import type { MailboxCounts } from './events.js';
import type { FetchBatch } from './plan-mailbox.js';
import { BodiesBeforeLoss, type RemoteBody } from './remote.js';
import { indexFolder, mailboxNotice, mailboxPhase, type MailboxSyncContext } from './mailbox-context.js';
import { checkedAtItsEnd, noticeSizeChanges, withoutExpunged, type ListedSizes } from './size-changes.js';
import { skippedMessages, unanswered, type SkippedMessages } from './skipped-messages.js';
import type { StoreOnce } from './store-once.js';

/**
 * Batch limits: small messages are fetched together, big ones streamed one by one. Each worker
 * holds a batch and prefetches the next (and may still be writing one whose session moved on),
 * and a literal that spans socket chunks is copied once more, so bytes matter.
 */
export const FETCH_LIMITS = { maxMessages: 200, maxBytes: 2 * 1024 * 1024, streamAbove: 4 * 1024 * 1024 };

/** The Maildir is the truth for what is stored, so mid-pass state saves only spare work after a crash. */
const PROGRESS_SAVE_MS = 10_000;

export interface Download {
  folder: LocalMaildirFolder;
  uidValidity: number;
  batches: FetchBatch[];
  /** The batch of bodies the pass holds already (prefetched), if any, and those bodies. */
  prefetched?: { batch: FetchBatch; bodies: RemoteBody[] };
  /** The size each message was listed with (RFC822.SIZE), to tell when the server sent another. */
  listedSizes?: ListedSizes;
  /** Counts and the highest stored UID, updated as batches are written. */
  tally: { counts: MailboxCounts; highestStoredUid: number };
  /** Records what is stored so far (after an fsync of the folder). */
  saveProgress: () => Promise<void>;
  freeSession: () => void;
  /** Hashes each body and records it under its server id (store-once). */
  storing: StoreOnce;
  /** Messages wait to be linked after these downloads (they may need the session after all). */
  linksLeft: boolean;
}

export interface DownloadOutcome {
  /** Stopped before all batches were written: the pass ends here, nothing deleted, no final state. */
  stopped: boolean;
  /** Messages skipped after a message-scope error. */
  skipped: number;
}

export async function fetchBatches(ctx: MailboxSyncContext, download: Download): Promise<DownloadOutcome> {
  const { batches } = download;
  const skips = skippedMessages(ctx);
  const fetchBatch = batchFetcher(ctx, download, skips);
  const keptOf = bodiesKept(ctx, download, skips);
  let stopped = false;
  let lastSave = ctx.clock();
  let pending: Promise<RemoteBody[]> | null = batches[0] !== undefined ? fetchBatch(batches[0]) : null;
  for (let i = 0; i < batches.length && pending !== null; i += 1) {
    const batch = batches[i]!;
    const bodies = await pending.catch((error: unknown) => keptOf(batch, error));
    const next = batches[i + 1];
    pending = null;
    if (next !== undefined && !batch.stream && !next.stream && !ctx.isStopping()) pending = fetchBatch(next);
    // A streamed body is read from the session while it is written.
    const lastOne = next === undefined && !download.linksLeft;
    if (lastOne && !batch.stream) download.freeSession();
    await storeBodies(ctx, download, bodies, skipWriteError(skips, batch));
    skips.skipUnanswered(batch, bodies);
    if (lastOne) download.freeSession();
    stopped = ctx.isStopping();
    if (stopped || (next !== undefined && ctx.clock() - lastSave >= PROGRESS_SAVE_MS)) {
      await download.saveProgress();
      lastSave = ctx.clock();
    }
    emitProgress(ctx, download.tally);
    if (stopped) {
      await pending?.catch(() => undefined);
      break;
    }
    if (pending === null && next !== undefined) pending = fetchBatch(next);
  }
  return { stopped, skipped: skips.count };
}

/**
 * What a batch whose FETCH failed still gives. On the mailbox's last attempt, a NO asking to wait
 * costs only the messages it left without a body: the bodies that came before it are the batch's.
 * Otherwise the bodies that came before a lost connection, or such a NO, are stored, and the error
 * goes on to the mailbox's retry.
 */
function bodiesKept(
  ctx: MailboxSyncContext,
  download: Download,
  skips: SkippedMessages,
): (batch: FetchBatch, error: unknown) => Promise<RemoteBody[]> {
  return async (batch, error) => {
    const lost = error instanceof SessionNeeded ? error.cause : error;
    const refused = skips.skipRefused(lost, batch);
    if (refused !== undefined) return refused;
    if (lost instanceof BodiesBeforeLoss) {
      await storeBodies(ctx, download, lost.bodies, skipWriteError(skips, batch));
      await download.saveProgress();
      for (const uid of unanswered(batch, lost.bodies)) ctx.notStored?.add(uid);
    }
    throw error;
  };
}

/** A one-message batch the server cannot give (scope 'message') costs that message; else the error goes on. */
function skipMessageError(skips: SkippedMessages, batch: FetchBatch): (error: unknown) => [] {
  return (error) => {
    if (!isMessageError(error) || batch.uids.length !== 1) throw error;
    skips.skip(error, batch.uids[0]!);
    return [];
  };
}

/**
 * A write that failed costs one message when its batch's FETCH would have: a streamed body is read
 * from the server while it is written, so its chunk's NO asking to wait comes here.
 */
function skipWriteError(skips: SkippedMessages, batch: FetchBatch): (error: unknown) => [] {
  const skipMessage = skipMessageError(skips, batch);
  return (error) => (skips.skipRefused(error, batch) !== undefined ? [] : skipMessage(error));
}

function emitProgress(ctx: MailboxSyncContext, tally: Download['tally']): void {
  ctx.emit({
    type: 'mailbox-progress',
    account: ctx.account.name,
    mailbox: ctx.mailbox.name,
    messagesDone: tally.counts.added - tally.counts.linked,
    bytesDone: tally.counts.bytes,
    at: ctx.clock(),
  });
}

/** Writes a batch's bodies into the folder (`onWriteError` may skip a message), feeds the index, counts them. */
async function storeBodies(
  ctx: MailboxSyncContext,
  download: Download,
  bodies: readonly RemoteBody[],
  onWriteError: (error: unknown) => [],
): Promise<void> {
  const { folder, tally } = download;
  const incoming = bodies.map((b) => toIncoming(download.storing.hashing(b), download.uidValidity));
  const written = await folder.writeBatch(incoming).catch(onWriteError);
  feedIndex(ctx, folder.path, incoming, written);
  noticeSizeChanges(ctx, bodies, written, download.listedSizes);
  for (const notice of download.storing.recordDownloads(written)) mailboxNotice(ctx, notice);
  const bytes = written.reduce((sum, m) => sum + m.size, 0);
  tally.counts.added += written.length;
  tally.counts.bytes += bytes;
  for (const m of written) tally.highestStoredUid = Math.max(tally.highestStoredUid, m.uid);
  await ctx.budget.consume(bytes);
}

/**
 * A batch's bodies, those of messages expunged meanwhile left out (size-changes.ts). `onSent`:
 * called once the FETCH is queued on the session (a command issued later is answered after it, on
 * the next mailbox), so which UIDs are still there is asked right behind it, before the bodies are
 * known. The prefetched bodies are not asked about: their sizes came in the same answers, and the
 * session may serve the next mailbox by now.
 */
async function fetchBodies(
  ctx: MailboxSyncContext,
  batch: FetchBatch,
  { download, skips }: { download: Download; skips: SkippedMessages },
  onSent?: () => void,
): Promise<RemoteBody[]> {
  if (batch === download.prefetched?.batch) return download.prefetched.bodies;
  await waitForBudget(ctx, batch.bytes);
  const listed = download.listedSizes;
  if (batch.stream) return [checkedAtItsEnd(ctx, await ctx.session.streamBody(batch.uids[0]!), listed)];
  const bodies = ctx.session.fetchBodies(batch.uids);
  if (onSent === undefined) return withoutExpunged(ctx, await bodies, listed, skips);
  const stillThere = ctx.session.uidsStillThere(batch.uids);
  // Read only if a body is not as long as announced; a lost session rejects it along with the bodies.
  stillThere.catch(() => undefined);
  onSent();
  return withoutExpunged(ctx, await bodies, listed, skips, stillThere);
}

/**
 * Fetches a batch's bodies (a one-message batch the server cannot give costs that message). Once
 * the last batch's FETCH is sent, the session may serve the next mailbox: its EXAMINE follows in
 * the pipeline instead of a round trip after these bodies came in. A failure after that cannot be
 * retried on this session: what is stored stays, the mailbox is to be synced again (SessionNeeded).
 */
function batchFetcher(
  ctx: MailboxSyncContext,
  download: Download,
  skips: SkippedMessages,
): (batch: FetchBatch) => Promise<RemoteBody[]> {
  const last = download.batches[download.batches.length - 1];
  const handOn = ctx.pipelineNext === true && !download.linksLeft && last?.stream === false ? last : undefined;
  let handedOn = false;
  const onSent = () => {
    handedOn = true;
    download.freeSession();
  };
  return (batch) => {
    const bodies = fetchBodies(ctx, batch, { download, skips }, batch === handOn ? onSent : undefined)
      .catch(skipMessageError(skips, batch))
      .catch((error: unknown) => {
        throw handedOn ? new SessionNeeded(ctx.mailbox.name, error) : error;
      });
    // Awaited only once the batch before it is written: a line lost meanwhile is not left unheard
    // (Node ends the process on a rejection nobody listens to by the end of its turn).
    bodies.catch(() => undefined);
    return bodies;
  };
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

async function waitForBudget(ctx: MailboxSyncContext, bytes: number): Promise<void> {
  const remaining = ctx.budget.remaining();
  // A batch may overshoot the budget a little; the pause starts once it is used up.
  if (remaining > 0 || bytes === 0) return;
  const until = ctx.budget.resumesAt();
  const where = { account: ctx.account.name, mailbox: ctx.mailbox.name };
  ctx.emit({ type: 'paused', ...where, until, reason: 'daily download budget reached', at: ctx.clock() });
  mailboxPhase(ctx, 'paused');
  await ctx.sleep(Math.max(0, until - ctx.clock()));
  if (ctx.isStopping()) {
    throw new SyncError('STOPPED', 'mailbox', 'final', 'stopped while waiting for the daily budget');
  }
}

/** Hands the index the bytes just written (a streamed body it reads from disk later, at the folder's refresh). */
function feedIndex(
  ctx: MailboxSyncContext,
  folderPath: string,
  incoming: readonly IncomingMessage[],
  written: readonly StoredMessage[],
): void {
  if (ctx.index === undefined || written.length === 0) return;
  const bytes = new Map(incoming.flatMap((m) => (Buffer.isBuffer(m.body) ? [[m.uid, m.body] as const] : [])));
  ctx.index.stored(
    indexFolder(ctx, folderPath),
    written.map((m) => ({ path: m.path, ...(bytes.has(m.uid) ? { bytes: bytes.get(m.uid)! } : {}) })),
  );
}
