// The store-once link phase of a mailbox's pass, after its own downloads: each new message stored
// in another folder (or downloaded there meanwhile) is placed here as a hard link; one whose file
// vanished, or whose download elsewhere failed, is downloaded here after all (or linked once
// another mailbox that claimed it downloaded it).
import { mailboxNotice, type MailboxSyncContext } from './mailbox-context.js';
import { FETCH_LIMITS, fetchBatches, type Download, type DownloadOutcome } from './fetch-batches.js';
import { planFetchBatches } from './plan-mailbox.js';

/**
 * `flags`: each message's flags as Maildir letters, from the listing. A message whose files all
 * vanished while another mailbox downloads it again is linked in a further round, once this
 * mailbox's own downloads are done (so two mailboxes never wait on each other).
 */
export async function linkMessages(
  ctx: MailboxSyncContext,
  download: Download,
  flags: ReadonlyMap<number, string>,
): Promise<DownloadOutcome> {
  const { folder, uidValidity, tally } = download;
  const outcome: DownloadOutcome = { stopped: false, skipped: 0 };
  let linksLeft = true;
  while (linksLeft && !outcome.stopped) {
    const linked = await download.storing.link(folder, uidValidity, (uid) => flags.get(uid) ?? '');
    tally.counts.added += linked.placed.length;
    tally.counts.linked += linked.placed.length;
    for (const m of linked.placed) tally.highestStoredUid = Math.max(tally.highestStoredUid, m.uid);
    if (linked.copies > 0) {
      mailboxNotice(ctx, `${linked.copies} message(s) copied, not hard-linked (the filesystem refused links)`);
    }
    linksLeft = linked.waitingElsewhere > 0;
    const batches = planFetchBatches(linked.toDownload, FETCH_LIMITS);
    const fetched = await fetchBatches(ctx, { ...download, batches, linksLeft });
    outcome.skipped += fetched.skipped;
    outcome.stopped = fetched.stopped;
  }
  download.freeSession();
  return outcome;
}
