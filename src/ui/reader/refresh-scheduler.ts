// Coalesces the sync's "mailbox changed" news into reader refreshes: an initial sync ends hundreds
// of mailboxes a second, the reader rescans at most once per interval, never two at a time, and
// each rescan covers every mailbox reported since the last one started (engine/pace.ts).
import { pace } from '../../engine/pace.js';
import type { MailboxRef } from './mailbox-changes.js';

export interface RefreshScheduler {
  request(changed: readonly MailboxRef[]): void;
  dispose(): void;
}

export interface RefreshSchedulerOptions {
  /** Rescans what changed; the next one waits until this settles. */
  run: (changed: MailboxRef[]) => Promise<void>;
  minIntervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function createRefreshScheduler({ minIntervalMs, ...options }: RefreshSchedulerOptions): RefreshScheduler {
  const pacer = pace({
    ...options,
    gapMs: minIntervalMs ?? 1000,
    now: options.now ?? Date.now,
    key: (ref) => `${ref.account}\0${ref.mailbox}`,
  });
  return { request: (changed) => pacer.push(changed), dispose: () => pacer.stop() };
}
