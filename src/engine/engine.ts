// The sync engine behind the app and `mailkeep sync`: passes over accounts, exactly one queued
// pass while one runs, every outcome reported as an EngineEvent.
import type { StoredMailFeed } from '../archive/index.js';
import type { AccountConfig } from '../config/types.js';
import type { EngineEvent, EngineListener, SyncEngine, SyncTarget } from './events.js';
import type { KeepInSyncOptions } from './keep-in-sync.js';
import { imapConnector } from './imap/connect.js';
import { keepInSync } from './keep-in-sync.js';
import { createPassQueue } from './pass-queue.js';
import type { RemoteConnector } from './remote.js';
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
  const connector = options.connect ?? imapConnector();
  // A stop ends the connects under way at once: a server that does not answer held it for the Timeout.
  let stopping = new AbortController();
  const listeners = new Set<EngineListener>();
  const emit = (event: EngineEvent) => emitTo(listeners, event);
  const connect: RemoteConnector = (account) =>
    connector(account, {
      stop: stopping.signal,
      onNotice: (message) => emit({ type: 'notice', account: account.name, message, urgent: true, at: clock() }),
    });
  let passNumber = 0;
  let keeping: { stop(): Promise<void> } | undefined;
  const subscribe = (listener: EngineListener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const forward = (event: VerifyEvent) => {
    if (event.type === 'mailbox-verified' || event.type === 'error') emit(event);
  };
  const passes = createPassQueue(async (targets, pacing) => {
    passNumber += 1;
    const summary = await syncPass(passNumber, options, targets, { connect, emit, clock, ...pacing });
    emit({ type: 'summary', summary, at: clock() });
    return summary;
  });
  const resync = (targets: SyncTarget[] | undefined): void => passes.resync(targets);

  return {
    resync,
    async stop() {
      const kept = keeping;
      keeping = undefined;
      // No timer, IDLE or clock jump starts a pass from now on.
      const watchStopped = kept?.stop();
      stopping.abort();
      await passes.stop();
      await watchStopped;
      stopping = new AbortController();
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
          passRunning: passes.running,
          ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
          ...(options.random !== undefined ? { random: options.random } : {}),
        },
      );
    },
    verify(targets) {
      // Files a running pass writes or removes would look missing or extra: verify after it.
      const idle = passes.running ? passes.whenIdle() : Promise.resolve();
      void idle.then(() =>
        verifyAccounts({ accounts: options.accounts, targets, deep: false, emit: forward, connect, clock }),
      );
    },
    whenIdle: () => passes.whenIdle(),
    subscribe,
    get running() {
      return passes.running;
    },
  };
}
