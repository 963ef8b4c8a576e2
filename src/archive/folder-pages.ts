// A big folder's rows for a reader that shows the newest first: its count, the newest page at once,
// then the whole folder in slices (each slice a few milliseconds, so the caller can yield between them).
import type { IndexDb } from './index-file.js';
import type { MessageRow } from './message-row.js';
import { ROW_COLUMNS, rowFromSql, type SqlRow } from './read-rows.js';

const FROM_FOLDER = 'FROM message m JOIN folder f ON f.id = m.folder WHERE f.path = ?';

export interface FolderCounts {
  path: string;
  stamp: string | null;
  total: number;
  unread: number;
}

/** Every folder's stamp and counts (kept with the rows: no row is read). */
export function folderCounts(db: IndexDb): FolderCounts[] {
  return db.prepare<[], FolderCounts>('SELECT path, stamp, total, unread FROM folder').all();
}

/** A folder's stamp and message count; undefined if not indexed. */
export function folderSummary(db: IndexDb, folderPath: string): { stamp: string | null; total: number } | undefined {
  return db
    .prepare<[string], { stamp: string | null; total: number }>('SELECT stamp, total FROM folder WHERE path = ?')
    .get(folderPath);
}

/** The `count` newest rows of a folder, newest first. */
export function newestFolderRows(db: IndexDb, folderPath: string, count: number): MessageRow[] {
  return db
    .prepare<[string, number], SqlRow>(
      `SELECT ${ROW_COLUMNS} FROM message m INDEXED BY message_folder_date JOIN folder f ON f.id = m.folder
       WHERE m.folder = (SELECT id FROM folder WHERE path = ?) ORDER BY m.date DESC LIMIT ?`,
    )
    .all(folderPath, count)
    .map(rowFromSql);
}

/**
 * Every row of a folder, `size` at a time. The statement holds the connection while it runs: give
 * it a connection of its own when other queries may come in between slices.
 */
export function* folderRowSlices(db: IndexDb, folderPath: string, size: number): Generator<MessageRow[]> {
  let slice: MessageRow[] = [];
  for (const row of db.prepare<[string], SqlRow>(`SELECT ${ROW_COLUMNS} ${FROM_FOLDER}`).iterate(folderPath)) {
    slice.push(rowFromSql(row));
    if (slice.length === size) {
      yield slice;
      slice = [];
    }
  }
  if (slice.length) yield slice;
}
