// A body FETCH answered NO asking to wait ([UNAVAILABLE], [LIMIT]) once no retry is left: as mbsync
// takes any NO on a FETCH, a refusal of the messages it sent no body for, not of the mailbox.
import { asksToWait } from './errors.js';
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
