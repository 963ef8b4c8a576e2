// UID FETCH: flags and sizes, bodies held in memory, Message-IDs (big bodies: stream-body.ts; a
// set of bodies refused whole: fetch-in-halves.ts).
import { parseMessageIdHeader } from '../message-id.js';
import { BodiesBeforeLoss, type RemoteBody, type RemoteMessageInfo } from '../remote.js';
import { splitUidSet, uidSet } from '../uid-set.js';
import { asksToWait } from '../errors.js';
import { readFetchAttributes, type FetchAttributes } from './fetch-response.js';
import { ImapCommandError } from './imap-errors.js';
import type { ImapConnection } from './imap-connection.js';
import { fetchInHalvesWhenRefused, refusesMessages, type UnreadableMessage } from './fetch-in-halves.js';
import { ImapProtocolError } from './protocol-error.js';
import type { ResponseCursor } from './response-parser.js';
import type { UntaggedResponse } from './connection-types.js';

/** The longest UID set sent in one command: a longer one goes as several (see splitUidSet). */
export const MAX_UID_SET_LENGTH = 900;

/** Room for messages that arrive while we look: a server answering with far more is not believed. */
export function uidLimit(examinedMessages: number): number {
  return examinedMessages * 2 + 10_000;
}

interface UidFetchOptions {
  /** Keep only these UIDs; without it (`1:*`) the rows are counted against uidLimit. */
  asked?: readonly number[];
  modifiers?: string;
  /** Messages in the mailbox examined. */
  examinedMessages?: number;
  /** Where the rows go as they come (the caller keeps them if the FETCH fails). */
  into?: Map<number, FetchAttributes>;
  /**
   * A FETCH response that cannot be read costs only its message: it is handed here and skipped
   * (the response was framed whole, so the connection is still in step). Without it, it throws.
   * With `asked`, so does a NO about the messages after some of them came (Gmail's "Some messages
   * could not be FETCHed"), or a body under a UID not asked for, or none: the rows that came are
   * kept, each asked UID without one is handed here. A refusal that gave none still throws.
   */
  onUnreadable?: (uid: number | undefined, error: Error) => void;
}

/**
 * A NO that came after some of the bodies asked for: it refused the others. (Rows without one may
 * be another command's: a server may answer a UID check pipelined behind along with this FETCH.)
 */
function refusesSome(error: unknown, rows: Map<number, FetchAttributes>): error is ImapCommandError {
  if (!refusesMessages(error) || error.responseStatus !== 'NO') return false;
  return [...rows.values()].some((row) => row.sections.size > 0);
}

/** The UID of a FETCH response that could not be read, if its text names one. */
function uidOfUnreadable(response: { cursor: ResponseCursor }): number | undefined {
  const m = /\bUID (\d{1,10})\b/i.exec(response.cursor.rest());
  return m === null ? undefined : Number(m[1]);
}

/**
 * UID FETCH, one row per UID (a later response for the same UID adds to it, e.g. an unsolicited
 * FLAGS update).
 */
export async function uidFetch(
  connection: ImapConnection,
  set: string,
  items: string,
  options: UidFetchOptions = {},
): Promise<FetchAttributes[]> {
  const rows = options.into ?? new Map<number, FetchAttributes>();
  const asked = options.asked ? new Set(options.asked) : undefined;
  const examined = options.examinedMessages ?? 0;
  const read = (response: { cursor: ResponseCursor }): FetchAttributes | undefined => {
    if (options.onUnreadable === undefined) return readFetchAttributes(response.cursor);
    const text = { cursor: response.cursor.clone() };
    try {
      return readFetchAttributes(response.cursor);
    } catch (error) {
      options.onUnreadable(uidOfUnreadable(text), error as Error);
      return undefined;
    }
  };
  // Bodies under no UID asked for: the server's fault, so a message without its own is not gone.
  let strays = 0;
  const onUntagged = (response: UntaggedResponse) => {
    if (response.kind !== 'data' || response.name !== 'FETCH') return;
    const row = read(response);
    if (row?.uid === undefined || (asked !== undefined && !asked.has(row.uid))) {
      if (row !== undefined && row.sections.size > 0) strays += 1;
      return;
    }
    const seen = rows.get(row.uid);
    if (seen !== undefined) {
      for (const [name, section] of row.sections) seen.sections.set(name, section);
      rows.set(row.uid, { ...seen, ...row, sections: seen.sections });
    } else {
      if (asked === undefined && rows.size >= uidLimit(examined)) {
        throw new ImapProtocolError(
          `server sent more than ${uidLimit(examined)} FETCH responses for a mailbox of ${examined}`,
        );
      }
      rows.set(row.uid, row);
    }
  };
  const sent = splitUidSet(set, MAX_UID_SET_LENGTH).map((part) =>
    connection.run(`UID FETCH ${part} (${items})${options.modifiers ?? ''}`, onUntagged),
  );
  // Every part answered before the outcome is known: a NO to one leaves the rows of the others.
  const fetched = Promise.allSettled(sent).then((results) => {
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });
  const unanswered = (why: Error) => {
    for (const uid of asked ?? []) if (!rows.has(uid)) options.onUnreadable?.(uid, why);
  };
  const refused = await fetched.then(
    () => false,
    (error: unknown) => {
      if (asked === undefined || options.onUnreadable === undefined || !refusesSome(error, rows)) throw error;
      unanswered(new Error(`the server answered NO: ${error.responseText}`));
      return true;
    },
  );
  if (strays > 0 && !refused) unanswered(new Error('the server sent a body under no UID asked for'));
  return [...rows.values()];
}

const toInfo = (row: FetchAttributes): RemoteMessageInfo => ({
  uid: row.uid!,
  flags: row.flags ?? [],
  size: row.size ?? 0,
  ...(row.emailId !== undefined ? { emailId: row.emailId } : {}),
});

/** The FETCH item naming each message across mailboxes, on a server that has one; '' elsewhere. */
export function messageIdItem(capabilities: ReadonlySet<string>): string {
  if (capabilities.has('X-GM-EXT-1')) return ' X-GM-MSGID';
  return capabilities.has('OBJECTID') ? ' EMAILID' : '';
}

export function toBody(row: FetchAttributes, body: RemoteBody['body'], size: number): RemoteBody {
  return {
    uid: row.uid!,
    flags: row.flags ?? [],
    ...(row.internalDate !== undefined ? { internalDate: row.internalDate } : {}),
    size,
    body,
  };
}

/** UID, FLAGS and size of each message (and its id across mailboxes, where the server has one). */
export async function fetchUidsAndFlags(
  connection: ImapConnection,
  range: string,
  modifiers: string,
  examinedMessages: number,
): Promise<RemoteMessageInfo[]> {
  const items = `UID FLAGS RFC822.SIZE${messageIdItem(connection.capabilities)}`;
  return (await uidFetch(connection, range, items, { modifiers, examinedMessages })).map(toInfo);
}

export interface BodyFetchOptions {
  /** Only this many first bytes of each message (sizes unknown yet). */
  firstBytes?: number;
  /** A message the server sent no readable body for, or refused alone: skipped, the others go on. */
  onUnreadable?: UnreadableMessage;
  /**
   * Whether the mailbox is still the one the session has selected: with onUnreadable, a set the
   * server refused whole is asked again in parts only then (fetch-in-halves.ts).
   */
  stillSelected?: () => boolean;
}

/**
 * Bodies held in memory. The literal the server sent is the message, whatever RFC822.SIZE said:
 * `size` is its length, and `announcedSize` keeps a different RFC822.SIZE for the record. With
 * `firstBytes`, a literal that fills the slice may be a part only (`partial`), even when
 * RFC822.SIZE says it is all (servers under-report re-encoded messages). A lost connection, or a
 * NO asking to wait, rejects with BodiesBeforeLoss when some bodies had come whole. The FETCH is
 * queued when the call returns.
 */
export async function fetchBodies(
  connection: ImapConnection,
  uids: number[],
  options: BodyFetchOptions = {},
): Promise<RemoteBody[]> {
  if (uids.length === 0) return [];
  const { onUnreadable, stillSelected } = options;
  const fetchSet = (set: number[]) => fetchBodiesOnce(connection, set, options);
  if (onUnreadable === undefined || stillSelected === undefined) return fetchSet(uids);
  const mayAsk = () => connection.usable && stillSelected();
  const olderAnswered = async () => void (await connection.run('NOOP'));
  return fetchInHalvesWhenRefused(uids, { fetchSet, onUnreadable, mayAsk, olderAnswered });
}

/** One UID FETCH of `uids` (split only where the UID set is too long for one command line). */
async function fetchBodiesOnce(
  connection: ImapConnection,
  uids: number[],
  { firstBytes, onUnreadable }: BodyFetchOptions,
): Promise<RemoteBody[]> {
  const [item, section] =
    firstBytes === undefined ? ['BODY.PEEK[]', 'BODY[]'] : [`BODY.PEEK[]<0.${firstBytes}>`, 'BODY[]<0>'];
  const items = `UID FLAGS INTERNALDATE RFC822.SIZE ${item}`;
  const received = new Map<number, FetchAttributes>();
  const rows = await uidFetch(connection, uidSet(uids), items, {
    asked: uids,
    into: received,
    ...(onUnreadable ? { onUnreadable } : {}),
  }).catch((error: unknown) => {
    // A lost line, a NO asking to wait (it may refuse the same message again), or a refusal of
    // the set (asked again in parts): keep what came.
    const waits = error instanceof ImapCommandError && asksToWait(error);
    if ((connection.usable && !waits && !refusesMessages(error)) || received.size === 0) throw error;
    throw new BodiesBeforeLoss(toBodies([...received.values()], section, firstBytes), error);
  });
  for (const row of rows) {
    const why = unreadableBody(row, section);
    if (why !== undefined) onUnreadable?.(row.uid, new Error(why));
  }
  return toBodies(rows, section, firstBytes);
}

/** A row's body `section`; a first slice (`BODY[]<0>`) some servers write as `BODY[]`. */
function bodyOf(row: FetchAttributes, section: string): Buffer | undefined {
  return row.sections.get(section) ?? (section === 'BODY[]<0>' ? row.sections.get('BODY[]') : undefined);
}

/**
 * Why a row's body cannot be its message, if it cannot: none came, or none of the bytes of a
 * message RFC822.SIZE says has some (a server that failed to read it: asked again next pass).
 */
function unreadableBody(row: FetchAttributes, section: string): string | undefined {
  const body = bodyOf(row, section);
  if (body === undefined) return 'its FETCH answer holds no body';
  if (body.length === 0 && row.size !== undefined && row.size > 0) return `0 bytes sent of its ${row.size}`;
  return undefined;
}

/** The rows that hold their body `section`, as bodies in UID order. */
function toBodies(rows: FetchAttributes[], section: string, firstBytes: number | undefined): RemoteBody[] {
  return rows
    .filter((row) => unreadableBody(row, section) === undefined)
    .sort((a, b) => a.uid! - b.uid!)
    .map((row) => {
      const body = bodyOf(row, section)!;
      const partial = firstBytes !== undefined && body.length >= firstBytes;
      // A part's whole size is still a claim; it is a lie when the part already reaches it.
      const size = partial && row.size !== undefined && row.size > body.length ? row.size : body.length;
      const lied = row.size !== undefined && row.size !== size;
      return {
        ...toBody(row, body, size),
        ...(lied ? { announcedSize: row.size! } : {}),
        ...(partial ? { partial: true as const } : {}),
      };
    });
}

export async function fetchMessageIds(
  connection: ImapConnection,
  uids: number[],
): Promise<Map<number, { messageId: string | null; size: number }>> {
  const result = new Map<number, { messageId: string | null; size: number }>();
  if (uids.length === 0) return result;
  const items = 'UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]';
  for (const row of await uidFetch(connection, uidSet(uids), items, { asked: uids })) {
    const header = row.sections.get('BODY[HEADER.FIELDS (MESSAGE-ID)]');
    result.set(row.uid!, { messageId: parseMessageIdHeader(header), size: row.size ?? 0 });
  }
  return result;
}
