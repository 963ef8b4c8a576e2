// A run's stop (^C, SIGTERM, quitting the app) while a connection is still being made: the connect
// ends at once, where a server that does not answer would hold it for the whole Timeout.
import { SyncError } from '../errors.js';

/** A connect the run's stop cut short: no failure of the server's, the pass just ends sooner. */
export function connectStopped(host: string): SyncError {
  return new SyncError('STOPPED', 'account', 'final', `stopped while connecting to ${host}`);
}

/** Runs `step`; an abort of `stop` meanwhile calls `abandon` (which ends the connection). */
export async function unlessStopped<T>(
  stop: AbortSignal | undefined,
  abandon: () => void,
  step: () => Promise<T>,
): Promise<T> {
  if (stop === undefined) return step();
  if (stop.aborted) abandon();
  else stop.addEventListener('abort', abandon, { once: true });
  try {
    return await step();
  } finally {
    stop.removeEventListener('abort', abandon);
  }
}

/**
 * `work`'s outcome, or the stop's error as soon as `stop` aborts. The work is not cut short: a
 * token refresh under way still stores the refresh token it gets (a provider that rotates them has
 * already dropped the old one).
 */
export function untilStopped<T>(stop: AbortSignal | undefined, host: string, work: Promise<T>): Promise<T> {
  if (stop === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(connectStopped(host));
    if (stop.aborted) onAbort();
    else stop.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => stop.removeEventListener('abort', onAbort));
  });
}
