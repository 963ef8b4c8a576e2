// The part of the progress snapshot about keeping in sync: the next timed pass, each account's
// IDLE watch, and the mail that came in after the first pass (for the status line and the bell).
import type { EngineEvent } from './events.js';
import type { ProgressSnapshot } from './progress-snapshot.js';
import { updateAccount } from './progress-tree.js';

export type KeepInSyncEvent = Extract<EngineEvent, { type: 'schedule' | 'idle' | 'clock-jump' }>;

export function reduceKeepInSync(snapshot: ProgressSnapshot, event: KeepInSyncEvent): ProgressSnapshot {
  switch (event.type) {
    case 'schedule':
      return { ...snapshot, nextPassAt: event.nextPassAt ?? undefined };
    case 'idle':
      return {
        ...snapshot,
        accounts: updateAccount(snapshot, event.account, (a) => ({
          ...a,
          idle: event.state,
          idleAllMailboxes: event.allMailboxes === true,
        })),
      };
    case 'clock-jump':
      return snapshot;
  }
}

/** Mail stored by a pass after the first: new since the app (or the watch) started. */
export function withNewMail(
  snapshot: ProgressSnapshot,
  event: Extract<EngineEvent, { type: 'mailbox-done' }>,
): ProgressSnapshot {
  if (event.added === 0 || snapshot.pass <= 1) return snapshot;
  const previous = snapshot.newMail;
  return {
    ...snapshot,
    newMail: {
      total: (previous?.total ?? 0) + event.added,
      added: event.added,
      account: event.account,
      mailbox: event.mailbox,
      at: event.at,
    },
  };
}
