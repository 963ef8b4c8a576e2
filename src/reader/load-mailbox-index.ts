// A mailbox's index: the known rows (the archive index's, or those on screen) for files still
// there, fresh rows for new files. Maildir files never change content, only names (flags), so a
// file whose base name is known is reused without being opened; only unseen base names are read.
// tmp/ is never looked at.
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fsPath } from '../files/byte-names.js';
import { isMessageFile, parseMaildirName, unreadable, type Unreadable } from '../maildir/index.js';
import type { IndexEntry } from './types.js';

export interface LoadIndexOptions {
  /** Called while unseen files are read (first open of a big mailbox). */
  onProgress?: (done: number, total: number) => void;
  /** Rows already known (the archive index's, or the index on screen for a refresh). */
  known?: IndexEntry[];
  /** Told of each file not read (gone since the listing, no permission) and each cur/ or new/ not listed. */
  onUnreadable?: (problem: Unreadable) => void;
}

/** Files read between two turns of the event loop: keys and redraws are never kept waiting long. */
const FILES_PER_SLICE = 200;
const PROGRESS_EVERY = 1000;

export async function loadMailboxIndex(maildir: string, options: LoadIndexOptions = {}): Promise<IndexEntry[]> {
  const listing = await listMessageFiles(maildir, options.onUnreadable);
  const byBase = new Map((options.known ?? []).map((e) => [messageKey(e), e]));
  const entries: IndexEntry[] = [];
  const unseen: Listed[] = [];
  for (const item of listing) {
    const name = parseMaildirName(item.file);
    const hit = byBase.get(name.base);
    if (!hit) {
      unseen.push(item);
      continue;
    }
    if (hit.file !== item.file || hit.dir !== item.dir) {
      entries.push({ ...hit, file: item.file, dir: item.dir, flags: name.flags });
    } else entries.push(hit);
  }
  return unseen.length ? entries.concat(await readUnseen(maildir, unseen, options)) : entries;
}

type Listed = { dir: 'cur' | 'new'; file: string };

/** The header parsing (libmime, mailparser's address parser): loaded when a file is first read, once. */
let loadedEntryReader: Promise<typeof import('./read-index-entry.js')> | undefined;
const entryReader = () => (loadedEntryReader ??= import('./read-index-entry.js'));

/** Rows of the files not known yet, read in slices with the event loop turning between them. */
async function readUnseen(maildir: string, unseen: Listed[], options: LoadIndexOptions) {
  const { onProgress, onUnreadable } = options;
  const { HEAD_BYTES, readIndexEntry } = await entryReader();
  const scratch = Buffer.allocUnsafe(HEAD_BYTES);
  const entries: IndexEntry[] = [];
  for (let i = 0; i < unseen.length; i += FILES_PER_SLICE) {
    for (const u of unseen.slice(i, i + FILES_PER_SLICE)) {
      try {
        entries.push(readIndexEntry(maildir, u.dir, u.file, scratch));
      } catch (error) {
        onUnreadable?.(unreadable(join(maildir, u.dir, u.file), false, error));
      }
    }
    const done = Math.min(i + FILES_PER_SLICE, unseen.length);
    if (onProgress && (done % PROGRESS_EVERY < FILES_PER_SLICE || done === unseen.length))
      onProgress(done, unseen.length);
    await new Promise(setImmediate);
  }
  return entries;
}

/**
 * The rows of the `count` files delivered last, and how many files the folder holds: a big folder's
 * first page before its other heads are read. A Maildir name begins with its delivery time (seconds);
 * a name that does not is placed by its file's modification time.
 */
export async function readNewestDelivered(
  maildir: string,
  count: number,
): Promise<{ entries: IndexEntry[]; total: number }> {
  const listing = await listMessageFiles(maildir);
  const delivered = (item: Listed): number => {
    const seconds = /^\d{9,}/.exec(item.file);
    if (seconds) return Number(seconds[0]) * 1000;
    try {
      return statSync(fsPath(join(maildir, item.dir, item.file))).mtimeMs;
    } catch {
      return 0;
    }
  };
  const times = new Map(listing.map((item) => [item, delivered(item)]));
  const newest = [...listing].sort((a, b) => times.get(b)! - times.get(a)! || (a.file < b.file ? 1 : -1));
  return { entries: await readUnseen(maildir, newest.slice(0, count), {}), total: listing.length };
}

/** What identifies a message across flag changes (its file's base name). */
export function messageKey(entry: IndexEntry): string {
  return parseMaildirName(entry.file).base;
}

/** A missing new/ or cur/ is an empty one; one that is there and cannot be listed is told `onUnreadable`. */
export async function listMessageFiles(
  maildir: string,
  onUnreadable?: LoadIndexOptions['onUnreadable'],
): Promise<Listed[]> {
  const out: Listed[] = [];
  for (const dir of ['cur', 'new'] as const) {
    const names = await readdir(fsPath(join(maildir, dir)), { withFileTypes: true, encoding: 'utf8' }).catch(
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          onUnreadable?.(unreadable(join(maildir, dir), true, error));
        return [];
      },
    );
    for (const d of names) if (isMessageFile(join(maildir, dir), d)) out.push({ dir, file: d.name });
  }
  return out;
}
