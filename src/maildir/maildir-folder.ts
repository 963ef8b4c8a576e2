// One Maildir folder on disk: the only code that creates, renames and deletes message files.
// Conventions are mbsync's: every file carries `:2,<flags>` (also in new/); a new message goes to
// cur/ when \Seen, else new/; any flag change moves it to cur/ (mutt's "no longer new").
import { closeSync, constants as fsConstants, fsync as fsyncFd, futimesSync, lstatSync, open as openFd, opendirSync, readdirSync, statSync, writeSync, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { normalizeMaildirFlags } from './flags.js';
import { fsyncDirectory } from './durable-fs.js';
import { MaildirError, toMaildirError, type MaildirAction } from './errors.js';
import type { MailboxLayout } from './mailbox-path.js';
import { formatMessageName, formatUniqueName, parseMaildirName, parseUniqueName, sanitizeHost, withInfo } from './naming.js';
import type { IncomingMessage, MaildirFolder, StoredMessage } from './types.js';
import { isProcessAlive } from './process-alive.js';
import { placeStoredMessage, type PlacedBy, type StoredSource } from './link-message.js';

/** The part of a file handle writeBatch uses; a test seam for full disks and write accounting. */
export interface WritableFile {
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  utimes(atime: Date, mtime: Date): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenWritableFile = (path: string, flags: number, mode: number) => Promise<WritableFile>;

export interface MaildirFolderOptions {
  /** Set each file's mtime (and atime) to the server's INTERNALDATE (mbsync CopyArrivalDate). */
  copyArrivalDate: boolean;
  /** fsync files and directories (default true; false only for throwaway trees). */
  fsync?: boolean;
  /** Host part of new file names (default os.hostname()). */
  host?: string;
  /** How many files of a batch are written and fsynced at once (default 8). */
  writeConcurrency?: number;
  /** Opens tmp files for writing (default fs.open); tests inject failures here. */
  openFile?: OpenWritableFile;
  /** fsyncs a directory (default fsyncDirectory); tests count the calls here. */
  syncDirectory?: (dir: string) => Promise<void>;
  /**
   * The account's folders. When given, no directory between the one of `localPath`/`inboxPath`
   * that holds this folder and the folder itself may be a symlink, so no write leaves the account's tree.
   */
  layout?: MailboxLayout;
}

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
}

/** What lookUp found: the messages asked for, and how many messages of that UIDVALIDITY there are. */
export interface MaildirLookup {
  /** UIDs (of the UIDVALIDITY asked for) with a file, each once. */
  count: number;
  /** The stored message of each UID `wanted` accepted, by UID, as scan() would give it. */
  messages: Map<number, StoredMessage>;
}

export interface LocalMaildirFolder extends MaildirFolder {
  /** Like scan(), plus the files it leaves out: for adopting an mbsync-written Maildir. */
  scanAll(): Promise<MaildirScan>;
  /**
   * The stored messages of a few UIDs (`wanted`) of one UIDVALIDITY, and how many it holds: a
   * name is read only as far as its UID, so looking up a handful of changes in a big folder costs
   * a listing, not a parse of every name.
   */
  lookUp(uidValidity: number, wanted: (uid: number) => boolean): Promise<MaildirLookup>;
  /** Places a message stored in another folder under a name of this one (link-message.ts); durable after sync(). */
  place(item: StoredSource): Promise<{ stored: StoredMessage; by: PlacedBy }>;
}

type Subdir = 'cur' | 'new';
// cur/ first: when a key appears twice, the file a reader already saw wins.
const SUBDIRS: readonly Subdir[] = ['cur', 'new'];
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const EXCLUSIVE_CREATE = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL;
/** Renames and unlinks in flight at once: enough to keep the thread pool busy. */
const RENAMES_AT_ONCE = 16;
/** Maildir practice (qmail, Dovecot): a tmp/ file untouched this long is abandoned, whoever wrote it. */
const ABANDONED_TMP_MS = 36 * 60 * 60 * 1000;

// Per process, so names stay unique across folders and batches within one second.
let sequence = 0;

export async function openMaildirFolder(dir: string, options: MaildirFolderOptions): Promise<LocalMaildirFolder> {
  const root = path.resolve(dir);
  const useFsync = options.fsync ?? true;
  const host = options.host ?? os.hostname();
  const concurrency = Math.max(1, options.writeConcurrency ?? 8);
  const openFile: OpenWritableFile = options.openFile ?? openDirectFile;
  const syncDirectory = useFsync ? (options.syncDirectory ?? fsyncDirectory) : undefined;

  await createMaildir(root, options.layout && accountRootOf(options.layout, root), syncDirectory);

  // Directories whose entries changed since the last sync(): each is fsynced once however many
  // renames and unlinks it saw.
  const unsynced = new Set<string>();

  interface Written {
    tmpPath: string;
    stored: StoredMessage;
  }

  const writeTmp = async (message: IncomingMessage): Promise<Written> => {
    const { tmpPath, uniqueName, file } = await createTmpFile(root, host, openFile);
    let size = 0;
    try {
      const chunks = Buffer.isBuffer(message.body) ? [message.body] : message.body;
      // Chunks are written as they arrive: a streamed body is never held whole in memory.
      for await (const chunk of chunks) {
        await attempt('write', tmpPath, () => writeFully(file, chunk));
        size += chunk.length;
      }
      if (options.copyArrivalDate && message.internalDate) {
        const date = message.internalDate;
        await attempt('write', tmpPath, () => file.utimes(date, date));
      }
      if (useFsync) await attempt('write', tmpPath, () => file.sync());
      await attempt('write', tmpPath, () => file.close());
    } catch (error) {
      await file.close().catch(() => undefined);
      await fs.unlink(tmpPath).catch(() => undefined);
      throw error;
    }
    const flags = normalizeMaildirFlags(message.flags);
    const name = formatMessageName({ ...uniqueName, uid: message.uid, uidValidity: message.uidValidity, size, flags });
    const subdir: Subdir = flags.includes('S') ? 'cur' : 'new';
    return {
      tmpPath,
      stored: { uid: message.uid, uidValidity: message.uidValidity, flags, size, path: path.join(root, subdir, name) },
    };
  };

  const scanAll = async (): Promise<MaildirScan> => {
    const result: MaildirScan = { messages: new Map(), duplicates: [], foreign: [] };
    for (const { subPath, entries } of listMessageDirs(root)) {
      for (const entry of entries) {
        if (!isMessageEntry(entry)) continue;
        const filePath = `${subPath}${path.sep}${entry.name}`;
        const parsed = parseMaildirName(entry.name);
        if (parsed.uid === undefined || parsed.uidValidity === undefined) {
          result.foreign.push({ path: filePath, base: parsed.base, flags: parsed.flags, size: parsed.size, mbsyncUid: parsed.mbsyncUid });
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
  };

  const lookUp = async (uidValidity: number, wanted: (uid: number) => boolean): Promise<MaildirLookup> => {
    // Our names are `<unique>,V=<uidvalidity>,UID=<uid>,…` with the first comma before V=.
    const marker = `,V=${uidValidity},UID=`;
    const uids = new Set<number>();
    const messages = new Map<number, StoredMessage>();
    for (const { subPath, entries } of listMessageDirs(root)) {
      for (const entry of entries) {
        const name = entry.name;
        const at = name.indexOf(marker);
        if (at < 0 || at !== name.indexOf(',') || !isMessageEntry(entry)) continue;
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
  };

  return {
    path: root,
    scanAll,
    lookUp,

    async place(item) {
      try {
        const placed = await placeStoredMessage(root, host, item, useFsync);
        unsynced.add(path.dirname(placed.stored.path));
        return placed;
      } catch (error) {
        // A vanished source is the caller's to handle (it tries another file, or downloads).
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
        throw toMaildirError(error, 'write', item.source);
      }
    },

    async scan() {
      return (await scanAll()).messages;
    },

    async writeBatch(messages) {
      const written = await mapSettledBounded(messages, concurrency, writeTmp);
      const failure = written.find((outcome) => outcome.status === 'rejected');
      const done = written.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      if (failure) {
        await Promise.all(done.map((item) => fs.unlink(item.tmpPath).catch(() => undefined)));
        throw failure.reason;
      }
      try {
        await mapBounded(done, RENAMES_AT_ONCE, async (item) => {
          await attempt('rename', item.tmpPath, () => fs.rename(item.tmpPath, item.stored.path));
          unsynced.add(path.dirname(item.stored.path));
        });
      } catch (error) {
        await Promise.all(done.map((item) => fs.unlink(item.tmpPath).catch(() => undefined)));
        throw error;
      }
      return done.map((item) => item.stored);
    },

    async setFlags(updates) {
      return mapBounded(updates, RENAMES_AT_ONCE, async ({ message, flags }) => {
        const name = withInfo(parseMaildirName(path.basename(message.path)).base, flags);
        const target = path.join(root, 'cur', name);
        if (target === message.path) return message;
        await attempt('rename', message.path, () => fs.rename(message.path, target));
        unsynced.add(path.dirname(target)).add(path.dirname(message.path));
        return { ...message, flags: normalizeMaildirFlags(flags), path: target };
      });
    },

    async remove(messages) {
      await mapBounded(messages, RENAMES_AT_ONCE, async (message) => {
        await attempt('remove', message.path, () => fs.unlink(message.path));
        unsynced.add(path.dirname(message.path));
      });
    },

    async sync() {
      const dirs = [...unsynced];
      unsynced.clear();
      if (syncDirectory === undefined) return;
      try {
        await Promise.all(dirs.map(syncDirectory));
      } catch (error) {
        // Not known to be durable: the next sync() tries them again.
        for (const dir of dirs) unsynced.add(dir);
        throw error;
      }
    },

    async cleanTmp() {
      const tmp = path.join(root, 'tmp');
      const entries = attemptSync('list', tmp, () => readdirSync(tmp, { withFileTypes: true }));
      let removed = 0;
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const file = path.join(tmp, entry.name);
        if (!(isOurLeftover(entry.name, host) || (await isAbandoned(file)))) continue;
        await attempt('remove', file, () => fs.unlink(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }));
        removed++;
      }
      return removed;
    },
  };
}

/** cur/ then new/, listed. Synchronous: a few hundred names come from the dentry cache faster than a thread-pool round trip. */
function listMessageDirs(root: string): { subPath: string; entries: Dirent[] }[] {
  return SUBDIRS.map((sub) => {
    const subPath = path.join(root, sub);
    return { subPath, entries: attemptSync('list', subPath, () => listDirectory(subPath)) };
  });
}

/** A directory this big (bytes of entries, ~80 per name) holds more than about a thousand names. */
const BIG_DIRECTORY_BYTES = 64 * 1024;

/**
 * readdirSync sorts the names (libuv's scandir) and allocates each one apart: for a folder of ten
 * thousand messages, reading it unsorted in large batches takes a third of the time. For a small
 * one, the single call is faster.
 */
function listDirectory(dir: string): Dirent[] {
  if (statSync(dir).size < BIG_DIRECTORY_BYTES) return readdirSync(dir, { withFileTypes: true });
  const handle = opendirSync(dir, { bufferSize: 1024 });
  const entries: Dirent[] = [];
  try {
    for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) entries.push(entry);
  } finally {
    handle.closeSync();
  }
  return entries;
}

/** A directory entry that may hold a message: no dot file, a file or a link to one. */
function isMessageEntry(entry: Dirent): boolean {
  return !entry.name.startsWith('.') && (entry.isFile() || entry.isSymbolicLink());
}

/** A stored message from its parsed name; the size from the name, else the file (undefined if it vanished meanwhile). */
async function storedMessage(filePath: string, uid: number, uidValidity: number, parsed: { flags: string; size?: number }): Promise<StoredMessage | undefined> {
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

/**
 * A tmp/ file of ours whose writer is gone: this process (its batches clean up after themselves)
 * or a dead one on this host. Another program's file (mbsync, a MUA) may be being written now.
 */
function isOurLeftover(name: string, host: string): boolean {
  const writer = parseUniqueName(name);
  if (writer === undefined || writer.host !== sanitizeHost(host)) return false;
  return writer.pid === process.pid || !isProcessAlive(writer.pid);
}

async function isAbandoned(file: string): Promise<boolean> {
  const stat = await fs.lstat(file).catch(() => undefined);
  return stat !== undefined && Date.now() - stat.mtimeMs > ABANDONED_TMP_MS;
}

/**
 * cur/ new/ tmp/ (and missing parents), all 0700; new directories are made durable. Below
 * `accountRoot` and for cur/ new/ tmp/, an existing symlink is refused rather than written through.
 */
async function createMaildir(root: string, accountRoot: string | undefined, syncDirectory: ((dir: string) => Promise<void>) | undefined): Promise<void> {
  const base = accountRoot ?? root;
  const below = path.relative(base, root).split(path.sep).filter(Boolean).map((_, i, parts) => path.join(base, ...parts.slice(0, i + 1)));
  // The usual case, every pass after the first: all there already, checked with synchronous
  // lstats (microseconds from the inode cache, less than one thread-pool round trip each).
  const checked = [...below, ...['cur', 'new', 'tmp'].map((sub) => path.join(root, sub))];
  if (checked.every((dir) => isRealDirectory(dir))) return;
  let highestCreated = await attempt('create', base, () => fs.mkdir(base, { recursive: true, mode: DIR_MODE }));
  for (const dir of checked) {
    if ((await makeRealDirectory(dir)) && highestCreated === undefined) highestCreated = dir;
  }
  if (highestCreated === undefined || syncDirectory === undefined) return;
  // fsync each directory that gained an entry, from the maildir up to the first pre-existing parent.
  for (let dir = root; ; dir = path.dirname(dir)) {
    await syncDirectory(dir);
    if (dir === path.dirname(highestCreated) || dir === path.dirname(dir)) break;
  }
}

function isRealDirectory(dir: string): boolean {
  try {
    return lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** Creates `dir` (its parent exists); true if it was created, an error if it is a symlink or no directory. */
async function makeRealDirectory(dir: string): Promise<boolean> {
  try {
    await fs.mkdir(dir, { mode: DIR_MODE });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw toMaildirError(error, 'create', dir);
  }
  const stat = await attempt('create', dir, () => fs.lstat(dir));
  if (stat.isSymbolicLink()) throw new MaildirError('IO', dir, `${dir} is a symbolic link: mailkeep does not write through links inside a Maildir tree`);
  if (!stat.isDirectory()) throw new MaildirError('IO', dir, `${dir} is not a directory`);
  return false;
}

/** The one of the account's roots that holds `dir` (the deepest, when Inbox lies under Path). */
function accountRootOf(layout: MailboxLayout, dir: string): string {
  const roots = [layout.localPath, layout.inboxPath].map((p) => path.resolve(p)).sort((a, b) => b.length - a.length);
  const root = roots.find((r) => dir === r || dir.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  if (root === undefined) throw new MaildirError('IO', dir, `${dir} is outside the account's folders ${roots.join(' and ')}`);
  return root;
}

/**
 * Writes, stamps and closes with direct system calls, which land in the page cache in microseconds;
 * a thread-pool round trip each cost more CPU than the writing. open and fsync stay in the pool:
 * creating a file can wait for the journal while another file is fsynced.
 */
async function openDirectFile(file: string, flags: number, mode: number): Promise<WritableFile> {
  // Plain descriptors, not FileHandles: a FileHandle would close its number again when collected.
  const fd = await new Promise<number>((resolve, reject) => openFd(file, flags, mode, (error, opened) => (error ? reject(error) : resolve(opened))));
  let open = true;
  return {
    write: async (buffer, offset, length) => ({ bytesWritten: writeSync(fd, buffer, offset, length) }),
    utimes: async (atime, mtime) => futimesSync(fd, atime, mtime),
    sync: () => new Promise((resolve, reject) => fsyncFd(fd, (error) => (error ? reject(error) : resolve()))),
    // Once only, even if it failed: the number may already belong to a file opened since.
    close: async () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

async function createTmpFile(
  root: string,
  host: string,
  openFile: OpenWritableFile,
): Promise<{ tmpPath: string; uniqueName: { time: Date; seq: number; pid: number; host: string }; file: WritableFile }> {
  for (let tries = 0; ; tries++) {
    const uniqueName = { time: new Date(), seq: ++sequence, pid: process.pid, host };
    const tmpPath = path.join(root, 'tmp', formatUniqueName(uniqueName));
    try {
      return { tmpPath, uniqueName, file: await openFile(tmpPath, EXCLUSIVE_CREATE, FILE_MODE) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 5) throw toMaildirError(error, 'create', tmpPath);
    }
  }
}

async function writeFully(file: WritableFile, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

async function attempt<T>(action: MaildirAction, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toMaildirError(error, action, target);
  }
}

function attemptSync<T>(action: MaildirAction, target: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toMaildirError(error, action, target);
  }
}

/** Like mapSettledBounded, but rejects with the first failure (after the running ones end). */
async function mapBounded<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const settled = await mapSettledBounded(items, limit, run);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<R>).value);
}

/** Runs at most `limit` at once; after the first failure starts no more, and waits for the running ones. */
async function mapSettledBounded<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = [];
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await run(items[index] as T) };
      } catch (reason) {
        failed = true;
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results.filter((result) => result !== undefined);
}
