// One account's pass: lock, connect, LIST + pattern filter, then the mailboxes queued across a
// pool of `concurrency` sessions. Wait-class errors (BYE, throttling, drops) back off with jitter
// and resume the mailbox on a fresh connection; final ones end the mailbox or the account.
import type { AccountConfig } from '../config/types.js';
import { acquireAccountLock } from './account-lock.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { openDailyBudget, type DailyBudget } from './budget.js';
import { classifyError } from './errors.js';
import type { EngineEvent, SyncErrorInfo } from './events.js';
import { isMailboxSelected } from './patterns.js';
import { estimatedWork, sessionsWanted, type MailboxPlan } from './plan-mailbox.js';
import type { RemoteConnector, RemoteMailbox, RemoteSession, RemoteStatus } from './remote.js';
import { applyRemotePrefix } from './remote-prefix.js';
import { openStoredIds, type StoredIds } from './stored-ids.js';
import { mailboxStateStore } from './state-store.js';
import { mayGoAhead, planLocalMailbox, readLocalMailbox, SessionNeeded, syncMailbox, type LocalMailbox, type MailboxResult } from './sync-mailbox.js';
import { findVanishedMailboxes, vanishedNotice } from './vanished-mailboxes.js';

export interface AccountRunOptions {
  connect: RemoteConnector;
  emit: (event: EngineEvent) => void;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  isStopping: () => boolean;
  allowMassDelete: boolean;
  /** UTF-8 mailbox names to sync; undefined = the account's patterns. */
  mailboxes?: string[];
  /** Reconnect attempts per mailbox before it is given up (default 6). */
  maxAttempts?: number;
  /** First reconnect delay in ms (default 1000), doubled per attempt. */
  backoffBaseMs?: number;
  random?: () => number;
}

export interface AccountResult {
  mailboxes: number;
  failed: string[];
  /** A final account-level error that needs the user (auth, TLS, lock, config); the account is also in `failed`. */
  fatal: boolean;
  totals: { added: number; linked: number; flagsUpdated: number; deleted: number; bytes: number };
  errors: SyncErrorInfo[];
}

/** Thrown out of a worker once its account-level error is reported. */
class AccountAbort extends Error {
  constructor(readonly info: SyncErrorInfo) {
    super(info.message);
  }
}

/** Account stops that are not fatal (exit 1, not 2): nothing is wrong with the setup; rerun after freeing space. */
const NOT_FATAL = new Set(['DISK_FULL']);

type ConnectionState = Extract<EngineEvent, { type: 'connection' }>['state'];

/** The account's connection as one state, whatever its pool of sessions does; emitted on change. */
export interface AccountConnection {
  readonly state: ConnectionState | undefined;
  set(state: ConnectionState): void;
}

function accountConnection(account: string, emit: (event: EngineEvent) => void, clock: () => number): AccountConnection {
  let current: ConnectionState | undefined;
  return {
    get state() {
      return current;
    },
    set(state) {
      if (state === current) return;
      current = state;
      emit({ type: 'connection', account, state, at: clock() });
    },
  };
}

export async function syncAccount(account: AccountConfig, options: AccountRunOptions): Promise<AccountResult> {
  const { emit, clock } = options;
  const result: AccountResult = { mailboxes: 0, failed: [], fatal: false, totals: { added: 0, linked: 0, flagsUpdated: 0, deleted: 0, bytes: 0 }, errors: [] };
  const report = (error: SyncErrorInfo) => {
    result.errors.push(error);
    emit({ type: 'error', error, at: clock() });
  };
  const reportEvent = (event: EngineEvent) => {
    if (event.type === 'error') result.errors.push(event.error);
    emit(event);
  };
  emit({ type: 'account-start', account: account.name, at: clock() });

  let lock: { release(): Promise<void> } | undefined;
  const sessions: RemoteSession[] = [];
  /** Sessions opened while listing (prepareWhileListing): settled before all are closed. */
  let openedWhileListing: Promise<RemoteSession>[] = [];
  const connection = accountConnection(account.name, emit, clock);
  try {
    const acquired = await acquireAccountLock(account.stateDir, account.name);
    lock = acquired;
    if (acquired.notice !== undefined) emit({ type: 'notice', account: account.name, message: acquired.notice, at: clock() });
    const budget = await openDailyBudget(account.stateDir, account.dailyBudgetBytes, clock);
    const storedIds = await openStoredIds(account.stateDir);
    const first = await connectWithRetry(account, { ...options, connection });
    sessions.push(first);
    // A name asked for on the command line; INBOX in any case.
    const names = (name: string, m: RemoteMailbox) => name === m.name || (name.toUpperCase() === 'INBOX' && m.name === 'INBOX');
    const wanted = (m: RemoteMailbox) => m.selectable && (options.mailboxes
      ? options.mailboxes.some((name) => names(name, m))
      : isMailboxSelected(m.name, account.patterns));
    const states = mailboxStateStore(account.stateDir);
    // Sessions opened while listing are closed with the others, whatever happens next.
    const connectSpare = () => connectWithRetry(account, { ...options, connection }).then((session) => {
      sessions.push(session);
      return session;
    });
    const sendsAhead = first.sendsAhead === true;
    const early = prepareWhileListing(account, { states, budget, wanted, connect: connectSpare, sendsAhead, isStopping: options.isStopping });
    openedWhileListing = early.opened;
    let listed: RemoteMailbox[];
    try {
      listed = applyRemotePrefix(await first.list(early.onListed), account.remotePrefix);
    } finally {
      early.listingDone();
    }
    const selected = listed.filter(wanted);
    for (const name of options.mailboxes ?? []) {
      if (!selected.some((m) => names(name, m))) {
        report({ code: 'MAILBOX_NOT_FOUND', scope: 'mailbox', retry: 'final', account: account.name, mailbox: name, message: `no mailbox named ${name} on ${account.host}` });
        result.failed.push(`${account.name}:${name}`);
      }
    }
    if (options.mailboxes === undefined) {
      for (const gone of await findVanishedMailboxes(account, listed.map((m) => m.name))) {
        emit({ type: 'notice', account: account.name, mailbox: gone.name, message: vanishedNotice(gone), at: clock() });
      }
    }
    emit({ type: 'mailboxes', account: account.name, mailboxes: selected.map((m) => m.name), at: clock() });
    for (const m of selected) emit({ type: 'mailbox-phase', account: account.name, mailbox: m.name, phase: 'queued', at: clock() });
    result.mailboxes = selected.length;

    // One worker's account-level failure stops the others (after their message in flight), so
    // no session is opened or left behind once the account is given up.
    let failure: { error: unknown } | undefined;
    const queue: QueuedMailbox[] = [];
    const ctx: WorkerContext = {
      ...options, connection, budget, states, storedIds, report, reportEvent, result, sessions,
      isStopping: () => options.isStopping() || failure !== undefined,
      requeue: (again) => queue.unshift(again),
    };
    // LIST-STATUS already tells which mailboxes are unchanged (with their folders untouched): those
    // need no session at all; the others' states, read here, are not read again by their first attempt.
    const prepared = await Promise.all(selected.map((m) => (m.status !== undefined ? (early.prepared.get(m.name) ?? prepareMailbox(account, m, m.status, states)) : undefined)));
    // Of those queued, how many may let their session go ahead; one without STATUS (no LIST-STATUS) may not.
    let goAhead = 0;
    for (const [i, mailbox] of selected.entries()) {
      const ready = prepared[i];
      if (ready?.plan.kind === 'skip') {
        finishMailbox(account, mailbox, { added: 0, linked: 0, flagsUpdated: 0, deleted: 0, bytes: 0, upToDate: true, failed: false }, ctx);
        continue;
      }
      queue.push({ mailbox, ...(ready !== undefined ? { local: ready.local } : {}) });
      if (ready !== undefined && mayGoAhead(ready.plan, ready.local.saved, mailbox.status!, account, budget)) goAhead += 1;
    }
    // Costliest first (stable, so the listing's order otherwise), so no big one runs alone at the end;
    // All Mail last: its messages are the labels' too, so once they are stored it downloads only
    // the unlabelled ones (a daily budget then goes to the labelled mail first).
    const work = new Map(queue.map((q) => [q, estimatedWork(q.local?.saved ?? null, q.mailbox.status)]));
    queue.sort((a, b) => Number(a.mailbox.allMail === true) - Number(b.mailbox.allMail === true) || work.get(b)! - work.get(a)!);
    const workers = sessionsWanted(goAhead, queue.length - goAhead, account.concurrency, sendsAhead);
    // Every worker's tails, for the limit they share: the one session that sends ahead may use them all.
    const allTails = new Set<Promise<unknown>>();
    const worker = async (index: number) => {
      // A session opened while listing, if any; one that failed is opened again as needed.
      let session: RemoteSession | undefined = index === 0 ? first : await early.spares.shift()?.catch(() => undefined);
      // Mailboxes whose session moved on while their local tail (writes, fsyncs, state) finishes.
      const tails = new Set<Promise<unknown>>();
      try {
        while (!ctx.isStopping()) {
          const next = queue.shift();
          if (next === undefined) {
            // A mailbox still in a tail may come back to the queue (SessionNeeded).
            if (tails.size === 0) break;
            await Promise.race(tails);
            continue;
          }
          while (allTails.size >= LOCAL_TAILS) await Promise.race(allTails);
          const handoff = await handOffSession(account, next, session, ctx);
          session = handoff.session;
          if (handoff.tail !== undefined) {
            const tail = handoff.tail.catch((error: unknown) => {
              failure ??= { error };
            }).finally(() => {
              tails.delete(tail);
              allTails.delete(tail);
            });
            tails.add(tail);
            allTails.add(tail);
          }
        }
      } catch (error) {
        failure ??= { error };
      }
      await Promise.all(tails);
    };
    await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
    if (failure !== undefined) throw failure.error;
  } catch (error) {
    const info = error instanceof AccountAbort ? error.info : classifyError(error, { account: account.name, host: account.host });
    if (!(error instanceof AccountAbort)) report(info);
    result.fatal = !NOT_FATAL.has(info.code);
    result.failed.push(account.name);
  } finally {
    await Promise.allSettled(openedWhileListing);
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    if (connection.state !== undefined) connection.set('closed');
    await lock?.release().catch(() => undefined);
  }
  emit({ type: 'account-done', account: account.name, ok: result.failed.length === 0, at: clock() });
  return result;
}

/**
 * While the listing streams in (LIST-STATUS): each wanted mailbox's state and folder are read, and
 * the sessions that the mailboxes seen so far call for (sessionsWanted) are opened, so the workers
 * find them ready when the listing ends. A pass of small changes opens no other connection.
 */
function prepareWhileListing(account: AccountConfig, how: {
  states: ReturnType<typeof mailboxStateStore>;
  budget: DailyBudget;
  wanted: (mailbox: RemoteMailbox) => boolean;
  connect: () => Promise<RemoteSession>;
  sendsAhead: boolean;
  isStopping: () => boolean;
}): EarlyWork {
  const prepared = new Map<string, Promise<PreparedMailbox>>();
  const spares: Promise<RemoteSession>[] = [];
  const opened: Promise<RemoteSession>[] = [];
  const count = { goAhead: 0, needSession: 0 };
  let listingDone = false;
  const onListed = (listed: RemoteMailbox) => {
    const [mailbox] = applyRemotePrefix([listed], account.remotePrefix);
    const status = mailbox?.status;
    if (mailbox === undefined || status === undefined || !how.wanted(mailbox) || prepared.has(mailbox.name)) return;
    const ready = prepareMailbox(account, mailbox, status, how.states);
    prepared.set(mailbox.name, ready);
    ready.then(({ local, plan }) => {
      if (plan.kind === 'skip') return;
      if (mayGoAhead(plan, local.saved, status, account, how.budget)) count.goAhead += 1;
      else count.needSession += 1;
      while (!listingDone && !how.isStopping() && opened.length + 1 < sessionsWanted(count.goAhead, count.needSession, account.concurrency, how.sendsAhead)) {
        const session = how.connect();
        opened.push(session);
        spares.push(session);
      }
    }, () => undefined);
  };
  return { onListed, prepared, spares, opened, listingDone: () => void (listingDone = true) };
}

/** A mailbox's saved state and folder, and the plan they make with its STATUS. */
interface PreparedMailbox {
  local: LocalMailbox;
  plan: MailboxPlan;
}

async function prepareMailbox(account: AccountConfig, mailbox: RemoteMailbox, status: RemoteStatus, states: ReturnType<typeof mailboxStateStore>): Promise<PreparedMailbox> {
  const local = await readLocalMailbox(account, mailbox, states);
  return { local, plan: planLocalMailbox(local, status) };
}

interface EarlyWork {
  onListed: (mailbox: RemoteMailbox) => void;
  /** Each wanted mailbox listed with its STATUS, prepared, by name. */
  prepared: Map<string, Promise<PreparedMailbox>>;
  /** Sessions opened and not yet taken by a worker. */
  spares: Promise<RemoteSession>[];
  /** Every session opened, taken or not. */
  opened: Promise<RemoteSession>[];
  /** No session is opened from now on. */
  listingDone: () => void;
}

/**
 * How many mailboxes (of all sessions together) may still be waiting for their answers or writing
 * locally while their session serves another one: the network and the disk overlap, and the
 * bodies held meanwhile stay bounded (a batch or a few arrivals each).
 */
const LOCAL_TAILS = 8;

/**
 * Syncs a mailbox until it is done or it hands its session back (what remains is local); then
 * `tail` is the rest, which settles once the mailbox is finished and reported.
 */
async function handOffSession(
  account: AccountConfig,
  queued: QueuedMailbox,
  session: RemoteSession | undefined,
  ctx: WorkerContext,
): Promise<{ session: RemoteSession | undefined; tail?: Promise<unknown> }> {
  let handBack!: (session: RemoteSession) => void;
  const released = new Promise<RemoteSession>((resolve) => {
    handBack = resolve;
  });
  const done = syncOneMailbox(account, queued, session, ctx, handBack);
  return Promise.race([done.then((next) => ({ session: next })), released.then((free) => ({ session: free, tail: done }))]);
}

interface QueuedMailbox {
  mailbox: RemoteMailbox;
  local?: LocalMailbox;
  /** Queued again after its session went ahead too early: this time it keeps the session. */
  again?: true;
}

interface WorkerContext extends AccountRunOptions {
  connection: AccountConnection;
  budget: DailyBudget;
  states: ReturnType<typeof mailboxStateStore>;
  storedIds: StoredIds;
  report: (error: SyncErrorInfo) => void;
  reportEvent: (event: EngineEvent) => void;
  result: AccountResult;
  sessions: RemoteSession[];
  /** Puts a mailbox back at the head of the queue. */
  requeue: (queued: QueuedMailbox) => void;
}

/**
 * Sync one mailbox with reconnects; returns the session to reuse (or undefined after a drop).
 * `releaseSession` is called when only local work is left; from then on the session belongs to
 * the next mailbox, so an error is final for this one and never closes the session.
 */
async function syncOneMailbox(
  account: AccountConfig,
  { mailbox, local, again }: QueuedMailbox,
  initial: RemoteSession | undefined,
  ctx: WorkerContext,
  releaseSession: (session: RemoteSession) => void,
): Promise<RemoteSession | undefined> {
  const { clock } = ctx;
  const maxAttempts = ctx.maxAttempts ?? 6;
  let session = initial;
  let released = false;
  const release = () => {
    released = true;
    releaseSession(session!);
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (session === undefined) {
        session = await connectWithRetry(account, ctx);
        ctx.sessions.push(session);
      }
      // A status from the listing is only trusted before anything went wrong.
      const status = attempt === 0 && mailbox.status !== undefined ? mailbox.status : await session.status(mailbox);
      const outcome: MailboxResult = await syncMailbox({
        account, session, mailbox, states: ctx.states, storedIds: ctx.storedIds, budget: ctx.budget, allowMassDelete: ctx.allowMassDelete,
        emit: ctx.reportEvent, clock, sleep: ctx.sleep, isStopping: ctx.isStopping, releaseSession: release, sendAhead: again !== true,
      }, status, attempt === 0 ? local : undefined);
      finishMailbox(account, mailbox, outcome, ctx);
      return session;
    } catch (caught) {
      if (ctx.isStopping()) return undefined;
      // The session went ahead and is another mailbox's now; nothing was changed here, so the
      // mailbox goes back to the queue, unless the commands it lost failed for good.
      const sessionLost = caught instanceof SessionNeeded;
      const error = sessionLost ? caught.cause ?? caught : caught;
      const info = classifyError(error, { account: account.name, mailbox: mailbox.name, host: account.host });
      if (sessionLost && (caught.cause === undefined || info.retry !== 'final')) {
        ctx.requeue({ mailbox, again: true });
        return undefined;
      }
      if (info.scope === 'account' && info.retry === 'final') {
        ctx.report(info);
        throw new AccountAbort(info);
      }
      if (info.retry !== 'final' && !released && attempt + 1 < maxAttempts && !ctx.isStopping()) {
        await session?.close().catch(() => undefined);
        session = undefined;
        await pause(account, mailbox.name, info.message, backoffDelay(attempt, backoffOptions(ctx)), ctx);
        if (ctx.isStopping()) return undefined;
        continue;
      }
      ctx.report({ ...info, scope: 'mailbox', mailbox: mailbox.name });
      ctx.result.failed.push(`${account.name}:${mailbox.name}`);
      ctx.emit({ type: 'mailbox-phase', account: account.name, mailbox: mailbox.name, phase: 'error', at: clock() });
      return info.retry === 'final' || released ? session : undefined;
    }
  }
}

function finishMailbox(account: AccountConfig, mailbox: RemoteMailbox, outcome: MailboxResult, ctx: WorkerContext): void {
  const t = ctx.result.totals;
  t.added += outcome.added;
  t.linked += outcome.linked;
  t.flagsUpdated += outcome.flagsUpdated;
  t.deleted += outcome.deleted;
  t.bytes += outcome.bytes;
  if (outcome.failed) ctx.result.failed.push(`${account.name}:${mailbox.name}`);
  const where = { account: account.name, mailbox: mailbox.name };
  ctx.emit({ type: 'mailbox-phase', ...where, phase: outcome.upToDate ? 'uptodate' : 'done', at: ctx.clock() });
  ctx.emit({
    type: 'mailbox-done', ...where, added: outcome.added, linked: outcome.linked, flagsUpdated: outcome.flagsUpdated,
    deleted: outcome.deleted, bytes: outcome.bytes, upToDate: outcome.upToDate, at: ctx.clock(),
  });
}

function backoffOptions(options: AccountRunOptions): BackoffOptions {
  return {
    ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  };
}

interface ConnectOptions extends AccountRunOptions {
  connection: AccountConnection;
}

async function pause(account: AccountConfig, mailbox: string | undefined, reason: string, delayMs: number, ctx: ConnectOptions): Promise<void> {
  const until = ctx.clock() + delayMs;
  ctx.emit({ type: 'paused', account: account.name, ...(mailbox !== undefined ? { mailbox } : {}), until, reason, at: ctx.clock() });
  if (mailbox !== undefined) ctx.emit({ type: 'mailbox-phase', account: account.name, mailbox, phase: 'paused', at: ctx.clock() });
  ctx.connection.set('reconnecting');
  await ctx.sleep(delayMs);
}

/**
 * Connect, retrying wait-class failures (server busy, network) with backoff; final ones throw.
 * Extra sessions of a connected account do not change its state.
 */
async function connectWithRetry(account: AccountConfig, options: ConnectOptions): Promise<RemoteSession> {
  const maxAttempts = options.maxAttempts ?? 6;
  for (let attempt = 0; ; attempt += 1) {
    if (options.connection.state === undefined || options.connection.state === 'closed') options.connection.set('connecting');
    try {
      const session = await options.connect(account);
      options.connection.set('connected');
      return session;
    } catch (error) {
      const info = classifyError(error, { account: account.name, host: account.host });
      if (info.retry === 'final' || attempt + 1 >= maxAttempts || options.isStopping()) throw error;
      await pause(account, undefined, info.message, backoffDelay(attempt, backoffOptions(options)), options);
    }
  }
}
