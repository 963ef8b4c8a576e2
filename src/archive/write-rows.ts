// Every change the index takes, as prepared statements: folders, new rows (with their text),
// renames (flags), removals. Callers group them in transactions (one per batch of files).
import path from 'node:path';
import { parseMaildirName, unreadable, type Unreadable } from '../maildir/index.js';
import type { IndexDb } from './index-file.js';
import { maildirSubdir, type ParsedMessage } from './message-row.js';

export interface FolderRef {
  /** The Maildir (cur/ new/ tmp/). */
  path: string;
  account: string;
  /** `/`-separated name inside the account. */
  name: string;
}

/** Parsed text held before it is written: a few big messages' bodies, not a batch's worth of them. */
const TEXT_CHARS_AT_ONCE = 4 * 1024 * 1024;

/** A message file to add: parsed only when its folder does not hold it yet. */
export interface FileToAdd {
  path: string;
  /** Its row and text, from bytes in hand or read now; throws when it cannot be read. */
  parse: () => ParsedMessage;
}

export interface KnownFile {
  id: number;
  base: string;
  file: string;
  dir: string;
}

export class IndexWriter {
  readonly db: IndexDb;
  private readonly stmts;
  /** Text of added rows not written to FTS5 yet, by row id (addFiles' `holdText`). */
  private readonly heldText = new Map<number, ParsedMessage>();
  private heldChars = 0;
  /** A row was removed while text was held: a held id may be gone, or taken by a newer row. */
  private removedWhileHeld = false;

  constructor(db: IndexDb) {
    this.db = db;
    this.stmts = {
      folderByPath: db.prepare<[string], { id: number; stamp: string | null }>(
        'SELECT id, stamp FROM folder WHERE path = ?',
      ),
      addFolder: db.prepare<[string, string, string]>('INSERT INTO folder (path, account, name) VALUES (?, ?, ?)'),
      nameFolder: db.prepare<[string, string, number]>('UPDATE folder SET account = ?, name = ? WHERE id = ?'),
      setStamp: db.prepare<[string | null, number]>('UPDATE folder SET stamp = ? WHERE id = ?'),
      known: db.prepare<[number], KnownFile>('SELECT id, base, file, dir FROM message WHERE folder = ?'),
      findBase: db.prepare<[number, string], { id: number }>('SELECT id FROM message WHERE folder = ? AND base = ?'),
      rowBase: db.prepare<[number], { base: string }>('SELECT base FROM message WHERE id = ?'),
      count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM message WHERE folder = ?'),
      insert: db.prepare(
        `INSERT INTO message (folder, base, file, dir, uid, size, flags, date, sender, recipients, cc, subject,
           message_id, refs, attachments, inode)
         VALUES (@folder, @base, @file, @dir, @uid, @size, @flags, @date, @sender, @recipients, @cc, @subject,
           @messageId, @refs, @attachments, @inode)`,
      ),
      insertText: db.prepare(
        'INSERT INTO message_text (rowid, sender, recipients, subject, body, attachments) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      rename: db.prepare<[string, string, string, number]>(
        'UPDATE message SET file = ?, dir = ?, flags = ? WHERE id = ?',
      ),
      remove: db.prepare<[number]>('DELETE FROM message WHERE id = ?'),
      removeText: db.prepare<[number]>('DELETE FROM message_text WHERE rowid = ?'),
      folderPaths: db.prepare<[], { path: string }>('SELECT path FROM folder'),
      removeFolderText: db.prepare<[number]>(
        'DELETE FROM message_text WHERE rowid IN (SELECT id FROM message WHERE folder = ?)',
      ),
      removeFolder: db.prepare<[number]>('DELETE FROM folder WHERE id = ?'),
      countAdded: db.prepare<[number, number, number]>(
        'UPDATE folder SET total = total + ?, unread = unread + ? WHERE id = ?',
      ),
    };
  }

  /** The folder's id (added on first sight) and the stamp of its last full refresh. */
  folder(ref: FolderRef): { id: number; stamp: string | null } {
    const found = this.stmts.folderByPath.get(ref.path);
    if (found) {
      this.stmts.nameFolder.run(ref.account, ref.name, found.id);
      return found;
    }
    return { id: Number(this.stmts.addFolder.run(ref.path, ref.account, ref.name).lastInsertRowid), stamp: null };
  }

  setStamp(folder: number, stamp: string | null): void {
    this.stmts.setStamp.run(stamp, folder);
  }

  knownFiles(folder: number): KnownFile[] {
    return this.stmts.known.all(folder);
  }

  /** The id of the folder's row for a file of this base name (the name without its flags). */
  rowOf(folder: number, base: string): number | undefined {
    return this.stmts.findBase.get(folder, base)?.id;
  }

  rowCount(folder: number): number {
    return this.stmts.count.get(folder)!.n;
  }

  /**
   * Adds files to the folder: renames first the rows of those it holds already (same base name),
   * then parses the others and writes their rows, then their text. A rename runs in a statement
   * journal (its trigger counts flags), which makes FTS5 write out the text it holds as a segment
   * of its own: renames between texts made a segment per message. Rows and text go in separate
   * runs: a row and its text by turns cost the index worker ~7 % more CPU, measured, even though
   * holding the parsed messages costs V8 more collections. At most TEXT_CHARS_AT_ONCE of parsed text
   * is held at a time. Counts the added rows in the folder's row. With `holdText` the text is kept
   * until `writeHeldText` (see there).
   */
  addFiles(
    folder: number,
    files: readonly FileToAdd[],
    options: { holdText?: boolean } = {},
  ): { added: number; unreadable: Unreadable[] } {
    const fresh: FileToAdd[] = [];
    for (const add of files) {
      const file = path.basename(add.path);
      const { base, flags } = parseMaildirName(file);
      const existing = this.stmts.findBase.get(folder, base);
      if (existing) this.rename(existing.id, file, maildirSubdir(add.path), flags);
      else fresh.push(add);
    }
    const done = { added: 0, unread: 0, unreadable: [] as Unreadable[] };
    let held: ParsedMessage[] = [];
    let chars = 0;
    for (const add of fresh) {
      try {
        const message = add.parse();
        held.push(message);
        chars += message.body.length;
      } catch (error) {
        done.unreadable.push(unreadable(add.path, false, error));
        continue;
      }
      if (chars < TEXT_CHARS_AT_ONCE) continue;
      this.insertAll(folder, held, done, options.holdText);
      held = [];
      chars = 0;
    }
    this.insertAll(folder, held, done, options.holdText);
    if (done.added) this.stmts.countAdded.run(done.added, done.unread, folder);
    return { added: done.added, unreadable: done.unreadable };
  }

  private insertAll(
    folder: number,
    messages: ParsedMessage[],
    done: { added: number; unread: number },
    holdText = false,
  ): void {
    const ids = messages.map((message) => this.insertRow(folder, message));
    messages.forEach((message, i) => (holdText ? this.holdText(ids[i]!, message) : this.insertText(ids[i]!, message)));
    done.added += messages.length;
    done.unread += messages.filter(isUnread).length;
  }

  private holdText(id: number, message: ParsedMessage): void {
    this.heldText.set(id, message);
    this.heldChars += message.body.length;
    if (this.heldChars >= TEXT_CHARS_AT_ONCE) this.writeHeldText();
  }

  /**
   * Writes the held text of the rows that still exist (same id, same base name), in row order. FTS5
   * keeps the text of a transaction in memory and writes it out as a segment whenever a statement
   * opens a savepoint (a folder's changes apply in one), runs in a statement journal (a rename's
   * trigger) or deletes a row; the sync's feed holds its text back until just before the COMMIT,
   * so that its folders' changes apply as they come, during the pass, without a segment each.
   * Each row is looked up again only if rows were removed meanwhile (a first sync's 40,000
   * look-ups cost ~0.15 s).
   */
  writeHeldText(): void {
    const ids = [...this.heldText.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const message = this.heldText.get(id)!;
      if (!this.removedWhileHeld || this.stmts.rowBase.get(id)?.base === message.base) this.insertText(id, message);
    }
    this.dropHeldText();
  }

  /** Forgets the held text (its transaction was rolled back). */
  dropHeldText(): void {
    this.heldText.clear();
    this.heldChars = 0;
    this.removedWhileHeld = false;
  }

  private insertRow(folder: number, message: ParsedMessage): number {
    const { entry } = message;
    return Number(
      this.stmts.insert.run({
        folder,
        base: message.base,
        file: entry.file,
        dir: entry.dir,
        uid: message.uid ?? null,
        size: entry.size,
        flags: entry.flags,
        date: entry.date,
        sender: entry.from,
        recipients: entry.to,
        cc: message.cc,
        subject: entry.subject,
        messageId: entry.messageId ?? null,
        refs: entry.references.join(' '),
        attachments: message.attachmentCount,
        inode: message.inode,
      }).lastInsertRowid,
    );
  }

  private insertText(id: number, message: ParsedMessage): void {
    const { entry } = message;
    const recipients = [entry.to, message.cc, message.bcc].filter(Boolean).join('\n');
    this.stmts.insertText.run(
      id,
      entry.from,
      recipients,
      entry.subject,
      message.body,
      message.attachmentNames.join('\n'),
    );
  }

  rename(id: number, file: string, dir: string, flags: string): void {
    this.stmts.rename.run(file, dir, flags, id);
  }

  /**
   * Removes rows, then their text. A text's removal leaves FTS5 something to write out at the next
   * statement that opens a savepoint or a statement journal (a row's removal does: its trigger
   * counts the folder), so a text and a row removed by turns wrote once per row; this way FTS5
   * writes once for the lot (an incremental pass's ~250 removals: ~90 → ~20 ms).
   */
  removeRows(ids: readonly number[]): void {
    this.removedWhileHeld ||= this.heldText.size > 0 && ids.length > 0;
    for (const id of ids) this.stmts.remove.run(id);
    for (const id of ids) this.stmts.removeText.run(id);
  }

  folderPaths(): string[] {
    return this.stmts.folderPaths.all().map((r) => r.path);
  }

  removeFolder(pathOnDisk: string): void {
    const found = this.stmts.folderByPath.get(pathOnDisk);
    if (!found) return;
    this.removedWhileHeld ||= this.heldText.size > 0;
    this.stmts.removeFolderText.run(found.id);
    this.stmts.removeFolder.run(found.id);
  }
}

/** Unread as the triggers count it: `flags NOT LIKE '%S%'` (LIKE ignores ASCII case). */
function isUnread(message: ParsedMessage): boolean {
  return !/s/i.test(message.entry.flags);
}
