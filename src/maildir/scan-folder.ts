// Reading a Maildir folder's names: every message file (scan), or a few UIDs of one UIDVALIDITY (look-up).
import { opendirSync, readdirSync, statSync, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { attemptSync } from './errors.js';
import { parseMaildirName } from './naming.js';
import type { StoredMessage } from './types.js';

/** A file in cur/ or new/ without our `,V=`/`,UID=` (mbsync, OfflineIMAP, Dovecot, mutt...). */
export interface ForeignMessage {
  path: string;
  base: string;
  flags: string;
  /** From `,S=` when the name has it; undefined otherwise (stat it if needed). */
  size?: number;
  mbsyncUid?: number;
}

export interface MaildirScan {
  /** Ours, keyed by `${uidValidity}:${uid}` (what MaildirFolder.scan returns). */
  messages: Map<string, StoredMessage>;
  /** More files with a key already in `messages` (e.g. copied by hand): candidates for removal. */
  duplicates: StoredMessage[];
  foreign: ForeignMessage[];
  /** Other entries of cur/ and new/ (a directory, a device): no message, never opened; named by a copy. */
  notMessages: { path: string; reason: string }[];
}

/** What lookUp found: the messages asked for, and how many messages of that UIDVALIDITY there are. */
export interface MaildirLookup {
  /** UIDs (of the UIDVALIDITY asked for) with a file, each once. */
  count: number;
  /** The stored message of each UID `wanted` accepted, by UID, as scan() would give it. */
  messages: Map<number, StoredMessage>;
}

// cur/ first: when a key appears twice, the file a reader already saw wins.
const SUBDIRS = ['cur', 'new'] as const;

/** A directory this big (bytes of entries, ~80 per name) holds more than about a thousand names. */
const BIG_DIRECTORY_BYTES = 64 * 1024;

export async function scanFolder(root: string): Promise<MaildirScan> {
  const result: MaildirScan = { messages: new Map(), duplicates: [], foreign: [], notMessages: [] };
  for (const { subPath, entries } of listMessageDirs(root)) {
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const filePath = `${subPath}${path.sep}${entry.name}`;
      if (!isFileOrLink(entry)) {
        const reason = entry.isDirectory() ? 'a directory, not a message file' : 'not a regular file';
        result.notMessages.push({ path: filePath, reason });
        continue;
      }
      const parsed = parseMaildirName(entry.name);
      if (parsed.uid === undefined || parsed.uidValidity === undefined) {
        const { base, flags, size, mbsyncUid } = parsed;
        result.foreign.push({ path: filePath, base, flags, size, mbsyncUid });
        continue;
      }
      const stored = await storedMessage(filePath, parsed.uid, parsed.uidValidity, parsed);
      if (stored === undefined) continue;
      const key = `${parsed.uidValidity}:${parsed.uid}`;
      if (result.messages.has(key)) result.duplicates.push(stored);
      else result.messages.set(key, stored);
    }
  }
  return result;
}

export async function lookUpUids(
  root: string,
  uidValidity: number,
  wanted: (uid: number) => boolean,
): Promise<MaildirLookup> {
  // Our names are `<unique>,V=<uidvalidity>,UID=<uid>,…` with the first comma before V=.
  const marker = `,V=${uidValidity},UID=`;
  const uids = new Set<number>();
  const messages = new Map<number, StoredMessage>();
  for (const { subPath, entries } of listMessageDirs(root)) {
    for (const entry of entries) {
      const name = entry.name;
      const at = name.indexOf(marker);
      if (at < 0 || at !== name.indexOf(',') || name.startsWith('.') || !isFileOrLink(entry)) continue;
      const uid = leadingNumber(name, at + marker.length);
      if (uid === 0) continue;
      uids.add(uid);
      // cur/ first, as in scan(): a UID seen twice keeps its first file.
      if (!wanted(uid) || messages.has(uid)) continue;
      const parsed = parseMaildirName(name);
      if (parsed.uid !== uid || parsed.uidValidity !== uidValidity) continue;
      const stored = await storedMessage(`${subPath}${path.sep}${name}`, uid, uidValidity, parsed);
      if (stored !== undefined) messages.set(uid, stored);
    }
  }
  return { count: uids.size, messages };
}

/**
 * cur/ then new/, listed; one that is not there holds nothing (a tree another tool wrote may lack
 * an empty new/). Synchronous: a few hundred names come from the dentry cache faster than a
 * thread-pool round trip.
 */
function listMessageDirs(root: string): { subPath: string; entries: Dirent[] }[] {
  return SUBDIRS.map((sub) => {
    const subPath = path.join(root, sub);
    return { subPath, entries: attemptSync('list', subPath, () => listDirectory(subPath)) };
  });
}

/**
 * readdirSync sorts the names (libuv's scandir) and allocates each one apart: for a folder of ten
 * thousand messages, reading it unsorted in large batches takes a third of the time. For a small
 * one, the single call is faster.
 */
function listDirectory(dir: string): Dirent[] {
  const size = statSync(dir, { throwIfNoEntry: false })?.size;
  if (size === undefined) return [];
  if (size < BIG_DIRECTORY_BYTES) return readdirSync(dir, { withFileTypes: true });
  const handle = opendirSync(dir, { bufferSize: 1024 });
  const entries: Dirent[] = [];
  try {
    for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) entries.push(entry);
  } finally {
    handle.closeSync();
  }
  return entries;
}

/** A stored message from its parsed name; the size from the name, else the file (undefined if it vanished since). */
async function storedMessage(
  filePath: string,
  uid: number,
  uidValidity: number,
  parsed: { flags: string; size?: number },
): Promise<StoredMessage | undefined> {
  const size = parsed.size ?? (await fs.lstat(filePath).catch(() => undefined))?.size;
  return size === undefined ? undefined : { uid, uidValidity, flags: parsed.flags, path: filePath, size };
}

/** The decimal number (at most 15 digits) that starts at `start`; 0 when there is none. */
function leadingNumber(text: string, start: number): number {
  let value = 0;
  for (let i = start; i < text.length && i - start < 15; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

/** A directory entry that may hold a message: a file or a link to one (dot files are skipped before). */
function isFileOrLink(entry: Dirent): boolean {
  return entry.isFile() || entry.isSymbolicLink();
}
