// A mailbox's index: the cached rows for files still there, fresh rows for new files.
// Maildir files never change content, only names (flags), so a file whose base name is cached
// is reused without being opened; only unseen base names are read. tmp/ is never looked at.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMaildirName } from '../maildir/index.js';
import { loadIndexCache, saveIndexCache } from './index-cache.js';
import { HEAD_BYTES, readIndexEntry } from './read-index-entry.js';
import type { IndexEntry } from './types.js';

export interface LoadIndexOptions {
  cacheDir: string;
  /** Called while unseen files are read (first open of a big mailbox). */
  onProgress?: (done: number, total: number) => void;
  /** The index already in memory (a refresh): used instead of reading the cache file. */
  known?: IndexEntry[];
}

/** Files read between two turns of the event loop: keys and redraws are never kept waiting long. */
const FILES_PER_SLICE = 200;
const PROGRESS_EVERY = 1000;

export async function loadMailboxIndex(maildir: string, options: LoadIndexOptions): Promise<IndexEntry[]> {
  const [cached, listing] = await Promise.all([
    options.known ?? loadIndexCache(options.cacheDir, maildir),
    listMessageFiles(maildir),
  ]);
  const byBase = new Map(cached.map((e) => [messageKey(e), e]));
  const entries: IndexEntry[] = [];
  const unseen: { dir: 'cur' | 'new'; file: string }[] = [];
  let changed = cached.length !== listing.length;
  for (const item of listing) {
    const hit = byBase.get(parseMaildirName(item.file).base);
    if (!hit) {
      unseen.push(item);
      continue;
    }
    if (hit.file !== item.file || hit.dir !== item.dir) {
      changed = true;
      entries.push({ ...hit, file: item.file, dir: item.dir, flags: parseMaildirName(item.file).flags });
    } else entries.push(hit);
  }
  const scratch = Buffer.allocUnsafe(HEAD_BYTES);
  for (let i = 0; i < unseen.length; i += FILES_PER_SLICE) {
    for (const u of unseen.slice(i, i + FILES_PER_SLICE)) {
      try {
        entries.push(readIndexEntry(maildir, u.dir, u.file, scratch));
      } catch {
        // gone since the listing, or unreadable: not shown
      }
    }
    changed = true;
    const done = Math.min(i + FILES_PER_SLICE, unseen.length);
    if (options.onProgress && (done % PROGRESS_EVERY < FILES_PER_SLICE || done === unseen.length)) {
      options.onProgress(done, unseen.length);
    }
    await new Promise(setImmediate);
  }
  // A refresh that read no file leaves the cache as it was: renames and removals cost the next
  // open nothing to find again, and writing a big folder's cache is most of a refresh's time.
  if (changed && (unseen.length > 0 || !options.known)) await saveIndexCache(options.cacheDir, maildir, entries);
  return entries;
}

/** What identifies a message across flag changes (its file's base name). */
export function messageKey(entry: IndexEntry): string {
  return parseMaildirName(entry.file).base;
}

export async function listMessageFiles(maildir: string): Promise<{ dir: 'cur' | 'new'; file: string }[]> {
  const out: { dir: 'cur' | 'new'; file: string }[] = [];
  for (const dir of ['cur', 'new'] as const) {
    const names = await readdir(join(maildir, dir), { withFileTypes: true }).catch(() => []);
    for (const d of names) if (d.isFile() && !d.name.startsWith('.')) out.push({ dir, file: d.name });
  }
  return out;
}
