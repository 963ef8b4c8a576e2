// EXAMINE (read-only SELECT), with CONDSTORE or QRESYNC (RFC 7162): with QRESYNC the same command
// reports what vanished and changed since a resync point, and bodies may be fetched right behind it.
import type { Prefetch, RemoteBody, RemoteExamined, ResyncPoint } from '../remote.js';
import { normalizeUidRanges, parseUidRanges } from '../uid-set.js';
import { codeNumber, type MailboxArg } from './command-args.js';
import { fetchBodies } from './fetch.js';
import type { UnreadableMessage } from './fetch-in-halves.js';
import { readFetchAttributes } from './fetch-response.js';
import type { UntaggedResponse } from './connection-types.js';
import type { ImapConnection } from './imap-connection.js';
import { mailboxStatus } from './list-status.js';
import { ImapCommandError } from './imap-errors.js';
import { ImapProtocolError } from './protocol-error.js';

export interface ExamineRequest {
  mailbox: MailboxArg;
  /** Its UTF-8 name, for messages. */
  name: string;
  /** Resync point to send with QRESYNC; undefined = a plain (CONDSTORE) EXAMINE. */
  qresync?: ResyncPoint;
  prefetch?: Prefetch;
  onSent?: () => void;
  onUnreadable?: UnreadableMessage;
  /** Whether this mailbox is still the one selected (fetch.ts: BodyFetchOptions). */
  stillSelected?: () => boolean;
  /**
   * The server refused the QRESYNC parameters, proven: the EXAMINE sent again without them opened the
   * mailbox (for the account's sessions not to send them again).
   */
  onQresyncRefused?: () => void;
}

/** What the untagged answers to an EXAMINE said. */
interface Examining {
  messages: number;
  uidNext: number;
  uidValidity: number;
  highestModSeq: number | undefined;
  noModSeq: boolean;
  vanished: [number, number][];
  changed: Map<number, string[]>;
}

const fresh = (): Examining => ({
  messages: 0,
  uidNext: 0,
  uidValidity: 0,
  highestModSeq: undefined,
  noModSeq: false,
  vanished: [],
  changed: new Map(),
});

function readStatusCode(seen: Examining, code: string | undefined): Examining {
  // RFC 7162 §3.2.11: what came before [CLOSED] was about the mailbox selected until now
  // (say, an expunge in it reported late, while this EXAMINE was pipelined behind it).
  if (code?.toUpperCase() === 'CLOSED') return fresh();
  seen.uidNext = codeNumber(code, 'UIDNEXT') ?? seen.uidNext;
  seen.uidValidity = codeNumber(code, 'UIDVALIDITY') ?? seen.uidValidity;
  seen.highestModSeq = codeNumber(code, 'HIGHESTMODSEQ') ?? seen.highestModSeq;
  if (code?.toUpperCase() === 'NOMODSEQ') seen.noModSeq = true;
  return seen;
}

function readChange(seen: Examining, response: Extract<UntaggedResponse, { kind: 'data' }>, name: string): void {
  if (response.name === 'VANISHED') {
    const { cursor } = response;
    cursor.skipSpaces();
    if (cursor.peek() === '(') cursor.list(); // (EARLIER)
    cursor.skipSpaces();
    try {
      seen.vanished.push(...parseUidRanges(cursor.rest().trim()));
    } catch {
      throw new ImapProtocolError(`unreadable VANISHED: ${cursor.rest().slice(0, 60)}`);
    }
  } else if (response.name === 'FETCH') {
    const row = readFetchAttributes(response.cursor);
    if (row.uid === undefined || row.flags === undefined) return;
    if (!seen.changed.has(row.uid) && seen.changed.size >= seen.messages * 2 + 10_000) {
      throw new ImapProtocolError(`server reported more changes than ${name} holds`);
    }
    seen.changed.set(row.uid, row.flags);
  }
}

/**
 * Some servers offer CONDSTORE yet refuse EXAMINE's parameters, BAD or a plain NO: refused
 * (QRESYNC ...), an EXAMINE (CONDSTORE) then, which keeps the mod-sequences; refused (CONDSTORE), a
 * plain EXAMINE and no mod-sequences for the mailbox (a full listing). A NO with a code
 * ([UNAVAILABLE]...) is about the server or the mailbox, not the parameters. A plain NO may be about
 * the mailbox too (gone, locked): only the EXAMINE without the parameters tells. Once the session
 * went on to the next mailbox, the EXAMINE is for the pass to send again on a session of its own.
 */
export function refusesParameters(error: unknown): boolean {
  return (
    error instanceof ImapCommandError &&
    /^(?:EXAMINE|SELECT) /.test(error.command) &&
    (error.responseStatus === 'BAD' || error.serverResponseCode === undefined)
  );
}

/** The EXAMINE command (SELECT where only that keeps the UIDs) and what its untagged answers said. */
function sendExamine(
  connection: ImapConnection,
  request: ExamineRequest,
  parameters: string,
  resync: ResyncPoint | undefined,
): Promise<Examining> {
  let seen = fresh();
  // Only BODY.PEEK and FETCH follow, which change nothing, even in a mailbox opened read-write.
  const open = connection.keepsUidsOnlyWhenSelected ? 'SELECT' : 'EXAMINE';
  const examined = connection.run(
    `${open} ${request.mailbox.text}${parameters}`,
    (response) => {
      if (response.kind === 'status') {
        seen = readStatusCode(seen, response.result.code);
        return;
      }
      if (response.name === 'EXISTS' && response.number !== undefined) seen.messages = response.number;
      if (resync !== undefined) readChange(seen, response, request.name);
    },
    request.mailbox.literals,
  );
  return examined.then(() => seen);
}

/** EXAMINE; with `qresync` the caller has sent ENABLE QRESYNC on this connection already. */
export async function examineMailbox(connection: ImapConnection, request: ExamineRequest): Promise<RemoteExamined> {
  const { qresync: resync, prefetch } = request;
  const useCondstore = connection.capabilities.has('CONDSTORE');
  const parameters =
    resync !== undefined ? ` (QRESYNC (${resync.uidValidity} ${resync.modSeq}))` : useCondstore ? ' (CONDSTORE)' : '';
  const examined = sendExamine(connection, request, parameters, resync);
  // Sent right behind the EXAMINE: the server runs it once the mailbox is open (or refuses it
  // if the EXAMINE failed, whose error is the one reported).
  let prefetched: Promise<RemoteBody[]> | undefined;
  if (prefetch?.uids.length) {
    const { onUnreadable, stillSelected } = request;
    prefetched = fetchBodies(connection, prefetch.uids, {
      firstBytes: prefetch.firstBytes,
      onUnreadable,
      stillSelected,
    });
  }
  prefetched?.catch(() => undefined);
  const handedOn = resync !== undefined && request.onSent !== undefined;
  // Only an EXAMINE that reports the changes can be all a pass needs (CONDSTORE alone cannot).
  if (resync !== undefined) request.onSent?.();
  let again = false;
  let plain = false;
  const seen = await examined
    .catch((error: unknown) => {
      if (resync === undefined || !refusesParameters(error) || !useCondstore || handedOn) throw error;
      again = true;
      return sendExamine(connection, request, ' (CONDSTORE)', undefined);
    })
    .catch((error: unknown) => {
      if (parameters === '' || handedOn || !refusesParameters(error)) throw error;
      [again, plain] = [true, true];
      return sendExamine(connection, request, '', undefined);
    });
  // Opened when asked again without (QRESYNC ...): they were refused, not the mailbox.
  if (resync !== undefined && again) request.onQresyncRefused?.();
  // The prefetch went behind the refused EXAMINE, so it was refused too.
  const bodies = again ? undefined : await prefetched;
  const { messages, uidNext, highestModSeq } = seen;
  const noModSeq = seen.noModSeq || plain;
  // RFC 3501 requires UIDVALIDITY here; without it, stored messages could not be matched to UIDs.
  const uidValidity = seen.uidValidity || (await mailboxStatus(connection, request.mailbox, request.name)).uidValidity;
  const condstore = useCondstore && highestModSeq !== undefined && !noModSeq;
  // The server answered with changes only if the resync point still holds (same UIDVALIDITY), and
  // not when it was asked again without it.
  const answered = resync !== undefined && !again && condstore && uidValidity === resync.uidValidity;
  const changed = [...seen.changed].map(([uid, flags]) => ({ uid, flags }));
  return {
    messages,
    uidNext,
    uidValidity,
    condstore,
    ...(highestModSeq !== undefined && !noModSeq ? { highestModSeq } : {}),
    ...(answered ? { changes: { vanished: normalizeUidRanges(seen.vanished), changed } } : {}),
    ...(bodies !== undefined ? { prefetched: bodies } : {}),
  };
}
