// Brings one folder's rows in line from what a sync pass says it changed, instead of listing the
// folder (refresh-folder.ts): the pass records every file it added, renamed and removed there and
// the folder's stamp before its first change and after its last. When the index's stamp for the
// folder is that first stamp (its rows matched the files then), the rows plus those changes match
// the files at the last stamp, which the folder then gets. The engine trusts the same stamps to
// skip listing an untouched folder; anything else (a stamp that differs, a change the pass could
// not record, a file not found) leaves the folder to a full refresh.
import path from 'node:path';
import { parseMaildirName } from '../maildir/index.js';
import { maildirSubdir, parseMessageFile } from './message-row.js';
import type { FolderRef, IndexWriter } from './write-rows.js';

/** One change to a folder's files, in the order the pass made them. */
export type FileChange = { added: string } | { renamed: [from: string, to: string] } | { removed: string };

export interface SyncedFolderChanges {
  /** The folder's stamp before the pass changed it; null when it did not exist (the pass made it). */
  before: string | null;
  /** Its stamp after the pass's last change was made durable. */
  after: string | null;
  changes: FileChange[];
  /** False when a write failed part-way, so a change may be missing from `changes`. */
  complete: boolean;
}

/** The folder's rows made to match its files at `after`, or false (nothing changed): it needs a refresh. */
export function applyFolderChanges(writer: IndexWriter, ref: FolderRef, synced: SyncedFolderChanges): boolean {
  if (!synced.complete || synced.after === null) return false;
  const NOT_APPLICABLE = new Error('not applicable');
  try {
    writer.db.transaction(() => {
      const folder = writer.folder(ref);
      if (folder.stamp !== synced.before) throw NOT_APPLICABLE;
      // A folder the pass made (no stamp before or in the index) has no rows but those it added:
      // a leftover row of an older folder at the same path fails the count below.
      const made = synced.before === null;
      let added = 0;
      // A run of removals goes at once (IndexWriter.removeRows), before any other change.
      const removed = new Set<number>();
      for (const change of synced.changes) {
        if ('removed' in change) {
          const row = rowOfFile(writer, folder.id, change.removed);
          if (row === undefined || removed.has(row)) throw NOT_APPLICABLE;
          removed.add(row);
          continue;
        }
        writer.removeRows([...removed]);
        removed.clear();
        const done =
          'added' in change ? addFile(writer, folder.id, change.added) : renameRow(writer, folder.id, change);
        if (!done) throw NOT_APPLICABLE;
        if ('added' in change) added += 1;
      }
      writer.removeRows([...removed]);
      if (made && writer.rowCount(folder.id) !== added) throw NOT_APPLICABLE;
      writer.setStamp(folder.id, synced.after);
    })();
    return true;
  } catch (error) {
    if (error === NOT_APPLICABLE) return false;
    throw error;
  }
}

/** A file the pass added: indexed already from its bytes, else read now; false if unreadable. */
function addFile(writer: IndexWriter, folder: number, file: string): boolean {
  if (rowOfFile(writer, folder, file) !== undefined) return true;
  return writer.addFiles(folder, [{ path: file, parse: () => parseMessageFile(file) }]).unreadable.length === 0;
}

function renameRow(writer: IndexWriter, folder: number, change: { renamed: [string, string] }): boolean {
  const [from, to] = change.renamed;
  const row = rowOfFile(writer, folder, from);
  if (row === undefined) return false;
  const file = path.basename(to);
  writer.rename(row, file, maildirSubdir(to), parseMaildirName(file).flags);
  return true;
}

function rowOfFile(writer: IndexWriter, folder: number, file: string): number | undefined {
  return writer.rowOf(folder, parseMaildirName(path.basename(file)).base);
}
