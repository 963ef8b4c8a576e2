// One mailbox's pass, pull-only: prepare (prepare-mailbox), EXAMINE (examine-mailbox), compare the
// folder with the server (list-messages, rematch), rename for flag changes, download (choose-
// downloads, fetch-batches), apply deletions, save the state (save-mailbox-state). The state
// records only what is fsynced (README, "How a pass works").
import { imapFlagsToMaildir, openMaildirFolder } from '../maildir/index.js';
import { chooseDownloads, learnSizes } from './choose-downloads.js';
import type { MailboxCounts } from './events.js';
import { examineMailbox } from './examine-mailbox.js';
import { fetchBatches } from './fetch-batches.js';
import { listMessages } from './list-messages.js';
import { mailboxNotice, mailboxPhase, type MailboxSyncContext } from './mailbox-context.js';
import { noCounts } from './mailbox-counts.js';
import { diffMessages, planDeletions } from './plan-mailbox.js';
import { examineRequest, prepareMailbox, type PreparedMailbox } from './prepare-mailbox.js';
import { rematchFiles } from './rematch.js';
import type { RemoteStatus } from './remote.js';
import { progressState, saveFinalState } from './save-mailbox-state.js';

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
  const { account, session, mailbox, emit, clock } = ctx;
  const where = { account: account.name, mailbox: mailbox.name };
  const notice = (message: string) => mailboxNotice(ctx, message);
  const ready = prepared ?? (await prepareMailbox(account, mailbox, status, ctx.states));
  const { saved, localDir, plan } = ready;
  if (ready.notice) notice(ready.notice);
  if (plan.kind === 'skip') return { ...noCounts(), upToDate: true, failed: false };

  mailboxPhase(ctx, 'checking');
  const freeSession = once(ctx.freeSession);
  const counts = noCounts();
  let failed = false;
  const folder = await openMaildirFolder(localDir, { copyArrivalDate: account.copyArrivalDate, layout: account });
  try {
    const leftovers = await folder.cleanTmp();
    if (leftovers > 0) notice(`removed ${leftovers} unfinished download(s) from ${localDir}/tmp`);
    const request = examineRequest(ready, status, account, ctx.budget);
    const pipelineNext = ctx.pipelineNext === true && request.canPipeline ? freeSession : undefined;
    const examined = await examineMailbox(session, mailbox, folder, request, pipelineNext);
    const uidValidity = examined.examined.uidValidity;
    const contents = await listMessages(session, mailbox, folder, ready, examined);
    const rematchScope = { account, mailbox, session, localDir, firstPass: saved === null, plan, notice };
    await rematchFiles(rematchScope, contents, uidValidity);

    const diff = diffMessages(contents.serverUids, contents.listing, contents.stored, imapFlagsToMaildir);
    const pipelined = examined.pipelined;
    const sizes = await learnSizes(ctx, diff.toFetch, contents.listing, examined.examined, { saved, pipelined });
    const deletions = planDeletions(diff.gone, contents.storedCount, account.deletions, ctx.allowMassDelete);
    if (deletions.guardTripped) {
      failed = true;
      reportGuard(ctx, diff.gone.length, contents.storedCount);
    }
    const downloads = chooseDownloads(ctx, diff.toFetch, sizes, ready);
    const bytesToFetch = downloads.wanted.reduce((sum, m) => sum + m.size, 0);
    emit({
      type: 'mailbox-plan', ...where, messagesToFetch: downloads.wanted.length, bytesToFetch,
      serverMessages: examined.examined.messages, at: clock(),
    });
    if (downloads.batches.length > 0) mailboxPhase(ctx, 'fetching');
    if (downloads.batches.every((batch) => batch === downloads.prefetched?.batch)) freeSession();

    await folder.setFlags(diff.flagUpdates);
    counts.flagsUpdated = diff.flagUpdates.length;

    // A loop, not Math.max(...keys): a mailbox of a few hundred thousand messages overflows the stack.
    let highestStoredUid = saved?.uidValidity === uidValidity ? saved.highestStoredUid : 0;
    for (const uid of contents.stored.keys()) if (uid > highestStoredUid) highestStoredUid = uid;
    const tally = { counts, highestStoredUid };
    const saveProgress = async () => {
      await folder.sync();
      await ctx.states.save(mailbox.name, progressState(uidValidity, tally.highestStoredUid, contents.adopted));
    };
    const fetched = await fetchBatches(ctx, {
      folder, uidValidity, batches: downloads.batches, tally, saveProgress, freeSession,
      ...(downloads.prefetched !== undefined ? { prefetched: downloads.prefetched } : {}),
    });
    if (fetched.stopped) return { ...counts, upToDate: false, failed };

    await folder.remove(deletions.remove);
    counts.deleted = deletions.remove.length;
    // A tripped guard or a skipped message leave uidNext at 0 so the next run looks at every UID again.
    const final = { examined: examined.examined, highestStoredUid: tally.highestStoredUid, adopted: contents.adopted };
    await saveFinalState(ctx, folder, ready, { ...final, complete: !deletions.guardTripped && fetched.skipped === 0 });
  } finally {
    // Also after a failure: a retry or a later pass may record what this one renamed.
    await folder.sync().catch(() => undefined);
  }
  return { ...counts, upToDate: counts.added === 0 && counts.flagsUpdated === 0 && counts.deleted === 0, failed };
}

function reportGuard(ctx: MailboxSyncContext, gone: number, storedCount: number): void {
  const name = ctx.mailbox.name;
  ctx.emit({
    type: 'error',
    error: {
      code: 'MASS_DELETE_GUARD', scope: 'mailbox', retry: 'final', account: ctx.account.name, mailbox: name,
      message: `${gone} of ${storedCount} messages in ${name} vanished from the server; ` +
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
