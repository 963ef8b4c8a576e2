// The sync engine behind the app and `mailkeep sync`: passes over accounts, exactly one queued
// pass while one runs, every outcome reported as an EngineEvent.
import type { StoredMailFeed } from '../archive/index.js';
import type { AccountConfig } from '../config/types.js';
import type { EngineEvent, EngineListener, SyncEngine, SyncSummary, SyncTarget } from './events.js';
import type { KeepInSyncOptions } from './keep-in-sync.js';
import { imapConnector } from './imap/connect.js';
import { keepInSync } from './keep-in-sync.js';
import type { RemoteConnector } from './remote.js';
import { createSleeper } from './sleeper.js';
import { syncPass } from './sync-pass.js';
import { verifyAccounts } from './verify/verify-accounts.js';
import type { VerifyEvent } from './verify/verify-events.js';

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
  /** Defaults for keepInSync() (tests make its intervals short). */
  keepInSync?: Partial<KeepInSyncOptions>;
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

export function createEngine(options: EngineOptions): SyncEngine {
  const clock = options.clock ?? Date.now;
  const connect = options.connect ?? imapConnector();
  const listeners = new Set<EngineListener>();
  let passNumber = 0;
  let running = false;
  let stopping = false;
  let queued: { targets: SyncTarget[] | undefined } | null = null;
  let idleWaiters: ((summary: SyncSummary) => void)[] = [];
  let stopWaiters: (() => void)[] = [];
  let keeping: { stop(): Promise<void> } | undefined;
  const emit = (event: EngineEvent) => emitTo(listeners, event);
  const subscribe = (listener: EngineListener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const forward = (event: VerifyEvent) => {
    if (event.type === 'mailbox-verified' || event.type === 'error') emit(event);
  };
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

  const resync = (targets: SyncTarget[] | undefined): void => {
    if (running) {
      queued = queued === null ? { targets } : { targets: mergeTargets(queued.targets, targets) };
      return;
    }
    void runPass(targets);
  };

  return {
    resync,
    async stop() {
      const kept = keeping;
      keeping = undefined;
      // No timer, IDLE or clock jump starts a pass from now on.
      const watchStopped = kept?.stop();
      if (running) {
        stopping = true;
        queued = null;
        wakeAll();
        await new Promise<void>((resolve) => stopWaiters.push(resolve));
      }
      await watchStopped;
    },
    keepInSync(keep) {
      if (keeping !== undefined) return;
      keeping = keepInSync(
        { ...options.keepInSync, ...keep },
        {
          accounts: options.accounts,
          connect,
          emit,
          clock,
          resync,
          subscribe,
          passRunning: running,
          ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
          ...(options.random !== undefined ? { random: options.random } : {}),
        },
      );
    },
    verify(targets) {
      // Files a running pass writes or removes would look missing or extra: verify after it.
      const idle = running ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
      void idle.then(() =>
        verifyAccounts({ accounts: options.accounts, targets, deep: false, emit: forward, connect, clock }),
      );
    },
    whenIdle() {
      return new Promise<SyncSummary>((resolve) => idleWaiters.push(resolve));
    },
    subscribe,
    get running() {
      return running;
    },
  };
}
