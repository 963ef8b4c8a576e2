// An account's part of the progress snapshot: its start, its connection, the mailboxes listed and
// how it ended.
import type { ProgressEvent, ProgressSnapshot } from './progress-snapshot.js';
import { mergeMailboxList, updateAccount, withAccounts } from './progress-tree.js';

type AccountEvent = Extract<ProgressEvent, { type: 'account-start' | 'connection' | 'mailboxes' | 'account-done' }>;

export function reduceAccountEvent(snapshot: ProgressSnapshot, event: AccountEvent): ProgressSnapshot {
  switch (event.type) {
    case 'account-start':
      return withAccounts(
        snapshot,
        updateAccount(snapshot, event.account, (a) => ({
          ...a,
          ok: undefined,
          error: undefined,
          pausedUntil: undefined,
          pauseReason: undefined,
        })),
      );
    case 'connection':
      return {
        ...snapshot,
        accounts: updateAccount(snapshot, event.account, (a) => ({
          ...a,
          // Extra sessions of a connected account open while the first one works: still connected.
          connection: event.state === 'connecting' && a.connection === 'connected' ? 'connected' : event.state,
          error: event.state === 'connected' ? undefined : a.error,
        })),
      };
    case 'mailboxes':
      return withAccounts(
        snapshot,
        updateAccount(snapshot, event.account, (a) => ({
          ...a,
          mailboxes: mergeMailboxList(a.mailboxes, event.mailboxes),
        })),
      );
    case 'account-done':
      return {
        ...snapshot,
        accounts: updateAccount(snapshot, event.account, (a) => ({
          ...a,
          ok: event.ok,
          // A login that failed never connected, and so is never reported closed.
          connection: a.connection === 'connecting' || a.connection === 'reconnecting' ? 'closed' : a.connection,
          pausedUntil: undefined,
          pauseReason: undefined,
        })),
      };
  }
}
