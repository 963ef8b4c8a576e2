// The reader's read-only view of the archive index (src/archive): a folder's rows, whether they
// are current (its folder stamp unchanged since the index last listed it), every indexed folder's
// counts, and the global search. The file is opened on first use and again while it is missing
// (the index worker creates it); anything wrong with it reads as "not indexed".
// The archive's modules by name, not its public face: that one loads the MIME parsing too.
import {
  folderCounts,
  folderRowSlices,
  folderSummary,
  newestFolderRows,
  type FolderCounts,
} from '../archive/folder-pages.js';
import { openIndex, type IndexDb } from '../archive/index-file.js';
import { defaultIndexFile } from '../archive/index-path.js';
import { rowsByIds, searchPage } from '../archive/search.js';
import { readFolderStamp } from '../maildir/index.js';
import type { IndexEntry } from './types.js';

/** The newest this many messages a global search shows. */
export const SEARCH_RESULT_LIMIT = 5000;

/** Rows read between two turns of the event loop when a whole folder is read. */
const ROWS_PER_SLICE = 1000;

/** A folder as the index has it; `current` when its rows are all there is (stamp unchanged). */
export interface IndexedFolderRows {
  current: boolean;
  total: number;
  /** Every row, read in slices on a connection of its own: the reader stays live meanwhile. */
  all(): Promise<IndexEntry[]>;
}

export interface ArchiveAccess {
  readonly file: string;
  /** Undefined: the folder is not in the index (or there is no index). */
  folder(path: string): IndexedFolderRows | undefined;
  /** Indexed folders whose stamp still matches, by path (their counts need no listing). */
  currentFolders(): Map<string, FolderCounts>;
  /** The `count` newest rows of an indexed folder, newest first. */
  newest(path: string, count: number): IndexEntry[];
  /**
   * The newest SEARCH_RESULT_LIMIT messages a query finds, newest first, and how many it finds in
   * all; throws a QueryError for a query that does not parse, an Error without an index.
   */
  search(query: string): { entries: IndexEntry[]; total: number };
  close(): void;
}

export function archiveAccess(file = defaultIndexFile()): ArchiveAccess {
  let db: IndexDb | undefined;
  const open = (): IndexDb | undefined => {
    try {
      db ??= openIndex(file, { readonly: true });
    } catch {
      db = undefined;
    }
    return db;
  };
  const isCurrent = (f: { stamp: string | null }, path: string) =>
    f.stamp !== null && f.stamp === readFolderStamp(path);
  return {
    file,
    folder(path) {
      const index = open();
      const known = index && folderSummary(index, path);
      if (!index || !known) return undefined;
      return {
        current: isCurrent(known, path),
        total: known.total,
        all: () => allRows(file, path),
      };
    },
    currentFolders() {
      const index = open();
      return new Map(index ? folderCounts(index).flatMap((f) => (isCurrent(f, f.path) ? [[f.path, f]] : [])) : []);
    },
    newest(path, count) {
      const index = open();
      return index ? newestFolderRows(index, path, count) : [];
    },
    search(query) {
      const index = open();
      if (!index) throw new Error('no search index yet: it is being built (or run `mailkeep index`)');
      const page = searchPage(index, query, SEARCH_RESULT_LIMIT);
      return { entries: rowsByIds(index, page.ids), total: page.total };
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

async function allRows(file: string, path: string): Promise<IndexEntry[]> {
  const own = openIndex(file, { readonly: true });
  if (!own) return [];
  try {
    const rows: IndexEntry[] = [];
    for (const slice of folderRowSlices(own, path, ROWS_PER_SLICE)) {
      rows.push(...slice);
      await new Promise(setImmediate);
    }
    return rows;
  } finally {
    own.close();
  }
}
