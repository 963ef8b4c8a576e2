// What a mailbox's pass compares: the messages the folder stores (all, or only the changes' files
// when QRESYNC lists what changed) and what the server holds (UIDs, and flags of those listed).
import { basename } from 'node:path';
import {
  parseMaildirName,
  type ForeignMessage,
  type LocalMaildirFolder,
  type MaildirScan,
  type StoredMessage,
} from '../maildir/index.js';
import { SessionNeeded, type Examined } from './examine-mailbox.js';
import type { ListedMessage, MailboxPlan } from './plan-mailbox.js';
import type { RemoteChanges, RemoteExamined, RemoteMailbox, RemoteSession } from './remote.js';
import type { StoredMailboxState } from './state-store.js';
import { inUidRanges } from './uid-set.js';

export interface MailboxContents {
  /** Stored messages of the current UIDVALIDITY by UID (only the changes' when looked up). */
  stored: Map<number, StoredMessage>;
  /** How many messages of the current UIDVALIDITY the folder holds in all. */
  storedCount: number;
  /** The server UIDs that matter to the diff, ascending. */
  serverUids: number[];
  listing: ListedMessage[];
  /** UID → file base of files another tool or an old UIDVALIDITY left, matched to server UIDs. */
  adopted: Record<string, string>;
  /** UID → file base of mbsync 1.5's placeholder for the message, until the message is stored. */
  placeholders: Record<string, string>;
  /** Every file of the folder by name, after a full scan (empty when only changes were looked up). */
  scanned: Map<string, StoredMessage>;
  /** Files another tool wrote, after a full scan. */
  foreign: ForeignMessage[];
}

export async function listMessages(
  session: RemoteSession,
  mailbox: RemoteMailbox,
  folder: LocalMaildirFolder,
  { saved, plan }: { saved: StoredMailboxState | null; plan: MailboxPlan },
  { examined, scan, pipelined }: Examined,
): Promise<MailboxContents> {
  const uidValidity = examined.uidValidity;
  const sameUidValidity = saved !== null && saved.uidValidity === uidValidity;
  const adopted: Record<string, string> = sameUidValidity ? { ...(saved.adopted ?? {}) } : {};
  const placeholders: Record<string, string> = sameUidValidity ? { ...(saved.placeholders ?? {}) } : {};
  const changes = scan === undefined ? examined.changes : undefined;
  if (pipelined && changes === undefined) throw new SessionNeeded(mailbox.name);
  if (changes !== undefined) {
    const looked = await lookUpChanges(folder, changes, uidValidity);
    return { ...looked, adopted, placeholders, scanned: new Map(), foreign: [] };
  }
  const full: MaildirScan = scan ?? (await folder.scanAll());
  const stored = storedOf(full.messages, adopted, uidValidity, adoptedForeign(full.foreign, adopted));
  return {
    stored,
    storedCount: stored.size,
    ...(await listServer(session, plan, saved, examined, stored)),
    adopted,
    placeholders,
    scanned: full.messages,
    foreign: full.foreign,
  };
}

/**
 * The scanned messages of this UIDVALIDITY, and the adopted files under their UIDs (gone ones
 * forgotten): ours of an old UIDVALIDITY, or another tool's (`foreign`, see adoptedForeign).
 */
export function storedOf(
  scanned: Map<string, StoredMessage>,
  adopted: Record<string, string>,
  uidValidity: number,
  foreign: readonly StoredMessage[] = [],
): Map<number, StoredMessage> {
  const stored = new Map<number, StoredMessage>();
  for (const message of scanned.values()) if (message.uidValidity === uidValidity) stored.set(message.uid, message);
  if (Object.keys(adopted).length === 0) return stored;
  const byBase = new Map<string, StoredMessage>();
  for (const message of [...foreign, ...scanned.values()]) {
    byBase.set(parseMaildirName(basename(message.path)).base, message);
  }
  for (const [uid, base] of Object.entries(adopted)) {
    const message = byBase.get(base);
    if (message !== undefined) stored.set(Number(uid), { ...message, uid: Number(uid), uidValidity });
    else delete adopted[uid];
  }
  return stored;
}

/**
 * Another tool's files (mbsync's) that the state says were adopted. Their size is the one in the
 * name (`,S=`), else 0: the pass does not use it (verify sizes files itself), and a stat of each
 * adopted file on every full listing cost ~1.5 s per 100,000 (Gmail's All Mail taken over from
 * mbsync, listed in full whenever mail arrives: Gmail has no QRESYNC).
 */
function adoptedForeign(foreign: readonly ForeignMessage[], adopted: Record<string, string>): StoredMessage[] {
  const bases = new Set(Object.values(adopted));
  return foreign
    .filter((file) => bases.has(file.base))
    .map(({ path, flags, size }) => ({ uid: 0, uidValidity: 0, flags, path, size: size ?? 0 }));
}

/**
 * The QRESYNC answer over a folder untouched since the last pass: every stored UID is still on the
 * server unless it vanished, and only the changed and vanished ones need their files.
 */
async function lookUpChanges(
  folder: LocalMaildirFolder,
  changes: RemoteChanges,
  uidValidity: number,
): Promise<Pick<MailboxContents, 'stored' | 'storedCount' | 'serverUids' | 'listing'>> {
  const changed = new Set(changes.changed.map((m) => m.uid));
  const wanted = (uid: number) => changed.has(uid) || inUidRanges(changes.vanished, uid);
  const { count, messages } = await folder.lookUp(uidValidity, wanted);
  // The server UIDs that matter to the diff: the changed ones (a stored UID that is neither changed
  // nor vanished needs nothing); a vanished stored one is then gone.
  const serverUids = [...changed].filter((uid) => !inUidRanges(changes.vanished, uid)).sort((a, b) => a - b);
  return { stored: messages, storedCount: count, serverUids, listing: changes.changed };
}

/**
 * Every server UID and the flags worth comparing. One `FETCH 1:*` gives both, except on an
 * incremental pass: with QRESYNC the EXAMINE already said what vanished and changed; with
 * CONDSTORE only changed and new messages are fetched, and the UIDs come from `UID SEARCH ALL`
 * unless the count shows that nothing was expunged since the last full pass.
 */
async function listServer(
  session: RemoteSession,
  plan: MailboxPlan,
  saved: StoredMailboxState | null,
  examined: RemoteExamined,
  stored: ReadonlyMap<number, StoredMessage>,
): Promise<{ serverUids: number[]; listing: ListedMessage[] }> {
  if (plan.kind !== 'incremental' || plan.changedSince === undefined || !examined.condstore || saved === null) {
    const listing = examined.messages > 0 ? await session.fetchUidsAndFlags('1:*') : [];
    // Fewer rows than the EXAMINE counted (left out, written without their UID, or expunged since):
    // an absent UID is no proof its message is gone, so the UIDs are asked for on their own.
    const short = listing.length < examined.messages;
    return { serverUids: short ? await session.listUids() : listing.map((m) => m.uid), listing };
  }
  if (examined.changes !== undefined) {
    // Every stored UID is still there unless it vanished; new ones are among the changed.
    const { vanished, changed } = examined.changes;
    const kept = [...stored.keys()].filter((uid) => !inUidRanges(vanished, uid));
    return { serverUids: ascending([...kept, ...changed.map((m) => m.uid)]), listing: changed };
  }
  // New messages get mod-sequences above the saved one (RFC 7162), so this lists them too.
  const listing = await session.fetchUidsAndFlags('1:*', plan.changedSince);
  const arrivals = listing.filter((m) => m.uid >= saved.uidNext).length;
  // uidNext is 0 after an unfinished pass or a tripped guard: then look at every UID again.
  const noneExpunged = saved.uidNext > 0 && examined.messages === saved.messages + arrivals;
  // Then the server holds every UID below the old uidNext that it held then, and the listing every
  // newer one (files from a crashed pass may be newer and gone again).
  const serverUids = noneExpunged
    ? ascending([...[...stored.keys()].filter((uid) => uid < saved.uidNext), ...listing.map((m) => m.uid)])
    : await session.listUids();
  return { serverUids, listing };
}

function ascending(uids: number[]): number[] {
  return [...new Set(uids)].sort((a, b) => a - b);
}
