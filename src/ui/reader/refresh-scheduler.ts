// Coalesces the sync's "mailbox changed" news into reader refreshes: an initial sync ends hundreds
// of mailboxes a second, the reader rescans at most once per interval, never two at a time, and
// each rescan covers every mailbox reported since the last one started.
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

export function createRefreshScheduler(options: RefreshSchedulerOptions): RefreshScheduler {
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  const pending = new Map<string, MailboxRef>();
  let running = false;
  let disposed = false;
  let lastStart = -Infinity;
  let timer: unknown;

  const kick = (): void => {
    if (disposed || running || timer !== undefined || pending.size === 0) return;
    const wait = lastStart + minIntervalMs - now();
    if (wait > 0) {
      timer = setTimer(() => {
        timer = undefined;
        kick();
      }, wait);
      return;
    }
    const batch = [...pending.values()];
    pending.clear();
    running = true;
    lastStart = now();
    options
      .run(batch)
      .catch(() => undefined) // run reports its own failures; a rejection must not stop later refreshes
      .finally(() => {
        running = false;
        kick();
      });
  };

  return {
    request(changed) {
      for (const ref of changed) pending.set(`${ref.account}\0${ref.mailbox}`, ref);
      kick();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
