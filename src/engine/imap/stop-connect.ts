// A run's stop (^C, SIGTERM, quitting the app) while a connection is still being made: the connect
// ends at once, where a server that does not answer would hold it for the whole Timeout.
import { SyncError } from '../errors.js';

/** A connect the run's stop cut short: no failure of the server's, the pass just ends sooner. */
export function connectStopped(host: string): SyncError {
  return new SyncError('STOPPED', 'account', 'final', `stopped while connecting to ${host}`);
}

/** Runs `step`; an abort of `signal` meanwhile calls `abandon` (which ends the connection). */
export async function unlessStopped<T>(
  signal: AbortSignal | undefined,
  abandon: () => void,
  step: () => Promise<T>,
): Promise<T> {
  if (signal === undefined) return step();
  if (signal.aborted) abandon();
  else signal.addEventListener('abort', abandon, { once: true });
  try {
    return await step();
  } finally {
    signal.removeEventListener('abort', abandon);
  }
}
