// Brings one folder's rows in line with its files, as `notmuch new` does for a directory: an
// unchanged folder stamp costs two stats; otherwise the folder is listed, a file whose base name
// the index knows only has its name (flags) updated, unknown files are read and indexed, and rows
// of files gone are removed. Files are indexed in batches, one transaction each.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isMessageFile, parseMaildirName, readFolderStamp, unlistable, unreadableLine } from '../maildir/index.js';
import { parseMessageFile } from './message-row.js';
import type { FolderRef, IndexWriter } from './write-rows.js';

export interface FolderChanges {
  added: number;
  renamed: number;
  removed: number;
  /**
   * Files that vanished or could not be read while indexing, and cur/ or new/ directories that could
   * not be listed (picked up next time if still there).
   */
  unreadable: number;
  /** The cur/ and new/ directories that could not be listed, one line each: `cannot list DIR: permission denied (EACCES)`. */
  unlisted: string[];
  /** The files that could not be read (not those gone since the listing): `cannot read FILE: …`. */
  unread: string[];
}

export interface RefreshOptions {
  /** List the folder even when its stamp is unchanged. */
  force?: boolean;
  /** Called after each batch of files read (the first index of a big folder takes a while). */
  onFiles?: (done: number, total: number) => void;
}

const FILES_PER_TRANSACTION = 200;

export function refreshFolder(writer: IndexWriter, ref: FolderRef, options: RefreshOptions = {}): FolderChanges {
  const changes: FolderChanges = { added: 0, renamed: 0, removed: 0, unreadable: 0, unlisted: [], unread: [] };
  // Taken before the listing, so a change made while it runs is seen next time.
  const stamp = readFolderStamp(ref.path);
  const folder = writer.db.transaction(() => writer.folder(ref))();
  if (stamp !== null && stamp === folder.stamp && !options.force) return changes;
  const known = new Map(writer.knownFiles(folder.id).map((k) => [k.base, k]));
  const unseen: string[] = [];
  const { files, unlisted } = listFiles(ref.path);
  // A directory that could not be listed keeps its rows, and the folder its null stamp: were the
  // stamp taken, the files would stay out of the index once readable (the stamp would not change).
  changes.unreadable += unlisted.length;
  changes.unlisted = unlisted.map(({ dir, code }) => unreadableLine(unlistable(path.join(ref.path, dir), code)));
  writer.db.transaction(() => {
    for (const { dir, file } of files) {
      const { base, flags } = parseMaildirName(file);
      const row = known.get(base);
      if (!row) {
        unseen.push(path.join(ref.path, dir, file));
        continue;
      }
      known.delete(base);
      if (row.file === file && row.dir === dir) continue;
      writer.rename(row.id, file, dir, flags);
      changes.renamed += 1;
    }
    const gone = [...known.values()].filter((row) => !unlisted.some((u) => u.dir === row.dir));
    writer.removeRows(gone.map((row) => row.id));
    changes.removed = gone.length;
  })();
  for (let i = 0; i < unseen.length; i += FILES_PER_TRANSACTION) {
    addFiles(writer, folder.id, unseen.slice(i, i + FILES_PER_TRANSACTION), changes);
    options.onFiles?.(Math.min(i + FILES_PER_TRANSACTION, unseen.length), unseen.length);
  }
  writer.setStamp(folder.id, changes.unreadable ? null : stamp);
  return changes;
}

/** The files parsed and written in one transaction (one FTS5 segment for them, not one per message). */
function addFiles(writer: IndexWriter, folder: number, files: string[], changes: FolderChanges): void {
  writer.db.transaction(() => {
    const done = writer.addFiles(
      folder,
      files.map((file) => ({ path: file, parse: () => parseMessageFile(file) })),
    );
    changes.added += done.added;
    changes.unreadable += done.unreadable.length;
    for (const problem of done.unreadable) if (problem.code !== 'ENOENT') changes.unread.push(unreadableLine(problem));
  })();
}

/**
 * The message files of cur/ and new/ (never tmp/), as the reader lists them; `unlisted`: the
 * directories that are there but could not be listed (no permission, an I/O error).
 */
export function listFiles(maildir: string): {
  files: { dir: 'cur' | 'new'; file: string }[];
  unlisted: { dir: 'cur' | 'new'; code: string }[];
} {
  const files: { dir: 'cur' | 'new'; file: string }[] = [];
  const unlisted: { dir: 'cur' | 'new'; code: string }[] = [];
  for (const dir of ['cur', 'new'] as const) {
    let names;
    try {
      names = readdirSync(path.join(maildir, dir), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') unlisted.push({ dir, code: code ?? 'error' });
      continue;
    }
    for (const d of names) if (isMessageFile(path.join(maildir, dir), d)) files.push({ dir, file: d.name });
  }
  return { files, unlisted };
}
