// One mailbox's pass, pull-only: prepare (prepare-mailbox), EXAMINE (examine-mailbox), compare the
// folder with the server (list-messages, rematch), rename for flag changes, download (choose-
// downloads, fetch-batches), link what another folder stores (store-once, link-messages), apply
// deletions (set-aside-files), save the state (save-mailbox-state). The state and the id journal
// record only what is fsynced (README, "How a pass works").
import {
  imapFlagsToMaildir,
  openMaildirFolder,
  readFolderStamp,
  type LocalMaildirFolder,
  type MaildirFolder,
  type StoredMessage,
} from '../maildir/index.js';
import { chooseDownloads, learnSizes } from './choose-downloads.js';
import type { MailboxCounts } from './events.js';
import { examineMailbox } from './examine-mailbox.js';
import { fetchBatches } from './fetch-batches.js';
import { journalFolder } from './folder-journal.js';
import { listMessages } from './list-messages.js';
import { indexFolder, mailboxNotice, mailboxPhase, type MailboxSyncContext } from './mailbox-context.js';
import { noCounts } from './mailbox-counts.js';
import { diffMessages, planDeletions, planForUidValidity } from './plan-mailbox.js';
import { examineRequest, prepareMailbox, type PreparedMailbox } from './prepare-mailbox.js';
import { rematchFiles } from './rematch.js';
import { replacePlaceholders } from './replace-placeholders.js';
import type { RemoteStatus } from './remote.js';
import { progressState, saveFinalState } from './save-mailbox-state.js';
import { storeOnce } from './store-once.js';
import { linkMessages } from './link-messages.js';

export interface MailboxResult extends MailboxCounts {
  upToDate: boolean;
  /** Reported problems that leave the mailbox not fully synced (e.g. the mass-deletion guard). */
  failed: boolean;
}

/** `prepared`: the mailbox's state and plan when already worked out (while listing). */
export async function syncMailbox(
  ctx: MailboxSyncContext,
  status: RemoteStatus,
  prepared?: PreparedMailbox,
): Promise<MailboxResult> {
  const { account, mailbox } = ctx;
  const ready = prepared ?? (await prepareMailbox(account, mailbox, status, ctx.states));
  const { localDir } = ready;
  if (ready.notice) mailboxNotice(ctx, ready.notice);
  if (ready.plan.kind === 'skip') return { ...noCounts(), upToDate: true, failed: false };

  mailboxPhase(ctx, 'checking');
  ctx.index?.expectMail?.(indexFolder(ctx, localDir));
  // With an index, every change to the folder's files is recorded for it (folder-journal.ts).
  const before = ctx.index ? readFolderStamp(localDir) : null;
  const opened = await openMaildirFolder(localDir, { copyArrivalDate: account.copyArrivalDate, layout: account });
  const journal = ctx.index ? journalFolder(opened, before) : undefined;
  const folder = journal?.folder ?? opened;
  try {
    return await syncFolder(ctx, ready, status, folder);
  } finally {
    // Also after a failure: a retry or a later pass may record what this one renamed.
    await folder.sync().catch(() => undefined);
    ctx.index?.folderSynced(indexFolder(ctx, localDir), journal?.changes());
  }
}

/** Brings the open folder in line with the server: renames for flags, downloads, links, deletes, saves the state. */
async function syncFolder(
  ctx: MailboxSyncContext,
  ready: PreparedMailbox,
  status: RemoteStatus,
  folder: LocalMaildirFolder,
): Promise<MailboxResult> {
  const { account, mailbox } = ctx;
  const { saved } = ready;
  const freeSession = once(ctx.freeSession);
  const { counts } = ctx;
  const { examined, uidValidity, plan, contents } = await examineAndList(ctx, ready, status, folder, freeSession);
  const listing = ctx.setAside.listed();
  const diff = diffMessages(contents.serverUids, contents.listing, contents.stored, imapFlagsToMaildir);
  const pipelined = examined.pipelined;
  const sizes = await learnSizes(ctx, diff.toFetch, contents.listing, examined.examined, { saved, pipelined });
  const deletions = planDeletions(diff.gone, contents.storedCount, account.deletions, ctx.allowMassDelete);
  const failed = deletions.guardTripped;
  if (failed) reportGuard(ctx, diff.gone.length, contents.storedCount);
  const storing = storeOnce(ctx.storedIds, sizes.emailIds);
  try {
    const downloads = chooseDownloads(ctx, diff.toFetch, sizes, { saved, plan }, storing);
    emitPlan(ctx, downloads, examined.examined.messages);
    if (downloads.batches.length > 0) mailboxPhase(ctx, 'fetching');
    // Messages to link may need a download after all (their file vanished): the session stays till then.
    const linksLeft = downloads.toLink > 0;
    if (!linksLeft && downloads.batches.every((batch) => batch === downloads.prefetched?.batch)) freeSession();

    counts.flagsUpdated = await renameForFlags(ctx, folder, diff.flagUpdates);

    const highestSaved = saved?.uidValidity === uidValidity ? saved.highestStoredUid : 0;
    const tally = { counts, highestStoredUid: highestUid(contents.stored.keys(), highestSaved) };
    const saveProgress = async () => {
      await folder.sync();
      await ctx.states.save(mailbox.name, progressState(uidValidity, tally.highestStoredUid, contents));
      await ctx.storedIds.flush();
    };
    const download = {
      folder,
      uidValidity,
      batches: downloads.batches,
      tally,
      saveProgress,
      freeSession,
      storing,
      linksLeft,
      listedSizes: new Map(downloads.wanted.map((m) => [m.uid, m.size])),
      ...(downloads.prefetched !== undefined ? { prefetched: downloads.prefetched } : {}),
    };
    const fetched = await fetchBatches(ctx, download);
    if (fetched.stopped) return { ...counts, upToDate: false, failed };
    if (linksLeft) {
      const late = await linkMessages(ctx, download, sizes.flags);
      fetched.skipped += late.skipped;
      if (late.stopped) return { ...counts, upToDate: false, failed };
    }

    await ctx.setAside.remove(folder, deletions.remove, listing);
    counts.deleted = deletions.remove.length;
    const replaced = await replacePlaceholders(folder, uidValidity, contents.placeholders);
    if (replaced > 0) mailboxNotice(ctx, `${replaced} mbsync placeholder(s) replaced by the message now stored`);
    // A tripped guard or a skipped message leave uidNext at 0 so the next run looks at every UID again.
    const { adopted, placeholders } = contents;
    const final = { examined: examined.examined, highestStoredUid: tally.highestStoredUid, adopted, placeholders };
    const sizeLimit = ctx.account.maxMessageBytes;
    const complete = !deletions.guardTripped && fetched.skipped === 0;
    await saveFinalState(ctx, folder, ready, { ...final, complete, sizeLimit });
    await ctx.storedIds.flush();
    if (complete && mailbox.allMail === true) ctx.setAside.allMailSynced(listing);
  } finally {
    storing.release();
  }
  return { ...counts, upToDate: counts.added === 0 && counts.flagsUpdated === 0 && counts.deleted === 0, failed };
}

/**
 * Clears the folder's unfinished downloads, EXAMINEs the mailbox (handing the session on early
 * when the next mailbox may pipeline behind it), lists both sides and matches files to UIDs anew
 * where the plan asks for it.
 */
async function examineAndList(
  ctx: MailboxSyncContext,
  ready: PreparedMailbox,
  status: RemoteStatus,
  folder: LocalMaildirFolder,
  freeSession: () => void,
) {
  const { account, session, mailbox } = ctx;
  const { saved, localDir } = ready;
  const notice = (message: string) => mailboxNotice(ctx, message);
  const leftovers = await folder.cleanTmp((file) => ctx.storedIds.copyAt(file) !== undefined);
  if (leftovers > 0) notice(`removed ${leftovers} unfinished download(s) from ${localDir}/tmp`);
  const request = examineRequest(ready, status, account, ctx);
  const pipelineNext = ctx.pipelineNext === true && request.canPipeline ? freeSession : undefined;
  const examined = await examineMailbox(session, mailbox, folder, request, pipelineNext);
  const uidValidity = examined.examined.uidValidity;
  const plan = planForUidValidity(ready.plan, saved, uidValidity);
  const contents = await listMessages(session, mailbox, folder, { saved, plan }, examined);
  const firstPass = saved === null;
  const rematchScope = { account, mailbox, session, localDir, firstPass, plan, notice, storedIds: ctx.storedIds };
  await rematchFiles(rematchScope, contents, uidValidity);
  return { examined, uidValidity, plan, contents };
}

function emitPlan(ctx: MailboxSyncContext, downloads: ReturnType<typeof chooseDownloads>, serverMessages: number) {
  ctx.emit({
    type: 'mailbox-plan',
    account: ctx.account.name,
    mailbox: ctx.mailbox.name,
    messagesToFetch: downloads.wanted.length,
    messagesToLink: downloads.toLink,
    bytesToFetch: downloads.wanted.reduce((sum, m) => sum + m.size, 0),
    serverMessages,
    at: ctx.clock(),
  });
}

/** Renames the files whose flags changed on the server; returns how many. */
async function renameForFlags(
  ctx: MailboxSyncContext,
  folder: MaildirFolder,
  updates: readonly { message: StoredMessage; flags: string }[],
): Promise<number> {
  const renamed = await folder.setFlags(updates);
  for (const [i, { message }] of updates.entries()) ctx.storedIds.moved(message.path, renamed[i]!.path);
  return updates.length;
}

/** The highest of `uids` and `floor`; a loop, as Math.max(...uids) overflows the stack on a big mailbox. */
function highestUid(uids: Iterable<number>, floor: number): number {
  let highest = floor;
  for (const uid of uids) if (uid > highest) highest = uid;
  return highest;
}

function reportGuard(ctx: MailboxSyncContext, gone: number, storedCount: number): void {
  const name = ctx.mailbox.name;
  ctx.emit({
    type: 'error',
    error: {
      code: 'MASS_DELETE_GUARD',
      scope: 'mailbox',
      retry: 'final',
      account: ctx.account.name,
      mailbox: name,
      message:
        `${gone} of ${storedCount} messages in ${name} vanished from the server; ` +
        'nothing deleted locally (rerun with --allow-mass-delete to mirror it)',
    },
    at: ctx.clock(),
  });
}

function once(fn: (() => void) | undefined): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn?.();
  };
}
