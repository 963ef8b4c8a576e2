// A mailbox's row of the progress snapshot: its phase, its plan, bytes and rate as it downloads, its outcome.
import type { ProgressEvent, ProgressSnapshot } from './progress-snapshot.js';
import { addSample, etaOf, rateOf, sumTotals, updateMailbox, withAccounts } from './progress-tree.js';

type MailboxEvent = Extract<ProgressEvent, { type: `mailbox-${'phase' | 'plan' | 'progress' | 'done'}` }>;

/** The events of a mailbox's progress. */
export function reduceMailboxEvent(snapshot: ProgressSnapshot, event: MailboxEvent): ProgressSnapshot {
  switch (event.type) {
    case 'mailbox-phase':
      return withAccounts(
        snapshot,
        updateMailbox(snapshot, event.account, event.mailbox, (m) => ({
          ...m,
          phase: event.phase,
          pausedUntil: event.phase === 'paused' ? m.pausedUntil : undefined,
          error: event.phase === 'error' ? m.error : undefined,
          rateBytesPerSec: event.phase === 'fetching' ? m.rateBytesPerSec : 0,
        })),
      );
    case 'mailbox-plan':
      return withAccounts(
        snapshot,
        updateMailbox(snapshot, event.account, event.mailbox, (m) => ({
          ...m,
          messagesDone: 0,
          bytesDone: 0,
          messagesTotal: event.messagesToFetch,
          bytesTotal: event.bytesToFetch,
          samples: [{ at: event.at, bytes: 0 }],
          rateBytesPerSec: 0,
          etaSec: event.bytesToFetch === 0 ? 0 : null,
        })),
      );
    case 'mailbox-progress': {
      const accounts = updateMailbox(snapshot, event.account, event.mailbox, (m) => {
        const samples = addSample(m.samples, { at: event.at, bytes: event.bytesDone });
        const rate = rateOf(samples);
        return {
          ...m,
          messagesDone: event.messagesDone,
          bytesDone: event.bytesDone,
          samples,
          rateBytesPerSec: rate,
          etaSec: etaOf(m.bytesTotal - event.bytesDone, rate),
        };
      });
      const next = withAccounts(snapshot, accounts);
      const totalSamples = addSample(snapshot.totalSamples, { at: event.at, bytes: next.totals.bytesDone });
      return { ...next, totalSamples, totals: sumTotals(accounts, totalSamples) };
    }
    case 'mailbox-done':
      return withAccounts(
        snapshot,
        updateMailbox(snapshot, event.account, event.mailbox, (m) => ({
          ...m,
          phase: event.upToDate ? 'uptodate' : 'done',
          pausedUntil: undefined,
          error: undefined,
          added: event.added,
          linked: event.linked,
          flagsUpdated: event.flagsUpdated,
          deleted: event.deleted,
          bytesDone: event.bytes,
          rateBytesPerSec: 0,
          etaSec: 0,
        })),
      );
  }
}
