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
import type { RemoteConnector, RemoteMailbox, RemoteSession } from './remote.js';
import { applyRemotePrefix } from './remote-prefix.js';
import { mailboxStateStore } from './state-store.js';
import { syncMailbox, type MailboxResult } from './sync-mailbox.js';

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
  /** A final account-level error (auth, TLS, lock, disk full). */
  fatal: boolean;
  totals: { added: number; flagsUpdated: number; deleted: number; bytes: number };
  errors: SyncErrorInfo[];
}

class AccountAbort extends Error {}

export async function syncAccount(account: AccountConfig, options: AccountRunOptions): Promise<AccountResult> {
  const { emit, clock } = options;
  const result: AccountResult = { mailboxes: 0, failed: [], fatal: false, totals: { added: 0, flagsUpdated: 0, deleted: 0, bytes: 0 }, errors: [] };
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
  try {
    const acquired = await acquireAccountLock(account.stateDir, account.name);
    lock = acquired;
    if (acquired.notice !== undefined) emit({ type: 'notice', account: account.name, message: acquired.notice, at: clock() });
    const budget = await openDailyBudget(account.stateDir, account.dailyBudgetBytes, clock);
    const first = await connectWithRetry(account, options);
    sessions.push(first);
    const listed = applyRemotePrefix(await first.list(), account.remotePrefix);
    const selected = listed.filter((m) => m.selectable && (options.mailboxes
      ? options.mailboxes.some((name) => name === m.name || (name.toUpperCase() === 'INBOX' && m.name === 'INBOX'))
      : isMailboxSelected(m.name, account.patterns)));
    for (const name of options.mailboxes ?? []) {
      if (!selected.some((m) => m.name === name || (name.toUpperCase() === 'INBOX' && m.name === 'INBOX'))) {
        report({ code: 'MAILBOX_NOT_FOUND', scope: 'mailbox', retry: 'final', account: account.name, mailbox: name, message: `no mailbox named ${name} on ${account.host}` });
        result.failed.push(`${account.name}:${name}`);
      }
    }
    emit({ type: 'mailboxes', account: account.name, mailboxes: selected.map((m) => m.name), at: clock() });
    for (const m of selected) emit({ type: 'mailbox-phase', account: account.name, mailbox: m.name, phase: 'queued', at: clock() });
    result.mailboxes = selected.length;

    const queue = [...selected];
    const states = mailboxStateStore(account.stateDir);
    const workers = Math.max(1, Math.min(account.concurrency, queue.length));
    const worker = async (index: number) => {
      let session: RemoteSession | undefined = index === 0 ? first : undefined;
      for (let mailbox = queue.shift(); mailbox !== undefined && !options.isStopping(); mailbox = queue.shift()) {
        session = await syncOneMailbox(account, mailbox, session, { ...options, budget, states, report, reportEvent, result, sessions });
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
  } catch (error) {
    if (!(error instanceof AccountAbort)) report(classifyError(error, { account: account.name, host: account.host }));
    result.fatal = true;
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    if (sessions.length > 0) emit({ type: 'connection', account: account.name, state: 'closed', at: clock() });
    await lock?.release().catch(() => undefined);
  }
  emit({ type: 'account-done', account: account.name, ok: !result.fatal && result.failed.length === 0, at: clock() });
  return result;
}

interface WorkerContext extends AccountRunOptions {
  budget: DailyBudget;
  states: ReturnType<typeof mailboxStateStore>;
  report: (error: SyncErrorInfo) => void;
  reportEvent: (event: EngineEvent) => void;
  result: AccountResult;
  sessions: RemoteSession[];
}

/** Sync one mailbox with reconnects; returns the session to reuse (or undefined after a drop). */
async function syncOneMailbox(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  initial: RemoteSession | undefined,
  ctx: WorkerContext,
): Promise<RemoteSession | undefined> {
  const { clock } = ctx;
  const maxAttempts = ctx.maxAttempts ?? 6;
  let session = initial;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (session === undefined) {
        session = await connectWithRetry(account, ctx);
        ctx.sessions.push(session);
      }
      const status = await session.status(mailbox);
      const outcome: MailboxResult = await syncMailbox({
        account, session, mailbox, states: ctx.states, budget: ctx.budget, allowMassDelete: ctx.allowMassDelete,
        emit: ctx.reportEvent, clock, sleep: ctx.sleep, isStopping: ctx.isStopping,
      }, status);
      const t = ctx.result.totals;
      t.added += outcome.added;
      t.flagsUpdated += outcome.flagsUpdated;
      t.deleted += outcome.deleted;
      t.bytes += outcome.bytes;
      if (outcome.failed) ctx.result.failed.push(`${account.name}:${mailbox.name}`);
      ctx.emit({ type: 'mailbox-phase', account: account.name, mailbox: mailbox.name, phase: outcome.upToDate ? 'uptodate' : 'done', at: clock() });
      ctx.emit({
        type: 'mailbox-done', account: account.name, mailbox: mailbox.name, added: outcome.added, flagsUpdated: outcome.flagsUpdated,
        deleted: outcome.deleted, bytes: outcome.bytes, upToDate: outcome.upToDate, at: clock(),
      });
      return session;
    } catch (error) {
      if (ctx.isStopping()) return undefined;
      const info = classifyError(error, { account: account.name, mailbox: mailbox.name, host: account.host });
      if (info.scope === 'account' && info.retry === 'final') {
        ctx.report(info);
        throw new AccountAbort(info.message);
      }
      if (info.retry !== 'final' && attempt + 1 < maxAttempts && !ctx.isStopping()) {
        await session?.close().catch(() => undefined);
        session = undefined;
        await pause(account, mailbox.name, info.message, backoffDelay(attempt, backoffOptions(ctx)), ctx);
        continue;
      }
      ctx.report({ ...info, scope: 'mailbox', mailbox: mailbox.name });
      ctx.result.failed.push(`${account.name}:${mailbox.name}`);
      ctx.emit({ type: 'mailbox-phase', account: account.name, mailbox: mailbox.name, phase: 'error', at: clock() });
      return info.retry === 'final' ? session : undefined;
    }
  }
}

function backoffOptions(options: AccountRunOptions): BackoffOptions {
  return {
    ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  };
}

async function pause(account: AccountConfig, mailbox: string | undefined, reason: string, delayMs: number, ctx: AccountRunOptions): Promise<void> {
  const until = ctx.clock() + delayMs;
  ctx.emit({ type: 'paused', account: account.name, ...(mailbox !== undefined ? { mailbox } : {}), until, reason, at: ctx.clock() });
  if (mailbox !== undefined) ctx.emit({ type: 'mailbox-phase', account: account.name, mailbox, phase: 'paused', at: ctx.clock() });
  ctx.emit({ type: 'connection', account: account.name, state: 'reconnecting', at: ctx.clock() });
  await ctx.sleep(delayMs);
}

/** Connect, retrying wait-class failures (server busy, network) with backoff; final ones throw. */
async function connectWithRetry(account: AccountConfig, options: AccountRunOptions): Promise<RemoteSession> {
  const maxAttempts = options.maxAttempts ?? 6;
  for (let attempt = 0; ; attempt += 1) {
    options.emit({ type: 'connection', account: account.name, state: 'connecting', at: options.clock() });
    try {
      const session = await options.connect(account);
      options.emit({ type: 'connection', account: account.name, state: 'connected', at: options.clock() });
      return session;
    } catch (error) {
      const info = classifyError(error, { account: account.name, host: account.host });
      if (info.retry === 'final' || attempt + 1 >= maxAttempts || options.isStopping()) throw error;
      await pause(account, undefined, info.message, backoffDelay(attempt, backoffOptions(options)), options);
    }
  }
}
