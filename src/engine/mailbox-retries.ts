// Retries of a pass: wait-class errors (BYE, throttling, drops) back off with jitter and resume the
// mailbox on a fresh connection; final ones end the mailbox, or the account if they reach it.
import type { AccountConfig } from '../config/types.js';
import type { AccountPass, AccountRunOptions, AccountConnection, QueuedMailbox } from './account-pass.js';
import { backoffOptions, retryDelay } from './backoff.js';
import { classifyError } from './errors.js';
import type { MailboxCounts, SyncErrorInfo } from './events.js';
import { SessionNeeded } from './examine-mailbox.js';
import { refusesParameters } from './imap/examine.js';
import { refusesBodySet } from './imap/fetch-in-halves.js';
import { addCounts, noCounts } from './mailbox-counts.js';
import { afterEarlier, reportMailbox } from './mailbox-outcome.js';
import type { MailboxSyncContext } from './mailbox-context.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';
import { syncMailbox } from './sync-mailbox.js';

/** Thrown out of a worker once its account-level error is reported. */
export class AccountAbort extends Error {
  constructor(readonly info: SyncErrorInfo) {
    super(info.message);
  }
}

/**
 * Sync one mailbox with reconnects; returns the session to reuse (or undefined after a drop).
 * `onSessionFree` is called when only local work is left, or the last FETCH is sent; from then on
 * the session belongs to the next mailbox, so an error never closes it: a failed FETCH queues
 * this mailbox again (SessionNeeded), any other error is final for it.
 */
export async function syncWithRetries(
  account: AccountConfig,
  { mailbox, prepared, keepsSession, notStored = new Set<number>(), earlier: before = noCounts() }: QueuedMailbox,
  initial: RemoteSession | undefined,
  pass: AccountPass,
  onSessionFree: (session: RemoteSession) => void,
): Promise<RemoteSession | undefined> {
  const maxAttempts = pass.maxAttempts ?? 6;
  let session = initial;
  let sessionFreed = false;
  const freeSession = () => {
    sessionFreed = true;
    onSessionFree(session!);
  };
  let earlier = before;
  for (let attempt = 0; ; attempt += 1) {
    const counts = noCounts();
    try {
      if (session === undefined) {
        session = await connectWithRetry(account, pass);
        pass.sessions.push(session);
      }
      // A status from the listing is only trusted before anything went wrong.
      const status = attempt === 0 && mailbox.status !== undefined ? mailbox.status : await session.status(mailbox);
      const lastAttempt = attempt + 1 >= maxAttempts;
      const ctx = attemptContext(account, pass, session, {
        mailbox,
        keepsSession,
        notStored,
        counts,
        freeSession,
        lastAttempt,
      });
      const outcome = await syncMailbox(ctx, status, attempt === 0 ? prepared : undefined);
      reportMailbox(account, mailbox, afterEarlier(outcome, earlier), pass);
      return session;
    } catch (caught) {
      earlier = addCounts(earlier, counts);
      if (pass.isStopping()) return undefined;
      // The session went on to the next mailbox; what was stored here is whole, so the mailbox goes
      // back to the queue, unless the commands it lost failed for good (an EXAMINE whose parameters
      // were refused has not: on a session of its own it is sent again without them; nor has a body
      // FETCH refused whole: there its UIDs are asked again in parts).
      const sessionLost = caught instanceof SessionNeeded;
      const error = sessionLost ? (caught.cause ?? caught) : caught;
      const info = classifyError(error, { account: account.name, mailbox: mailbox.name, host: account.host });
      const lostForGood = info.retry === 'final' && !refusesParameters(error) && !refusesBodySet(error);
      if (sessionLost && (caught.cause === undefined || !lostForGood)) {
        // A server that asked to wait, or a lost line, is waited out before the retry, as below.
        if (caught.cause !== undefined && info.retry === 'wait') {
          await pause(account, mailbox.name, info.message, attempt, pass);
        }
        if (!pass.isStopping()) pass.requeue({ mailbox, keepsSession: true, notStored, earlier });
        return undefined;
      }
      if (info.scope === 'account' && info.retry === 'final') {
        pass.report(info);
        throw new AccountAbort(info);
      }
      if (info.retry !== 'final' && !sessionFreed && attempt + 1 < maxAttempts && !pass.isStopping()) {
        await session?.close().catch(() => undefined);
        session = undefined;
        await pause(account, mailbox.name, info.message, attempt, pass);
        if (pass.isStopping()) return undefined;
        continue;
      }
      if (session !== undefined && (await goneDuringPass(info, mailbox, session))) {
        reportGoneDuringPass(account, mailbox, info, pass, earlier);
        return session;
      }
      giveUpMailbox(account, mailbox, info, pass, earlier);
      return info.retry === 'final' || sessionFreed ? session : undefined;
    }
  }
}

interface Attempt extends Pick<QueuedMailbox, 'mailbox' | 'keepsSession'> {
  notStored: Set<number>;
  counts: MailboxCounts;
  freeSession: () => void;
  lastAttempt: boolean;
}

/** What one attempt at a mailbox syncs with: the pass's stores and tools, this session, and whether a retry may follow. */
function attemptContext(
  account: AccountConfig,
  pass: AccountPass,
  session: RemoteSession,
  { mailbox, keepsSession, notStored, counts, freeSession, lastAttempt }: Attempt,
): MailboxSyncContext {
  return {
    account,
    session,
    server: pass.server,
    mailbox,
    states: pass.states,
    storedIds: pass.storedIds,
    setAside: pass.setAside,
    budget: pass.budget,
    allowMassDelete: pass.allowMassDelete,
    emit: pass.reportEvent,
    clock: pass.clock,
    sleep: pass.sleep,
    isStopping: pass.isStopping,
    freeSession,
    pipelineNext: keepsSession !== true,
    lastAttempt,
    notStored,
    counts,
    ...(pass.index !== undefined ? { index: pass.index } : {}),
  };
}

/**
 * The mailbox is given up for this pass: its error reported, itself counted as failed, its row
 * marked; what its attempts stored still counts.
 */
function giveUpMailbox(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  info: SyncErrorInfo,
  pass: AccountPass,
  stored: MailboxCounts,
): void {
  pass.report({ ...info, scope: 'mailbox', mailbox: mailbox.name });
  pass.result.totals = addCounts(pass.result.totals, stored);
  pass.result.failed.push(`${account.name}:${mailbox.name}`);
  const where = { account: account.name, mailbox: mailbox.name };
  pass.emit({ type: 'mailbox-phase', ...where, phase: 'error', at: pass.clock() });
}

/**
 * A mailbox the server refused that it no longer lists was deleted (or was a passing lock file)
 * since the listing: nothing is lost, so it is told, not counted as failed. One LIST, only then.
 */
async function goneDuringPass(info: SyncErrorInfo, mailbox: RemoteMailbox, session: RemoteSession): Promise<boolean> {
  if (info.code !== 'MAILBOX_FAILED' && info.code !== 'MAILBOX_GONE') return false;
  // Without its name as listed, the server never listed it (an INBOX assumed by withInbox).
  if (mailbox.wire === undefined || session.stillListed === undefined) return false;
  return !(await session.stillListed(mailbox).catch(() => true));
}

function reportGoneDuringPass(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  info: SyncErrorInfo,
  pass: AccountPass,
  stored: MailboxCounts,
) {
  const message = `gone from the server during the pass (${info.message}); local copy kept`;
  pass.emit({ type: 'notice', account: account.name, mailbox: mailbox.name, message, at: pass.clock() });
  reportMailbox(account, mailbox, { ...stored, upToDate: false, failed: false }, pass);
}

/** What connecting and waiting with backoff need of a pass (sync's, or restore's). */
export type RetryOptions = Pick<
  AccountRunOptions,
  'emit' | 'clock' | 'sleep' | 'isStopping' | 'maxAttempts' | 'backoffBaseMs' | 'random'
> & { connection: AccountConnection };

type ConnectOptions<S extends RemoteSession> = RetryOptions & { connect: (account: AccountConfig) => Promise<S> };

/**
 * The [ALERT] texts told in an account's pass (one AccountConnection each): a server that repeats
 * one on every login or after every APPEND (Courier, for each message with 8-bit headers) is told
 * it once.
 */
const toldAlerts = new WeakMap<AccountConnection, Set<string>>();

function firstTelling(connection: AccountConnection, text: string): boolean {
  let told = toldAlerts.get(connection);
  if (told === undefined) toldAlerts.set(connection, (told = new Set()));
  if (told.has(text)) return false;
  told.add(text);
  return true;
}

/** A session's [ALERT]s reach the user as notices; a message it could not read, as a notice with the why. */
function watchNotices(account: AccountConfig, session: RemoteSession, options: RetryOptions): void {
  session.onNotice?.((notice) => {
    const at = options.clock();
    if (notice.kind === 'alert') {
      if (!firstTelling(options.connection, notice.text)) return;
      options.emit({
        type: 'notice',
        account: account.name,
        message: `${account.host} says: ${notice.text}`,
        alert: true,
        at,
      });
      return;
    }
    const uid = notice.uid !== undefined ? `UID ${notice.uid}` : 'a message';
    const message = `${notice.mailbox}: ${uid} skipped, its FETCH is unreadable (${notice.reason})`;
    options.emit({ type: 'notice', account: account.name, mailbox: notice.mailbox, message, at });
  });
}

/**
 * Connect, retrying wait-class failures (server busy, network) with backoff; final ones throw.
 * Extra sessions of a connected account do not change its state.
 */
export async function connectWithRetry<S extends RemoteSession>(
  account: AccountConfig,
  options: ConnectOptions<S>,
): Promise<S> {
  const maxAttempts = options.maxAttempts ?? 6;
  for (let attempt = 0; ; attempt += 1) {
    const state = options.connection.state;
    if (state === undefined || state === 'closed') options.connection.set('connecting');
    try {
      const session = await options.connect(account);
      options.connection.set('connected', session.transport);
      watchNotices(account, session, options);
      return session;
    } catch (error) {
      const info = classifyError(error, { account: account.name, host: account.host });
      if (info.retry === 'final' || attempt + 1 >= maxAttempts || options.isStopping()) throw error;
      await pause(account, undefined, info.message, attempt, options);
    }
  }
}

/** Waits before retry number `attempt` (backing off, or as long as the server asked), telling the user until when and why. */
export async function pause(
  account: AccountConfig,
  mailbox: string | undefined,
  reason: string,
  attempt: number,
  ctx: RetryOptions,
): Promise<void> {
  const delayMs = retryDelay(attempt, reason, backoffOptions(ctx));
  const until = ctx.clock() + delayMs;
  const where = { account: account.name, ...(mailbox !== undefined ? { mailbox } : {}) };
  ctx.emit({ type: 'paused', ...where, until, reason, at: ctx.clock() });
  if (mailbox !== undefined) {
    ctx.emit({ type: 'mailbox-phase', account: account.name, mailbox, phase: 'paused', at: ctx.clock() });
  }
  ctx.connection.set('reconnecting');
  await ctx.sleep(delayMs);
}
