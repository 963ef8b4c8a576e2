// A body FETCH the server refuses as a whole over one message it cannot give: Exchange answers
// `BAD Command Argument Error. 11` to the whole UID set when one message cannot be converted, Yahoo
// `NO [SERVERBUG]` with no bodies at all. Taken as it comes, that one message would cost its whole
// batch on every pass. So the UIDs left without a body are asked again in halves, down to single
// UIDs, and only a message refused alone is unreadable. (isync asks for one message per FETCH and
// takes a BAD to it as that message's failure, DRV_MSG_BAD; imapflow fails the command.)
import { asksToWait, SyncError } from '../errors.js';
import { BodiesBeforeLoss, type RemoteBody } from '../remote.js';
import { ImapCommandError } from './imap-errors.js';

/** A message the server sent no readable body for: it is skipped, the rest of the batch goes on. */
export type UnreadableMessage = (uid: number | undefined, error: Error) => void;

/**
 * Messages refused alone before, while no part of the set gave a body, the refusals are taken for
 * the command's (a bug of ours) or the mailbox's, which then fails. With k messages refused, the
 * halves cost at most 2·k·⌈log2 n⌉ commands (depth first), and this many refused caps that.
 */
const REFUSED_ALONE_BEFORE_DOUBT = 8;

/**
 * A NO or BAD about the messages asked for; not one saying the server is busy (the account then
 * waits). Exchange answers BAD (`Command Argument Error. 11`) for a message it cannot convert.
 */
export function refusesMessages(error: unknown): error is ImapCommandError {
  return error instanceof ImapCommandError && !asksToWait(error);
}

/**
 * A FETCH refused as a whole (perhaps after some bodies), as a body FETCH is when the session went
 * on to another mailbox before its UIDs could be asked again in parts: on a session of its own,
 * they can. (A FETCH refused in every part fails as a SyncError instead.)
 */
export function refusesBodySet(error: unknown): boolean {
  const cause = error instanceof BodiesBeforeLoss ? error.cause : error;
  return refusesMessages(cause) && cause.command === 'UID FETCH';
}

export interface SetFetcher {
  /** One FETCH of `uids`: their bodies; a refusal of the set rejects (with BodiesBeforeLoss if some came). */
  fetchSet: (uids: number[]) => Promise<RemoteBody[]>;
  onUnreadable: UnreadableMessage;
  /** Whether another FETCH may be sent now (the connection is up, its mailbox still selected). */
  mayAsk: () => boolean;
  /**
   * Settles once every command sent before it is answered: untagged data goes to the oldest
   * command in flight, and a server may answer pipelined commands together.
   */
  olderAnswered: () => Promise<void>;
}

/** What one FETCH gave: its bodies, and the refusal that left the others without one. */
interface Answer {
  bodies: RemoteBody[];
  refusal?: ImapCommandError;
}

/** What the halves found so far. */
interface Found {
  bodies: RemoteBody[];
  refusedAlone: Map<number, ImapCommandError>;
}

/** The halves stop: the session went on (the FETCH fails as it first did, to be asked again on a session of its own). */
class SessionWentOn extends Error {}

/** Every message asked alone refused, none given (above): the mailbox fails, with what the server said. */
function inDoubt(refusal: ImapCommandError, refusedAlone: number): SyncError {
  const why = `${refusal.responseStatus} ${refusal.responseText}`;
  const what = `the server refused its body FETCH (${why}), and each of ${refusedAlone} messages asked alone`;
  return new SyncError('MAILBOX_FAILED', 'mailbox', 'final', what);
}

/**
 * `uids` fetched; if the server refuses the set, the UIDs left without a body asked again in
 * halves until each refusal is down to one message, which is handed to onUnreadable. The first
 * FETCH is queued when the call returns. When the halves stop, or the connection fails, it rejects
 * (with BodiesBeforeLoss when bodies had come).
 */
export async function fetchInHalvesWhenRefused(uids: number[], fetcher: SetFetcher): Promise<RemoteBody[]> {
  const first = await answerOf(fetcher.fetchSet(uids));
  if (first.refusal === undefined) return first.bodies;
  const found: Found = { bodies: [...first.bodies], refusedAlone: new Map() };
  try {
    await fetcher.olderAnswered();
    await askAgain(uids, first, fetcher, found);
  } catch (error) {
    if (error instanceof BodiesBeforeLoss) found.bodies.push(...error.bodies);
    const why =
      error instanceof SessionWentOn ? first.refusal : error instanceof BodiesBeforeLoss ? error.cause : error;
    throw found.bodies.length > 0 ? new BodiesBeforeLoss(found.bodies, why) : why;
  }
  for (const [uid, refusal] of found.refusedAlone) {
    fetcher.onUnreadable(uid, new Error(`the server answered ${refusal.responseStatus}: ${refusal.responseText}`));
  }
  return found.bodies.sort((a, b) => a.uid - b.uid);
}

/** The bodies of a FETCH, or those that came before the server refused the set. */
function answerOf(fetch: Promise<RemoteBody[]>): Promise<Answer> {
  return fetch.then(
    (bodies) => ({ bodies }),
    (error: unknown) => {
      const cause = error instanceof BodiesBeforeLoss ? error.cause : error;
      if (!refusesMessages(cause)) throw error;
      return { bodies: error instanceof BodiesBeforeLoss ? error.bodies : [], refusal: cause };
    },
  );
}

/**
 * The UIDs of `asked` that `answer` refused, settled: one asked alone is refused for good; more are
 * asked again in two halves, one after the other (alone in flight), and each half refused again is
 * settled in turn, depth first (so the doubt above comes before the whole tree is asked).
 */
async function askAgain(asked: number[], answer: Answer, fetcher: SetFetcher, found: Found): Promise<void> {
  if (asked.length === 1) {
    found.refusedAlone.set(asked[0]!, answer.refusal!);
    const alone = found.refusedAlone.size;
    if (found.bodies.length === 0 && alone > REFUSED_ALONE_BEFORE_DOUBT) throw inDoubt(answer.refusal!, alone);
    return;
  }
  const answered = new Set(answer.bodies.map((b) => b.uid));
  const left = asked.filter((uid) => !answered.has(uid));
  const middle = Math.ceil(left.length / 2);
  const parts = left.length <= 1 ? [left] : [left.slice(0, middle), left.slice(middle)];
  const refused: [number[], Answer][] = [];
  for (const part of parts.filter((p) => p.length > 0)) {
    if (!fetcher.mayAsk()) throw new SessionWentOn();
    const again = await answerOf(fetcher.fetchSet(part));
    found.bodies.push(...again.bodies);
    if (again.refusal !== undefined) refused.push([part, again]);
  }
  for (const [part, again] of refused) await askAgain(part, again, fetcher, found);
}
