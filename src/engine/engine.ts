// The sync engine behind the app and `mailkeep sync`: passes over accounts, exactly one queued
// pass while one runs, every outcome reported as an EngineEvent.
import type { StoredMailFeed } from '../archive/index.js';
import type { AccountConfig } from '../config/types.js';
import type { EngineEvent, EngineListener, SyncEngine, SyncSummary, SyncTarget } from './events.js';
import { connectImap } from './imap/connect.js';
import type { RemoteConnector } from './remote.js';
import { syncPass } from './sync-pass.js';

export interface EngineOptions {
  accounts: AccountConfig[];
  allowMassDelete?: boolean;
  clock?: () => number;
  connect?: RemoteConnector;
  /** Reconnect attempts per mailbox (default 6). */
  maxAttempts?: number;
  /** First reconnect delay in ms (default 1000). */
  backoffBaseMs?: number;
  random?: () => number;
  /** Told of every message stored and every folder synced (the archive index). */
  index?: StoredMailFeed;
}

/** Merge queued targets: undefined (= everything) absorbs any specific list. */
function mergeTargets(a: SyncTarget[] | undefined, b: SyncTarget[] | undefined): SyncTarget[] | undefined {
  if (a === undefined || b === undefined) return undefined;
  return [...a, ...b];
}

/** Calls every listener. */
function emitTo(listeners: Set<EngineListener>, event: EngineEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // a failing listener must not break the sync
    }
  }
}

/** Waits (backoff) that a stop cuts short: none starts while stopping, `wakeAll` ends those pending. */
function createSleeper(isStopping: () => boolean) {
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (isStopping()) return resolve();
        const entry = {
          timer: setTimeout(() => {
            timers.delete(entry);
            resolve();
          }, ms),
          resolve,
        };
        timers.add(entry);
      }),
    wakeAll: (): void => {
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
    },
  };
}

export function createEngine(options: EngineOptions): SyncEngine {
  const clock = options.clock ?? Date.now;
  const connect = options.connect ?? connectImap;
  const listeners = new Set<EngineListener>();
  let passNumber = 0;
  let running = false;
  let stopping = false;
  let queued: { targets: SyncTarget[] | undefined } | null = null;
  let idleWaiters: ((summary: SyncSummary) => void)[] = [];
  let stopWaiters: (() => void)[] = [];
  const emit = (event: EngineEvent) => emitTo(listeners, event);
  const { sleep, wakeAll } = createSleeper(() => stopping);

  async function runPass(targets: SyncTarget[] | undefined): Promise<void> {
    running = true;
    passNumber += 1;
    const tools = { connect, emit, clock, sleep, isStopping: () => stopping };
    const summary = await syncPass(passNumber, options, targets, tools);
    emit({ type: 'summary', summary, at: clock() });
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve(summary);
    running = false;
    const next = stopping ? null : queued;
    queued = null;
    if (next !== null) {
      void runPass(next.targets);
      return;
    }
    stopping = false;
    const stopped = stopWaiters;
    stopWaiters = [];
    for (const resolve of stopped) resolve();
  }

  return {
    resync(targets) {
      if (running) {
        queued = queued === null ? { targets } : { targets: mergeTargets(queued.targets, targets) };
        return;
      }
      void runPass(targets);
    },
    stop() {
      if (!running) return Promise.resolve();
      stopping = true;
      queued = null;
      wakeAll();
      return new Promise<void>((resolve) => stopWaiters.push(resolve));
    },
    whenIdle() {
      return new Promise<SyncSummary>((resolve) => idleWaiters.push(resolve));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get running() {
      return running;
    },
  };
}
