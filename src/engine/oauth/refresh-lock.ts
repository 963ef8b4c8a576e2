// One refresh of an account's sign-in at a time across mailkeep processes (a sync from a timer, a
// verify, a restore): a provider that rotates refresh tokens takes each one once, so a second
// process sending the same one got invalid_grant and was told to sign in again (providers with
// reuse detection revoke the whole sign-in then). The lock is a file in the account's state
// directory, taken over from a process that died holding it, as the sync lock is.
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireAccountLock, LockError, type AccountLock } from '../account-lock.js';
import { errnoWords } from '../../text/errno-words.js';
import { OAuthError } from './oauth-errors.js';

export const REFRESH_LOCK_FILE = 'oauth-refresh.lock';
const POLL_MS = 50;

/**
 * Waits while another process refreshes (up to `waitMs`, or till `signal` stops it), then holds the
 * refresh lock. A run stopped before it holds the lock never takes it: the lock freed later must
 * not send a refresh for a run that has ended.
 */
export async function lockRefresh(
  stateDir: string,
  account: string,
  waitMs: number,
  signal?: AbortSignal,
): Promise<AccountLock> {
  const deadline = Date.now() + waitMs;
  const stopped = () =>
    new OAuthError('OAUTH_TIMEOUT', `account '${account}': stopped while another process refreshed its sign-in`);
  for (;;) {
    if (signal?.aborted) throw stopped();
    const held = await attemptLock(stateDir, account);
    if (!(held instanceof LockError)) {
      if (!signal?.aborted) return held;
      await held.release();
      throw stopped();
    }
    if (Date.now() >= deadline) {
      const by = held.holder ? `process ${held.holder.pid}` : 'another process';
      const problem = `account '${account}': ${by} has been refreshing its sign-in for ${Math.round(waitMs / 1000)} s`;
      throw new OAuthError('OAUTH_TOKEN_STORE', `${problem} (lock ${held.lockPath})`, 'wait');
    }
    await sleep(POLL_MS, undefined, signal ? { signal } : {}).catch(() => {
      throw stopped();
    });
  }
}

/** The lock, or the LockError saying who holds it; any other failure is a one-line OAuthError. */
async function attemptLock(stateDir: string, account: string): Promise<AccountLock | LockError> {
  try {
    return await acquireAccountLock(stateDir, account, REFRESH_LOCK_FILE);
  } catch (error) {
    if (error instanceof LockError) return error;
    const words = errnoWords((error as NodeJS.ErrnoException).code);
    throw new OAuthError('OAUTH_TOKEN_STORE', `account '${account}': cannot lock its sign-in: ${words}`);
  }
}
