// A body FETCH answered NO asking to wait ([UNAVAILABLE], [LIMIT]) once no retry is left: as mbsync
// takes any NO on a FETCH, a refusal of the messages it sent no body for, not of the mailbox.
import { asksToWait, SyncError } from './errors.js';
import { ImapCommandError } from './imap/imap-errors.js';
import { BodiesBeforeLoss, type RemoteBody } from './remote.js';

export interface RefusedBodies {
  /** The bodies that came before the NO. */
  bodies: RemoteBody[];
  /** What the server said. */
  reason: string;
}

/**
 * The refusal in `error`, when it refused some of `uids` and not others, or the one asked for;
 * undefined otherwise: a FETCH of several refused whole is a busy server, and fails the mailbox.
 */
export function refusedBodies(error: unknown, uids: readonly number[]): RefusedBodies | undefined {
  const bodies = error instanceof BodiesBeforeLoss ? error.bodies : [];
  const cause = error instanceof BodiesBeforeLoss ? error.cause : error;
  if (!(cause instanceof ImapCommandError) || !asksToWait(cause)) return undefined;
  if (bodies.length === 0 && uids.length !== 1) return undefined;
  return { bodies, reason: cause.responseText || cause.message };
}

/**
 * A message such a NO left without its body: not downloaded this pass (MESSAGE_UNREADABLE, exit 1),
 * nor refused for good; the next pass asks for it again.
 */
export function notDownloaded(uid: number, reason: string): SyncError {
  const what = `UID ${uid} not downloaded this pass, the server asked to wait (${reason})`;
  return new SyncError('MESSAGE_UNREADABLE', 'message', 'temp', `${what}; asked for again next pass`);
}
