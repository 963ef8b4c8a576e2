// One account's pass: lock, connect, list (list-account), then the queued mailboxes across a pool
// of up to `concurrency` sessions (session-pool), each mailbox with its retries (mailbox-retries).
import type { AccountConfig } from '../config/types.js';
import { removeAbandonedPendingFiles } from '../maildir/index.js';
import { acquireAccountLock } from './account-lock.js';
import {
  accountConnection,
  type AccountPass,
  type AccountResult,
  type AccountRunOptions,
  type QueuedMailbox,
} from './account-pass.js';
import { openDailyBudget } from './budget.js';
import { classifyError } from './errors.js';
import type { EngineEvent, SyncErrorInfo } from './events.js';
import { listAccount, prepareWhileListing, queueMailboxes } from './list-account.js';
import { noCounts } from './mailbox-counts.js';
import { assertMaildirThere } from './maildir-missing.js';
import { AccountAbort, connectWithRetry } from './mailbox-retries.js';
import { sessionsWanted, type SessionServer } from './plan-mailbox.js';
import type { RemoteSession } from './remote.js';
import { withNamespacePrefix } from './remote-prefix.js';
import { runSessionPool } from './session-pool.js';
import { mailboxStateStore } from './state-store.js';
import { setAsideFiles } from './set-aside-files.js';
import { openStoredIds } from './stored-ids.js';

/** Account stops that are not fatal (exit 1, not 2): nothing is wrong with the setup; rerun after freeing space. */
const NOT_FATAL = new Set(['DISK_FULL']);

/** What reports an account's errors (kept in its result) and its other events. */
function reporters(result: AccountResult, emit: (event: EngineEvent) => void, clock: () => number) {
  const report = (error: SyncErrorInfo) => {
    // Workers failing the same way at once (each spare session refused at login) tell it once.
    const same = (e: SyncErrorInfo) => e.scope === 'account' && e.code === error.code && e.message === error.message;
    if (error.scope === 'account' && result.errors.some(same)) return;
    result.errors.push(error);
    emit({ type: 'error', error, at: clock() });
  };
  const reportEvent = (event: EngineEvent) => {
    if (event.type === 'error') result.errors.push(event.error);
    emit(event);
  };
  return { report, reportEvent };
}

export async function syncAccount(configured: AccountConfig, options: AccountRunOptions): Promise<AccountResult> {
  let account = configured;
  const { emit, clock } = options;
  const result: AccountResult = { mailboxes: 0, failed: [], fatal: false, totals: noCounts(), errors: [] };
  const { report, reportEvent } = reporters(result, emit, clock);
  emit({ type: 'account-start', account: account.name, at: clock() });

  let lock: { release(): Promise<void> } | undefined;
  const sessions: RemoteSession[] = [];
  /** Sessions opened while listing: settled before all are closed. */
  let openedWhileListing: Promise<RemoteSession>[] = [];
  const connection = accountConnection(account.name, emit, clock);
  try {
    const acquired = await acquireAccountLock(account.stateDir, account.name);
    lock = acquired;
    const notice = acquired.notice;
    if (notice !== undefined) emit({ type: 'notice', account: account.name, message: notice, at: clock() });
    // Held, the state dir is this run's: what a killed run left half-saved there goes.
    removeAbandonedPendingFiles(account.stateDir);
    await assertMaildirThere(account);
    const budget = await openDailyBudget(account.stateDir, account.dailyBudgetBytes, clock);
    const storedIds = await openStoredIds(account.stateDir);
    const first = await connectWithRetry(account, { ...options, connection });
    sessions.push(first);
    account = await withNamespacePrefix(account, first);
    // One worker's account-level failure stops the others (after their message in flight), so
    // no session is opened or left behind once the account is given up.
    let failure: { error: unknown } | undefined;
    let queue: QueuedMailbox[] = [];
    const pass: AccountPass = {
      ...options,
      connection,
      server: sessionServer(first),
      budget,
      storedIds,
      setAside: setAsideFiles(storedIds),
      report,
      reportEvent,
      result,
      sessions,
      states: mailboxStateStore(account.stateDir),
      isStopping: () => options.isStopping() || failure !== undefined,
      requeue: (again) => queue.unshift(again),
    };
    // Sessions opened while listing are closed with the others, whatever happens next.
    const connectSpare = () =>
      connectWithRetry(account, { ...options, connection }).then((session) => {
        sessions.push(session);
        return session;
      });
    const whileListing = prepareWhileListing(account, pass, connectSpare);
    openedWhileListing = whileListing.opened;
    const selected = await listAccount(account, first, whileListing, pass);
    const queued = await queueMailboxes(account, selected, whileListing, pass);
    queue = queued.queue;
    const workers = sessionsWanted(queued.needs, account.concurrency, pass.server);
    await runSessionPool(account, queue, workers, { first, spares: whileListing.spares }, pass, (error) => {
      failure ??= { error };
    });
    await endSetAside(pass, account.name);
    if (failure !== undefined) throw failure.error;
  } catch (error) {
    const info =
      error instanceof AccountAbort ? error.info : classifyError(error, { account: account.name, host: account.host });
    // A connect the run's stop cut short is no failure: the pass just ends sooner.
    if (!(info.code === 'STOPPED' && options.isStopping())) {
      if (!(error instanceof AccountAbort)) report(info);
      result.fatal = !NOT_FATAL.has(info.code);
      result.failed.push(account.name);
    }
  } finally {
    await Promise.allSettled(openedWhileListing);
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    if (connection.state !== undefined) connection.set('closed');
    await lock?.release().catch(() => undefined);
  }
  emit({ type: 'account-done', account: account.name, ok: result.failed.length === 0, at: clock() });
  return result;
}

/** Ends the pass's set-aside files (set-aside-files.ts): one that could not be removed is told. */
async function endSetAside(pass: AccountPass, account: string): Promise<void> {
  const notice = await pass.setAside.endPass(pass.isStopping() || pass.mailboxes !== undefined);
  if (notice !== undefined) pass.emit({ type: 'notice', account, message: notice, at: pass.clock() });
}

/** What the first session tells of the server, for how many more the pass opens and how it fetches. */
function sessionServer(first: RemoteSession): SessionServer {
  return {
    pipelines: first.pipelinesNext === true,
    onThisMachine: first.onThisMachine === true,
    namesMessages: first.namesMessages === true,
  };
}
