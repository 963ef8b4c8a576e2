// LIST (with STATUS where the server has LIST-STATUS, RFC 5819) and STATUS of one mailbox.
import { SyncError } from '../errors.js';
import type { ListScope, RemoteMailbox, RemoteStatus } from '../remote.js';
import { mailboxArg, safeNumber, type MailboxArg } from './command-args.js';
import type { UntaggedResponse } from './connection-types.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';
import { ImapProtocolError } from './protocol-error.js';
import type { ResponseCursor } from './response-parser.js';
import { nameOfWire, wireName } from './utf8-accept.js';

/** A LIST answer beyond this is not an account but an attack on our memory. */
const MAX_MAILBOXES = 100_000;

/** A mailbox as LIST named it, before its name is decoded. */
export interface ListedEntry {
  wire: string;
  delimiter: string | null;
  flags: string[];
}

function statusKeys(connection: ImapConnection): string {
  return `MESSAGES UIDNEXT UIDVALIDITY${connection.capabilities.has('CONDSTORE') ? ' HIGHESTMODSEQ' : ''}`;
}

/** A listed mailbox that can be opened (EXAMINE): not \Noselect, not \NonExistent. */
function isSelectable(flags: readonly string[]): boolean {
  return !flags.includes('\\noselect') && !flags.includes('\\nonexistent');
}

/** `* LIST (flags) delimiter name`, after LIST; undefined for a NIL name. */
export function readListEntry(cursor: ResponseCursor): ListedEntry | undefined {
  const flags = cursor
    .list()
    .filter((f): f is string => typeof f === 'string')
    .map((f) => f.toLowerCase());
  cursor.skipSpaces();
  const delimiter = cursor.string();
  cursor.skipSpaces();
  const wire = cursor.string();
  return wire === null ? undefined : { wire, delimiter: delimiter || null, flags };
}

/**
 * `* STATUS name (items)`, after STATUS; undefined when it lacks UIDVALIDITY. Without UIDNEXT it
 * is 0, unknown: the pass cannot see the mailbox unchanged and lists it (its EXAMINE tells UIDNEXT).
 */
export function readStatusResponse(cursor: ResponseCursor): { wire: string; status: RemoteStatus } | undefined {
  const wire = cursor.string();
  cursor.skipSpaces();
  const status = statusItems(readStatusValues(cursor));
  return wire === null || status === undefined ? undefined : { wire, status };
}

/** A STATUS answer's `(NAME number ...)` list: the numbers by upper-cased name (NIL and non-numbers left out). */
export function readStatusValues(cursor: ResponseCursor): Map<string, number> {
  const items = cursor.list();
  const values = new Map<string, number>();
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i];
    const value = items[i + 1];
    const number = typeof value === 'string' ? safeNumber(value) : undefined;
    if (typeof key === 'string' && number !== undefined) values.set(key.toUpperCase(), number);
  }
  return values;
}

function statusItems(values: Map<string, number>): RemoteStatus | undefined {
  const uidValidity = values.get('UIDVALIDITY');
  if (uidValidity === undefined) return undefined;
  const highestModSeq = values.get('HIGHESTMODSEQ');
  return {
    messages: values.get('MESSAGES') ?? 0,
    uidNext: values.get('UIDNEXT') ?? 0,
    uidValidity,
    ...(highestModSeq !== undefined ? { highestModSeq } : {}),
  };
}

/**
 * The LIST patterns of a pass, as mbsync chooses them: `*`; under a prefix `INBOX.` just `INBOX*`;
 * under another prefix `<prefix>*`, and `INBOX*` (INBOX and its subfolders) where the pass keeps INBOX. A server whose `*` walks
 * far more than the account (UW-IMAP's home directory, other users' folders on Cyrus) is not asked
 * for all of it, nor for the STATUS of each. A prefix that is not plain ASCII or holds a wildcard,
 * a quote or `&` (modified UTF-7) is left to `*` and the pass's own filter.
 */
export function listPatterns(scope: ListScope | undefined): string[] {
  const prefix = scope?.prefix;
  if (!prefix || !/^[\x20-\x7e]+$/.test(prefix) || /[*%&"\\]/.test(prefix)) return ['*'];
  if (/^INBOX(\W|$)/i.test(prefix)) return ['INBOX*'];
  return scope.inbox ? [`${prefix}*`, 'INBOX*'] : [`${prefix}*`];
}

/**
 * The mailboxes `scope` names (every one without it), each with the server's own spelling of its
 * name (sent back as is). `onListed` gets each mailbox as soon as its STATUS arrived.
 */
export async function listMailboxes(
  connection: ImapConnection,
  onListed?: (mailbox: RemoteMailbox) => void,
  scope?: ListScope,
): Promise<RemoteMailbox[]> {
  const listStatus = connection.capabilities.has('LIST-STATUS');
  const listed: ListedEntry[] = [];
  const byWire = new Map<string, ListedEntry>();
  const statuses = new Map<string, RemoteStatus>();
  /** Listed, and an untagged NO where its STATUS would be (RFC 5819 lets a server say so). */
  const statusRefused = new Set<string>();
  const toMailbox = ({ wire, delimiter, flags }: ListedEntry): RemoteMailbox => {
    const decoded = nameOfWire(connection, wire);
    const path = decoded.toUpperCase() === 'INBOX' ? 'INBOX' : decoded;
    const status = statuses.get(wire);
    return {
      path,
      wire,
      delimiter,
      name: delimiter ? path.split(delimiter).join('/') : path,
      selectable: isSelectable(flags) && !(statusRefused.has(wire) && hasChildren(listed, wire, delimiter)),
      ...(flags.includes('\\all') ? { allMail: true as const } : {}),
      ...(status !== undefined ? { status } : {}),
    };
  };
  const onUntagged = (response: UntaggedResponse) => {
    const last = listed.at(-1);
    if (response.kind === 'status' && response.result.status === 'NO' && last && !statuses.has(last.wire)) {
      statusRefused.add(last.wire);
    }
    // `* 3 LIST` is no LIST (only message data has a number): read as unknown data, as imapflow does.
    if (response.kind !== 'data' || response.number !== undefined) return;
    const { cursor } = response;
    if (response.name === 'LIST') {
      const entry = readListEntry(cursor);
      if (listed.length >= MAX_MAILBOXES)
        throw new ImapProtocolError(`server listed more than ${MAX_MAILBOXES} mailboxes`);
      if (entry === undefined) return;
      listed.push(entry);
      byWire.set(entry.wire, entry);
    } else if (response.name === 'STATUS') {
      const read = readStatusResponse(cursor);
      if (read === undefined) return;
      const { wire, status } = read;
      statuses.set(wire, status);
      const entry = byWire.get(wire);
      if (entry !== undefined) onListed?.(toMailbox(entry));
    }
  };
  const attempts = listAttempts(connection, listPatterns(scope), listStatus);
  for (const [i, commands] of attempts.entries()) {
    try {
      for (const command of commands) await connection.run(command, onUntagged);
      break;
    } catch (error) {
      const refused = error instanceof ImapCommandError && error.responseStatus === 'BAD';
      if (!refused || i === attempts.length - 1) throw error;
      listed.length = 0;
      byWire.clear();
      statusRefused.clear();
    }
  }
  // A mailbox listed twice (or INBOX in two spellings, or two spellings that decode alike) is one
  // mailbox, as first listed: synced twice, its messages would be stored twice in its folder.
  const byPath = new Map<string, RemoteMailbox>();
  for (const mailbox of listed.map(toMailbox)) if (!byPath.has(mailbox.path)) byPath.set(mailbox.path, mailbox);
  return [...byPath.values()];
}

/**
 * Whether the listing holds mailboxes under `wire`. One whose STATUS the server refused and that
 * has some is a parent kept for them, not one to open: Dovecot's Maildir++ lists a parent deleted
 * while its children stay without \Noselect, and refuses its STATUS and EXAMINE.
 */
function hasChildren(listed: readonly ListedEntry[], wire: string, delimiter: string | null): boolean {
  return delimiter !== null && listed.some((other) => other.wire.startsWith(wire + delimiter));
}

/**
 * The LISTs to send, tried in turn while the server answers BAD (offered, yet refused as bad
 * syntax): with their STATUS (LIST-STATUS), then the patterns in one LIST (LIST-EXTENDED, RFC
 * 5258, which LIST-STATUS builds on), then one plain LIST each (each mailbox STATUSed later).
 */
function listAttempts(connection: ImapConnection, patterns: readonly string[], listStatus: boolean): string[][] {
  const quoted = patterns.map((p) => `"${p}"`);
  const together = `LIST "" ${quoted.length > 1 ? `(${quoted.join(' ')})` : quoted[0]}`;
  const attempts: string[][] = [];
  if (listStatus) attempts.push([`${together} RETURN (STATUS (${statusKeys(connection)}))`]);
  if (quoted.length > 1 && (listStatus || connection.capabilities.has('LIST-EXTENDED'))) attempts.push([together]);
  attempts.push(quoted.map((p) => `LIST "" ${p}`));
  return attempts;
}

/** STATUS of one mailbox. */
export async function mailboxStatus(
  connection: ImapConnection,
  mailbox: MailboxArg,
  name: string,
): Promise<RemoteStatus> {
  let status: RemoteStatus | undefined;
  let answered = false;
  await connection.run(
    `STATUS ${mailbox.text} (${statusKeys(connection)})`,
    (response) => {
      if (response.kind !== 'data' || response.number !== undefined || response.name !== 'STATUS') return;
      answered = true;
      status = readStatusResponse(response.cursor)?.status ?? status;
    },
    mailbox.literals,
  );
  if (status !== undefined) return status;
  if (answered)
    throw new SyncError('PROTOCOL', 'mailbox', 'final', `the server's STATUS for ${name} has no UIDVALIDITY`);
  throw new SyncError('MAILBOX_GONE', 'mailbox', 'final', `the server sent no STATUS for ${name}`);
}

/**
 * Whether the server still lists the mailbox as one to open: a LIST of its own name (a `*` or `%`
 * in the name may match others too: only the same name counts).
 */
export async function stillListed(
  connection: ImapConnection,
  mailbox: Pick<RemoteMailbox, 'path' | 'wire'>,
): Promise<boolean> {
  const wire = mailbox.wire ?? wireName(connection, mailbox.path);
  const arg = mailboxArg(wire, connection.utf8Accept);
  const same = (other: string) => other === wire || (other.toUpperCase() === 'INBOX' && wire.toUpperCase() === 'INBOX');
  let listed = false;
  await connection.run(
    `LIST "" ${arg.text}`,
    (response) => {
      if (response.kind !== 'data' || response.number !== undefined || response.name !== 'LIST') return;
      const entry = readListEntry(response.cursor);
      if (entry !== undefined && isSelectable(entry.flags) && same(entry.wire)) listed = true;
    },
    arg.literals,
  );
  return listed;
}
