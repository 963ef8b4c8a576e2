// An external store over the engine's events for React's useSyncExternalStore: every event is
// folded at once, but listeners hear about it at most once per interval, so a burst of progress
// events costs one screen update and the CPU stays with the sync.

import type { SyncEngine, SyncTarget } from './events.js';
import { emptyProgress, reduceProgress, type ProgressSnapshot } from './progress-snapshot.js';

export interface ProgressStore {
  /** The snapshot last published; the same object until listeners are next notified. */
  // `this: void`: both are handed to useSyncExternalStore unbound.
  getSnapshot(this: void): ProgressSnapshot;
  subscribe(this: void, listener: () => void): () => void;
  /** Ask the engine for a pass and remember that one is queued if a pass is running. */
  resync(targets?: SyncTarget[]): void;
  /** Ask the engine to verify mailboxes (their rows show the outcome). */
  verify(targets: SyncTarget[]): void;
  /** Publish pending changes now instead of at the end of the interval. */
  flush(): void;
  dispose(): void;
}

export interface ProgressStoreOptions {
  /** Minimum time between notifications (default 100 ms = at most 10 updates a second). */
  intervalMs?: number;
  now?: () => number;
}

export function createProgressStore(engine: SyncEngine, options: ProgressStoreOptions = {}): ProgressStore {
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();
  let current = emptyProgress(engine.running);
  let published = current;
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (published === current) return;
    published = current;
    for (const listener of [...listeners]) listener();
  };

  const schedule = (): void => {
    timer ??= setTimeout(flush, intervalMs);
  };

  const unsubscribeEngine = engine.subscribe((event) => {
    current = reduceProgress(current, event);
    schedule();
  });

  return {
    getSnapshot: () => published,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resync(targets) {
      // Folded before the engine hears of it: an idle engine starts the pass at once, and that
      // pass-start must find nothing queued, not be followed by a stale 'queued'.
      current = reduceProgress(current, { type: 'resync-requested', at: now() });
      engine.resync(targets);
      // A key press should show its effect at once, not after the interval.
      flush();
    },
    verify: (targets) => engine.verify(targets),
    flush,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      unsubscribeEngine();
      listeners.clear();
    },
  };
}
