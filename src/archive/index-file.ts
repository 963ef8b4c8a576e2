// The archive index's file: where it lives, its schema, and opening it. It is a cache (the Maildir
// is the truth): a file of another schema version, or one SQLite cannot read, is deleted and made
// anew, with a notice. WAL lets readers read while one writer writes.
import { chmodSync, closeSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from '../files/make-directory.js';

export type IndexDb = Database.Database;

/** Bumped whenever the tables or what goes into them change: an older file is rebuilt. */
export const SCHEMA_VERSION = 14;

/**
 * SQLite's page cache per connection (negative: KiB). Its 2 MB default made every read of 100k rows
 * a syscall per page. The writer keeps the default: it appends, and 8 MB built the large corpus's
 * index no faster while adding to what the sync's feed costs in memory.
 */
const READ_CACHE_KIB = -32768;
const WRITE_CACHE_KIB = -2048;

/**
 * The writer's WAL is copied into the file (checkpointed) once it holds this many pages (SQLite's
 * default: 1000), when it opens, and never when it closes (closeIndex). An incremental pass writes
 * ~2,000 pages in its last COMMIT, which the pass waits for: with the default that COMMIT ran the
 * checkpoint with its two fsyncs, and the close another (the pass's wait for the worker at its end
 * took 82–114 ms, now 26–50 ms); now the next writer does it as it opens, while its sync waits
 * for the server's listing. A first sync checkpoints every ~40 MB; the WAL file, reused from its
 * start after each checkpoint, is cut back to WAL_KEEP_BYTES then.
 */
const WAL_CHECKPOINT_PAGES = 10_000;
const WAL_KEEP_BYTES = 8 * 1024 * 1024;

const SCHEMA = `
CREATE TABLE folder (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  name TEXT NOT NULL,
  stamp TEXT,
  -- Kept in the transaction that changes the rows (by the triggers below; IndexWriter.addAll counts
  -- the rows it inserts): the reader's folder list and first screen read these instead of counting
  -- a big folder's rows (~10 ms per 100,000).
  total INTEGER NOT NULL DEFAULT 0,
  unread INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE message (
  id INTEGER PRIMARY KEY,
  folder INTEGER NOT NULL REFERENCES folder(id) ON DELETE CASCADE,
  base TEXT NOT NULL,
  file TEXT NOT NULL,
  dir TEXT NOT NULL,
  uid INTEGER,
  size INTEGER NOT NULL,
  flags TEXT NOT NULL,
  date INTEGER NOT NULL,
  sender TEXT NOT NULL,
  recipients TEXT NOT NULL,
  cc TEXT NOT NULL,
  subject TEXT NOT NULL,
  message_id TEXT,
  refs TEXT NOT NULL,
  attachments INTEGER NOT NULL,
  inode TEXT NOT NULL,
  UNIQUE (folder, base)
);
-- Searches walk this newest first (date, then id, as results are sorted) instead of the rows: it
-- carries what the query language filters on but text.
CREATE INDEX message_date ON message(date, id, folder, attachments, flags);
CREATE INDEX message_folder_date ON message(folder, date);
CREATE INDEX message_inode ON message(inode);
-- id: finds a message by its Message-ID (notmuch's id:, as mutt users paste it).
CREATE INDEX message_message_id ON message(message_id);
-- No trigger on insert: one makes every insert a statement of several writes, which SQLite runs in
-- a statement journal (each page it changes copied first, and FTS5 writing out a segment).
CREATE TRIGGER message_uncounted AFTER DELETE ON message BEGIN
  UPDATE folder SET total = total - 1, unread = unread - (OLD.flags NOT LIKE '%S%') WHERE id = OLD.folder;
END;
CREATE TRIGGER message_flags_counted AFTER UPDATE OF flags ON message BEGIN
  UPDATE folder SET unread = unread + (NEW.flags NOT LIKE '%S%') - (OLD.flags NOT LIKE '%S%') WHERE id = NEW.folder;
END;
CREATE VIRTUAL TABLE message_text USING fts5(
  sender, recipients, subject, body, attachments,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
`;

export interface OpenIndexOptions {
  readonly?: boolean;
  /** Told when the file was unreadable or of another version and is made anew. */
  onNotice?: (text: string) => void;
}

/**
 * Opens (creating or rebuilding when needed) the index at `file`. Read-only opens never rebuild:
 * a missing, old or corrupt file gives `undefined`, and the caller reads the Maildir instead.
 */
export function openIndex(file: string, options: OpenIndexOptions = {}): IndexDb | undefined {
  if (options.readonly) return openReadonly(file);
  makeDirectory(path.dirname(file), 0o700);
  try {
    const db = openWritable(file);
    if (db) return db;
    options.onNotice?.(`the search index ${file} is of an older version: rebuilding it`);
  } catch (error) {
    options.onNotice?.(`the search index ${file} could not be read (${oneLine(error)}): rebuilding it`);
  }
  removeIndexFile(file);
  return openWritable(file);
}

function openWritable(file: string): IndexDb | undefined {
  // The index holds the mail's text: private like the mail files (SQLite gives -wal and -shm the same mode).
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Statement journals (a rename's or removal's trigger runs in one) in memory: spilled to a file
    // in /var/tmp they were ~8,000 small writes of the index's pages per incremental pass.
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    db.pragma(`cache_size = ${WRITE_CACHE_KIB}`);
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) {
      db.prepare('SELECT count(*) FROM folder').get();
      setAutomerge(db);
      db.pragma('wal_checkpoint(PASSIVE)');
      return db;
    }
    const empty =
      (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n === 0;
    if (!empty) {
      db.close();
      return undefined;
    }
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    setAutomerge(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * FTS5 merges a level's segments once it holds this many (its default: 4). Each commit of the sync's
 * feed writes a small segment; merging them by eights took about 12 % less of the feed's SQLite CPU on
 * the large corpus's mix (40k messages), with the same query times and a slightly smaller index.
 */
const FTS_AUTOMERGE = 8;

/** The setting lives in the index file: written only when an older file has another one. */
function setAutomerge(db: IndexDb): void {
  const row = db.prepare("SELECT v FROM message_text_config WHERE k = 'automerge'").get() as { v: number } | undefined;
  if (row?.v !== FTS_AUTOMERGE) {
    db.exec(`INSERT INTO message_text (message_text, rank) VALUES ('automerge', ${FTS_AUTOMERGE})`);
  }
}

/**
 * Closes the writer and leaves its WAL for the next writer to checkpoint as it opens. SQLite
 * checkpoints when the last connection to a file closes; a read-only connection that has read
 * holds the file (the shared lock every WAL reader keeps), so the writer's close is not the last,
 * and the reader's, which may not write, checkpoints nothing. What the WAL holds is committed:
 * readers and the next writer see it.
 */
export function closeIndex(db: IndexDb): void {
  // Without it (openReadonly gave none) the writer's close checkpoints, as it would anyway.
  const holder = openReadonly(db.name);
  db.close();
  holder?.close();
}

function openReadonly(file: string): IndexDb | undefined {
  let db: IndexDb | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    db.pragma(`cache_size = ${READ_CACHE_KIB}`);
    if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) throw new Error('other version');
    db.prepare('SELECT count(*) FROM folder').get();
    return db;
  } catch {
    db?.close();
    return undefined;
  }
}

/** The index and its WAL files: all of it is a cache. */
export function removeIndexFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 120);
}
