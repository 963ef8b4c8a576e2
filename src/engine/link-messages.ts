// The store-once link phase of a mailbox's pass, after its own downloads: each new message stored
// in another folder (or downloaded there meanwhile) is placed here as a hard link; one whose file
// vanished, or whose download elsewhere failed, is downloaded here after all.
import { mailboxNotice, type MailboxSyncContext } from './mailbox-context.js';
import { FETCH_LIMITS, fetchBatches, type Download, type DownloadOutcome } from './fetch-batches.js';
import { planFetchBatches } from './plan-mailbox.js';

/** `flags`: each message's flags as Maildir letters, from the listing. */
export async function linkMessages(
  ctx: MailboxSyncContext,
  download: Download,
  flags: ReadonlyMap<number, string>,
): Promise<DownloadOutcome> {
  const { folder, uidValidity, tally } = download;
  const linked = await download.storing.link(folder, uidValidity, (uid) => flags.get(uid) ?? '');
  tally.counts.added += linked.placed.length;
  tally.counts.linked += linked.placed.length;
  for (const m of linked.placed) tally.highestStoredUid = Math.max(tally.highestStoredUid, m.uid);
  if (linked.copies > 0) {
    mailboxNotice(ctx, `${linked.copies} message(s) copied, not hard-linked (the filesystem refused links)`);
  }
  const batches = planFetchBatches(linked.toDownload, FETCH_LIMITS);
  const outcome = await fetchBatches(ctx, { ...download, batches, linksLeft: false });
  download.freeSession();
  return outcome;
}
