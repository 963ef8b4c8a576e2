// The archive index's public face: a search index over every account's Maildir, kept in SQLite
// (FTS5) under the XDG cache dir. A layer beside src/maildir/: the engine feeds it, the reader and
// the commands query it; it imports only maildir, mail and text.
export { defaultIndexFile } from './index-path.js';
export { openIndex, removeIndexFile, SCHEMA_VERSION, type IndexDb, type OpenIndexOptions } from './index-file.js';
export type { MessageEntry, MessageRow } from './message-row.js';
export { IndexWriter, type FolderRef } from './write-rows.js';
export { applyFolderChanges, type FileChange, type SyncedFolderChanges } from './apply-folder-changes.js';
export { refreshFolder, type FolderChanges, type RefreshOptions } from './refresh-folder.js';
export { refreshTree, refreshTrees, type IndexRoot, type TreeChanges, type TreeProgress } from './refresh-tree.js';
export { folderRows, labelsOf, listIndexedFolders, type IndexedFolder } from './read-rows.js';
export { MAX_QUERY_DEPTH, MAX_QUERY_TERMS, parseQuery, type Query, type TextField } from './query-parse.js';
export { QueryError } from './query-error.js';
export { compileQuery } from './query-sql.js';
export {
  countMatches,
  rowsByIds,
  searchIds,
  searchIndex,
  searchPage,
  type SearchOptions,
  type SearchPage,
} from './search.js';
export {
  IndexWorker,
  type IndexWorkerOptions,
  type RefreshRequest,
  type StoredMailFeed,
} from './index-worker-client.js';
export { folderCounts, folderRowSlices, folderSummary, newestFolderRows, type FolderCounts } from './folder-pages.js';
