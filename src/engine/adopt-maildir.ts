// First run against a Maildir mailkeep did not write (mbsync, OfflineIMAP): find which of its
// files hold which server UID, so nothing is downloaded twice. mbsync's own state pairs far and
// near UIDs (`,U=<near>` in file names); a placeholder mbsync 1.5 wrote for a message over MaxSize
// is known by its text, and paired as a stand-in, never as the message; every other file is handed
// to the engine's re-match by Message-ID and size, in the form the server would send it. Files are
// only read, never touched.
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AccountConfig } from '../config/types.js';
import {
  confirmedPairs,
  type ForeignMessage,
  isMbsyncPlaceholder,
  journalUids,
  mailboxLocalPath,
  mbsyncPlaceholderSize,
  MbsyncStateError,
  mbsyncNearName,
  mbsyncStatePath,
  parseMaildirUidValidity,
  parseMbsyncState,
  serverForm,
  type StoredMessage,
} from '../maildir/index.js';
import { encodeMailboxName } from '../text/mutf7.js';
import { parseMessageIdHeader } from './message-id.js';
import type { RemoteMailbox, RemoteSession } from './remote.js';
import { stripRemotePrefix } from './remote-prefix.js';
import { errnoWords } from '../text/errno-words.js';

export interface Adoption {
  /** Server UID → the file mbsync's state pairs with it. */
  paired: Map<number, StoredMessage>;
  /** Server UID → the placeholder mbsync 1.5 wrote for it (MaxSize): no copy, to go once the message is stored. */
  placeholders: Map<number, ForeignMessage>;
  /** mbsync 1.5's placeholders its state does not name (lost, or elsewhere), known by their text. */
  unnamedPlaceholders: UnnamedPlaceholder[];
  /** The other files, sized as the server would send them, for matching by Message-ID and size. */
  unpaired: StoredMessage[];
  /** Why mbsync's state could not be used (missing, broken, another UIDVALIDITY), for a notice. */
  stateProblem?: string;
  /** There is no mbsync state file for the mailbox at all. */
  stateMissing?: boolean;
}

/**
 * The mailbox's folder on disk. isync 1.4 names folders in IMAP's modified UTF-7; when only
 * that folder exists, mailkeep keeps writing there instead of starting a second copy.
 */
export async function localMailboxDir(account: AccountConfig, mailbox: RemoteMailbox): Promise<string> {
  const serverPath = stripRemotePrefix(mailbox.path, account.remotePrefix);
  const decoded = mailboxLocalPath(account, serverPath, mailbox.delimiter);
  const encodedPath = encodeMailboxName(serverPath);
  if (encodedPath === serverPath || (await exists(decoded))) return decoded;
  const encoded = mailboxLocalPath(account, encodedPath, mailbox.delimiter);
  return (await exists(path.join(encoded, 'cur'))) ? encoded : decoded;
}

/** A placeholder found by its text: it keeps its message's header (Message-ID) and states its size. */
export interface UnnamedPlaceholder {
  file: ForeignMessage;
  messageId: string | null;
  statedSize: { min: number; max: number };
  /** The file itself sized as the server would send it, should the server hold it as it is. */
  asStored: StoredMessage;
}

const NO_STATE = { pairs: new Map<number, number>(), placeholders: new Map<number, number>() };

export async function adoptForeignFiles(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  localDir: string,
  foreign: readonly ForeignMessage[],
  uidValidity: number,
): Promise<Adoption> {
  const adoption: Adoption = { paired: new Map(), placeholders: new Map(), unnamedPlaceholders: [], unpaired: [] };
  if (foreign.length === 0) return adoption;
  const state = await readMbsyncPairs(account, mailbox, localDir, uidValidity);
  if (state === null) {
    adoption.stateMissing = true;
    adoption.stateProblem = `no mbsync state for ${mailbox.name}`;
  } else if (typeof state === 'string') adoption.stateProblem = state;
  const { pairs, placeholders } = typeof state === 'object' && state !== null ? state : NO_STATE;
  const byNearUid = new Map<number, ForeignMessage>();
  for (const file of foreign) if (file.mbsyncUid !== undefined) byNearUid.set(file.mbsyncUid, file);
  const taken = new Set<ForeignMessage>();
  for (const [farUid, nearUid] of placeholders) {
    const file = byNearUid.get(nearUid);
    // The state says so, and the bytes are mbsync's placeholder text: nothing else is ever removed.
    if (file === undefined || !isMbsyncPlaceholder(await readFile(file.path).catch(() => Buffer.alloc(0)))) continue;
    adoption.placeholders.set(farUid, file);
    taken.add(file);
  }
  for (const [farUid, nearUid] of pairs) {
    const file = byNearUid.get(nearUid);
    const size = file && (await lstat(file.path).catch(() => undefined))?.size;
    if (file === undefined || size === undefined) continue;
    adoption.paired.set(farUid, { uid: farUid, uidValidity, flags: file.flags, path: file.path, size });
    taken.add(file);
  }
  adoption.unpaired = await inServerForm(
    foreign.filter((file) => !taken.has(file)),
    adoption.unnamedPlaceholders,
  );
  return adoption;
}

/**
 * Another tool's files sized as the server would send them (mbsync writes LF line ends and adds
 * X-TUID), for the re-match by Message-ID and size; uid and uidValidity 0: the re-match assigns both.
 * With `placeholders`, mbsync's placeholders go there instead.
 */
export async function inServerForm(
  files: readonly ForeignMessage[],
  placeholders?: UnnamedPlaceholder[],
): Promise<StoredMessage[]> {
  const sized: StoredMessage[] = [];
  for (const file of files) {
    const bytes = await readFile(file.path).catch(() => undefined);
    if (bytes === undefined) continue; // vanished since the scan
    const asStored = { uid: 0, uidValidity: 0, flags: file.flags, path: file.path, size: serverForm(bytes).length };
    const statedSize = placeholders && mbsyncPlaceholderSize(bytes);
    if (statedSize) placeholders.push({ file, messageId: parseMessageIdHeader(bytes), statedSize, asStored });
    else sized.push(asStored);
  }
  return sized;
}

/**
 * Server UID → placeholder, for placeholders mbsync's state does not name: the message with the
 * placeholder's Message-ID and a size its text states (`listed`: UID → size, if listed), each UID once.
 */
export async function pairPlaceholdersByText(
  session: RemoteSession,
  placeholders: readonly UnnamedPlaceholder[],
  listed: ReadonlyMap<number, number | undefined>,
): Promise<Map<number, UnnamedPlaceholder>> {
  const paired = new Map<number, UnnamedPlaceholder>();
  const named = placeholders.filter((p) => p.messageId !== null);
  const fits = (p: UnnamedPlaceholder, size: number) => p.statedSize.min <= size && size <= p.statedSize.max;
  const candidates = [...listed]
    .filter(([, size]) => named.some((p) => size === undefined || fits(p, size)))
    .map(([uid]) => uid);
  if (candidates.length === 0) return paired;
  const remote = await session.fetchMessageIds(candidates);
  for (const placeholder of named) {
    const uid = candidates.find((candidate) => {
      const info = remote.get(candidate);
      return !paired.has(candidate) && info?.messageId === placeholder.messageId && fits(placeholder, info.size);
    });
    if (uid !== undefined) paired.set(uid, placeholder);
  }
  return paired;
}

/**
 * Far UID → near UID of the copies and of the placeholders, from mbsync's state; null without
 * one; else a one-line reason it cannot be used.
 */
async function readMbsyncPairs(
  account: AccountConfig,
  mailbox: RemoteMailbox,
  localDir: string,
  uidValidity: number,
): Promise<{ pairs: Map<number, number>; placeholders: Map<number, number> } | string | null> {
  const channel = account.mbsync ?? { state: { kind: 'in-maildir' as const }, farBox: '', nearBox: '' };
  const serverPath = stripRemotePrefix(mailbox.path, account.remotePrefix);
  // isync 1.4 names a box (its folder and state file) in modified UTF-7, 1.5 in UTF-8 (it decodes
  // LIST's names, drv_imap.c): the folder in use says which wrote the tree.
  const inUtf8 = localDir === mailboxLocalPath(account, serverPath, mailbox.delimiter);
  const box = inUtf8 ? serverPath : encodeMailboxName(serverPath);
  const boxName = mailbox.delimiter ? box.split(mailbox.delimiter).join('/') : box;
  const near = mbsyncNearName(account, boxName, '/') ?? boxName;
  // mbsync flattens the near box with the name: `Near :local:old/` and Flatten . name old.Sent.
  const nearName = account.flatten ? (channel.nearBox + near).replaceAll('/', account.flatten) : channel.nearBox + near;
  const file = mbsyncStatePath(channel.state, localDir, channel.farBox + boxName, nearName);
  const text = await readFile(file, 'latin1').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? null : error,
  );
  if (text === null) return null;
  if (text instanceof Error) return `mbsync state ${file} is unreadable: ${errnoWords(text.code)}`;
  let state;
  try {
    state = parseMbsyncState(text);
  } catch (error) {
    if (error instanceof MbsyncStateError) return `mbsync state ${file}: ${error.message}`;
    throw error;
  }
  if (state.farUidValidity !== uidValidity) return `UIDVALIDITY of ${mailbox.name} changed since mbsync's last run`;
  const nearUidValidity = parseMaildirUidValidity(
    await readFile(path.join(localDir, '.uidvalidity'), 'latin1').catch(() => ''),
  );
  if (nearUidValidity !== state.nearUidValidity) return `mbsync state ${file} does not belong to ${localDir}`;
  const journalText = await readFile(`${file}.journal`, 'latin1').catch(() => null);
  const journal = journalText === null ? undefined : journalUids(journalText);
  return { pairs: confirmedPairs(state.pairs, journal), placeholders: confirmedPairs(state.nearPlaceholders, journal) };
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
