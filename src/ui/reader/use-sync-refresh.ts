// Lets the reader follow the background sync: each published progress snapshot is compared with
// the one before, and the mailboxes the sync changed go to a coalescing scheduler.
import { useEffect, useRef } from 'react';
import type { ProgressStore } from '../../engine/progress-store.js';
import { changedMailboxes, type MailboxRef } from './mailbox-changes.js';
import { createRefreshScheduler } from './refresh-scheduler.js';

export type ProgressSource = Pick<ProgressStore, 'getSnapshot' | 'subscribe'>;

/** Without a progress source (the reader alone, offline) nothing happens: `$` still refreshes. */
export function useSyncRefresh(
  progress: ProgressSource | undefined,
  refresh: (changed: MailboxRef[]) => Promise<void>,
  minIntervalMs?: number,
): void {
  // The scheduler outlives renders; it must call the refresh of the latest render (fresh state).
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!progress) return;
    const scheduler = createRefreshScheduler({ run: (changed) => latest.current(changed), minIntervalMs });
    let previous = progress.getSnapshot();
    const unsubscribe = progress.subscribe(() => {
      const next = progress.getSnapshot();
      const changed = changedMailboxes(previous, next);
      previous = next;
      if (changed.length) scheduler.request(changed);
    });
    return () => {
      unsubscribe();
      scheduler.dispose();
    };
  }, [progress, minIntervalMs]);
}
