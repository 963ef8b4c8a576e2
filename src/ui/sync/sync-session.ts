// The engine behind the app, replaceable: after an account is set up or edited the running
// engine is stopped and a new one starts on the new accounts. Callers see one stable object:
// its events (for the log) come from whichever engine runs, and `watch` tells when it changed.

import type { AccountConfig } from '../../config/types.js';
import type { EngineListener, SyncEngine } from '../../engine/events.js';
import type { KeepInSyncOptions } from '../../engine/keep-in-sync.js';
import { createProgressStore, type ProgressStore } from '../../engine/progress-store.js';

export interface RunningSync {
  engine: SyncEngine;
  store: ProgressStore;
  accounts: AccountConfig[];
  /** Counts the engines started, so the app's state is reset with each new one. */
  generation: number;
}

export interface SyncSession {
  /** The engine now running, or undefined (none yet, or between two). */
  // `this: void`: both are handed to useSyncExternalStore unbound.
  current(this: void): RunningSync | undefined;
  watch(this: void, listener: () => void): () => void;
  /** Every event of the running engine, whichever it is. */
  subscribe(listener: EngineListener): () => void;
  /** Stop the running engine (waiting for it), then start one on `accounts` with a first pass. */
  start(accounts: AccountConfig[]): Promise<void>;
  /** Stop the running engine; the session stays usable. */
  stop(): Promise<void>;
  /** Stop and release everything (end of the app). */
  dispose(): Promise<void>;
}

export interface SyncSessionOptions {
  createEngine: (accounts: AccountConfig[]) => SyncEngine;
  /** Progress store throttle (tests pass 0). */
  intervalMs?: number;
  /** Keep each engine syncing after its first pass (timed passes, IDLE). */
  keepInSync?: KeepInSyncOptions;
}

export function createSyncSession(options: SyncSessionOptions): SyncSession {
  const watchers = new Set<() => void>();
  const listeners = new Set<EngineListener>();
  let running: (RunningSync & { unsubscribe: () => void }) | undefined;
  let generation = 0;
  // Starts and stops run one after the other, so two quick edits never leave two engines.
  let queue: Promise<void> = Promise.resolve();

  const changed = (): void => {
    for (const watcher of [...watchers]) watcher();
  };

  const stopRunning = async (): Promise<void> => {
    const previous = running;
    if (!previous) return;
    try {
      await previous.engine.stop();
    } finally {
      previous.store.dispose();
      previous.unsubscribe();
      if (running === previous) {
        running = undefined;
        changed();
      }
    }
  };

  const startEngine = (accounts: AccountConfig[]): void => {
    const engine = options.createEngine(accounts);
    const unsubscribe = engine.subscribe((event) => {
      for (const listener of [...listeners]) listener(event);
    });
    const store = createProgressStore(
      engine,
      options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {},
    );
    generation += 1;
    running = { engine, store, accounts, generation, unsubscribe };
    changed();
    // Store and log are subscribed already, so the first pass is seen from its start.
    engine.resync();
    if (options.keepInSync !== undefined) engine.keepInSync(options.keepInSync);
  };

  const enqueue = (work: () => Promise<void> | void): Promise<void> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    current: () => running,
    watch(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: (accounts) =>
      enqueue(async () => {
        await stopRunning();
        startEngine(accounts);
      }),
    stop: () => enqueue(stopRunning),
    dispose: () =>
      enqueue(async () => {
        await stopRunning();
        watchers.clear();
        listeners.clear();
      }),
  };
}
