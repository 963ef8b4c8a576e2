// What the reader asks of the index: its folders with counts, a folder's rows, a message's labels.
import type { IndexDb } from './index-file.js';
import type { MessageRow } from './message-row.js';

export interface IndexedFolder {
  id: number;
  account: string;
  name: string;
  path: string;
  /** The folder stamp of its last full refresh; null when it needs one (compare with readFolderStamp). */
  stamp: string | null;
  total: number;
  unread: number;
}

/** Columns of `message m JOIN folder f` as a MessageRow (see rowFromSql). */
export const ROW_COLUMNS = `m.id, f.account, f.name AS folder, f.path AS folderPath, m.file, m.dir, m.uid, m.size,
  m.flags, m.date, m.sender, m.recipients, m.cc, m.subject, m.message_id, m.refs, m.attachments`;

export interface SqlRow {
  id: number;
  account: string;
  folder: string;
  folderPath: string;
  file: string;
  dir: 'cur' | 'new';
  uid: number | null;
  size: number;
  flags: string;
  date: number;
  sender: string;
  recipients: string;
  cc: string;
  subject: string;
  message_id: string | null;
  refs: string;
  attachments: number;
}

export function rowFromSql(r: SqlRow): MessageRow {
  return {
    id: r.id,
    account: r.account,
    folder: r.folder,
    folderPath: r.folderPath,
    file: r.file,
    dir: r.dir,
    ...(r.uid !== null ? { uid: r.uid } : {}),
    size: r.size,
    flags: r.flags,
    date: r.date,
    from: r.sender,
    to: r.recipients,
    cc: r.cc,
    subject: r.subject,
    ...(r.message_id !== null ? { messageId: r.message_id } : {}),
    references: r.refs ? r.refs.split(' ') : [],
    attachments: r.attachments,
  };
}

export function listIndexedFolders(db: IndexDb): IndexedFolder[] {
  return db
    .prepare<[], IndexedFolder>(
      'SELECT id, account, name, path, stamp, total, unread FROM folder ORDER BY account, name',
    )
    .all();
}

/** Every row of one folder (by its path on disk), in no particular order. */
export function folderRows(db: IndexDb, folderPath: string): MessageRow[] {
  return db
    .prepare<[string], SqlRow>(`SELECT ${ROW_COLUMNS} FROM message m JOIN folder f ON f.id = m.folder WHERE f.path = ?`)
    .all(folderPath)
    .map(rowFromSql);
}

/**
 * The labels of a message (a Gmail-like backup stores a message once and hard-links it into each
 * label's folder): the names of the account's folders holding the same file, itself included.
 */
export function labelsOf(db: IndexDb, id: number): string[] {
  return db
    .prepare<[number], { name: string }>(
      `SELECT DISTINCT f2.name FROM message m JOIN folder f ON f.id = m.folder
         JOIN message m2 ON m2.inode = m.inode JOIN folder f2 ON f2.id = m2.folder AND f2.account = f.account
       WHERE m.id = ? ORDER BY f2.name`,
    )
    .all(id)
    .map((r) => r.name);
}
