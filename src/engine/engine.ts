// The sync engine behind the app and `mailkeep sync`: passes over accounts, exactly one queued
// pass while one runs, every outcome reported as an EngineEvent.
import type { AccountConfig } from '../config/types.js';
import type { EngineEvent, EngineListener, SyncEngine, SyncErrorInfo, SyncSummary, SyncTarget } from './events.js';
import { connectImap } from './imap/connect.js';
import type { RemoteConnector } from './remote.js';
import { syncAccount, type AccountResult } from './sync-account.js';

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
}

/** Exit code of a pass: 2 = an account failed fatally, 1 = some mailboxes (or a whole account on a full disk) failed, 0 = all synced. */
export function exitCodeOf(results: readonly AccountResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.fatal)) return 2;
  return results.some((r) => r.failed.length > 0) ? 1 : 0;
}

/** Merge queued targets: undefined (= everything) absorbs any specific list. */
function mergeTargets(a: SyncTarget[] | undefined, b: SyncTarget[] | undefined): SyncTarget[] | undefined {
  if (a === undefined || b === undefined) return undefined;
  return [...a, ...b];
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
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  const emit = (event: EngineEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // a failing listener must not break the sync
      }
    }
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const entry = { timer: setTimeout(() => { timers.delete(entry); resolve(); }, ms), resolve };
      timers.add(entry);
    });

  async function runPass(targets: SyncTarget[] | undefined): Promise<void> {
    running = true;
    passNumber += 1;
    const started = clock();
    emit({ type: 'pass-start', pass: passNumber, at: started });
    const chosen = options.accounts.filter((a) => targets === undefined || targets.some((t) => t.account === a.name));
    const results = await Promise.all(chosen.map((account) => {
      const forAccount = targets?.filter((t) => t.account === account.name);
      const whole = forAccount === undefined || forAccount.some((t) => t.mailbox === undefined);
      return syncAccount(account, {
        connect, emit, clock, sleep, isStopping: () => stopping, allowMassDelete: options.allowMassDelete ?? false,
        ...(whole ? {} : { mailboxes: [...new Set(forAccount.map((t) => t.mailbox!))] }),
        ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
        ...(options.random !== undefined ? { random: options.random } : {}),
        ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
      });
    }));
    const errors: SyncErrorInfo[] = results.flatMap((r) => r.errors);
    const summary: SyncSummary = {
      pass: passNumber,
      accounts: chosen.length,
      mailboxes: results.reduce((n, r) => n + r.mailboxes, 0),
      mailboxesFailed: results.flatMap((r) => r.failed),
      added: results.reduce((n, r) => n + r.totals.added, 0),
      flagsUpdated: results.reduce((n, r) => n + r.totals.flagsUpdated, 0),
      deleted: results.reduce((n, r) => n + r.totals.deleted, 0),
      bytes: results.reduce((n, r) => n + r.totals.bytes, 0),
      errors,
      elapsedMs: clock() - started,
      exitCode: exitCodeOf(results),
    };
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
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
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
