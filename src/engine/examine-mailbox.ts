// The EXAMINE of a mailbox's pass, with the folder read while the server answers, and the session
// let go to the next mailbox as soon as the EXAMINE is sent when the pass is pipelined.
import type { LocalMaildirFolder, MaildirScan } from '../maildir/index.js';
import type { ExamineRequest } from './prepare-mailbox.js';
import type { RemoteExamined, RemoteMailbox, RemoteSession } from './remote.js';

/**
 * A pipelined pass needs its session after all (more arrivals than STATUS announced, a big one, no
 * QRESYNC answer), or lost the commands it sent (`cause`), such as its last batch's FETCH once the
 * session went on. What it stored is whole (the Maildir is the truth) and nothing else was changed:
 * the mailbox is to be synced again, on a session of its own.
 */
export class SessionNeeded extends Error {
  constructor(
    readonly mailbox: string,
    cause?: unknown,
  ) {
    super(`${mailbox} needs its session again`, cause === undefined ? undefined : { cause });
  }
}

export interface Examined {
  examined: RemoteExamined;
  /** Every file of the folder, unless only the changes' files are to be looked up. */
  scan?: MaildirScan;
  /** The session went on to the next mailbox once the EXAMINE was sent. */
  pipelined: boolean;
}

/**
 * Sends the EXAMINE (and the arrivals' FETCH behind it). With `pipelineNext`, the session is freed
 * once they are sent, so the next mailbox's commands follow without a round trip between; every
 * file name is read meanwhile, unless QRESYNC will list the changes.
 */
export async function examineMailbox(
  session: RemoteSession,
  mailbox: RemoteMailbox,
  folder: LocalMaildirFolder,
  request: ExamineRequest,
  pipelineNext: (() => void) | undefined,
): Promise<Examined> {
  let pipelined = false;
  const onSent =
    pipelineNext === undefined
      ? undefined
      : () => {
          pipelined = true;
          pipelineNext();
        };
  const [examined, scan] = await Promise.all([
    session.examine(mailbox, request.resync, request.prefetch, onSent),
    request.changesOnly ? undefined : folder.scanAll(),
  ]).catch((error: unknown) => {
    throw pipelined ? new SessionNeeded(mailbox.name, error) : error;
  });
  return { examined, ...(scan !== undefined ? { scan } : {}), pipelined };
}
