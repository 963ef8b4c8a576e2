// A sync pass's record of its changes updates a folder's rows without listing it, but only when the
// index's stamp is the one the folder had before the pass and the record is whole; otherwise
// nothing is changed and the folder is left to a refresh.
import assert from 'node:assert/strict';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  applyFolderChanges,
  folderRows,
  IndexWriter,
  listIndexedFolders,
  openIndex,
  refreshFolder,
  type FolderRef,
  type SyncedFolderChanges,
} from '../../src/archive/index.js';
import { readFolderStamp } from '../../src/maildir/index.js';
import { addMessage, mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';

function setup(t: { after: (fn: () => void) => void }) {
  const tmp = makeTempDir('mailkeep-apply-');
  t.after(tmp.cleanup);
  const db = openIndex(path.join(tmp.path, 'archive.sqlite'))!;
  t.after(() => db.close());
  const inbox: FolderRef = { path: path.join(tmp.path, 'Mail'), account: 'me', name: 'INBOX' };
  return { db, writer: new IndexWriter(db), inbox };
}

const message = (subject: string) => ({
  raw: mail({ From: 'Ann <ann@example.org>', Subject: subject, Date: 'Tue, 2 Jan 2024 10:00:00 +0000' }),
});

function files(folder: string): string[] {
  return ['cur', 'new'].flatMap((dir) => readdirSync(path.join(folder, dir)).map((f) => `${dir}/${f}`)).sort();
}

function rows(db: ReturnType<typeof setup>['db'], folder: string): string[] {
  return folderRows(db, folder)
    .map((r) => `${r.dir}/${r.file}`)
    .sort();
}

const stampOf = (db: ReturnType<typeof setup>['db'], folder: string) =>
  listIndexedFolders(db).find((f) => f.path === folder)?.stamp;

/** A pass over an indexed folder: a flag rename, a removal, a new file. */
function pass(inbox: FolderRef): SyncedFolderChanges {
  const before = readFolderStamp(inbox.path);
  const [first, second] = files(inbox.path).map((f) => path.join(inbox.path, f));
  const seen = path.join(inbox.path, 'cur', `${path.basename(first!)}:2,S`);
  renameSync(first!, seen);
  rmSync(second!);
  const added = addMessage(inbox.path, message('third'));
  return {
    before,
    after: readFolderStamp(inbox.path),
    changes: [{ renamed: [first!, seen] }, { removed: second! }, { added }],
    complete: true,
  };
}

test("a pass's changes bring the rows in line with the files, and the folder gets the stamp after", (t) => {
  const { db, writer, inbox } = setup(t);
  writeMaildir(inbox.path, [message('first'), message('second')]);
  refreshFolder(writer, inbox);
  const synced = pass(inbox);
  assert.equal(applyFolderChanges(writer, inbox, synced), true);
  assert.deepEqual(rows(db, inbox.path), files(inbox.path));
  assert.equal(stampOf(db, inbox.path), synced.after);
  assert.equal(folderRows(db, inbox.path).find((r) => r.subject === 'first')?.flags, 'S');
});

test('a folder changed behind the index before the pass, or a record not whole, is left to a refresh', (t) => {
  const { db, writer, inbox } = setup(t);
  writeMaildir(inbox.path, [message('first'), message('second')]);
  refreshFolder(writer, inbox);
  const stamp = stampOf(db, inbox.path);
  addMessage(inbox.path, message('behind its back'));
  const indexed = rows(db, inbox.path);
  assert.equal(applyFolderChanges(writer, inbox, pass(inbox)), false);
  assert.equal(applyFolderChanges(writer, inbox, { ...pass(inbox), before: stamp!, complete: false }), false);
  assert.deepEqual(rows(db, inbox.path), indexed, 'nothing changed');
  assert.equal(stampOf(db, inbox.path), stamp);
  refreshFolder(writer, inbox);
  assert.deepEqual(rows(db, inbox.path), files(inbox.path));
});

test('an added file that cannot be read undoes the whole record: no row goes missing unseen', (t) => {
  const { db, writer, inbox } = setup(t);
  writeMaildir(inbox.path, [message('first'), message('second')]);
  refreshFolder(writer, inbox);
  const indexed = rows(db, inbox.path);
  const synced = pass(inbox);
  const added = synced.changes.flatMap((c) => ('added' in c ? [c.added] : []));
  rmSync(added[0]!);
  assert.equal(applyFolderChanges(writer, inbox, synced), false);
  assert.deepEqual(rows(db, inbox.path), indexed);
});

test('a folder the pass made takes its rows from the record, unless the index holds others for it', (t) => {
  const { db, writer, inbox } = setup(t);
  writeMaildir(inbox.path, []);
  const made = (): SyncedFolderChanges => ({
    before: null,
    after: readFolderStamp(inbox.path),
    changes: files(inbox.path).map((f) => ({ added: path.join(inbox.path, f) })),
    complete: true,
  });
  const [first] = writeMaildir(inbox.path, [message('first')]);
  assert.equal(applyFolderChanges(writer, inbox, made()), true);
  assert.deepEqual(rows(db, inbox.path), files(inbox.path));

  // Made anew at the same path: the old folder's row (and its stamp) are still in the index.
  rmSync(first!);
  addMessage(inbox.path, message('second'));
  writer.setStamp(writer.folder(inbox).id, null);
  assert.equal(applyFolderChanges(writer, inbox, made()), false);
});

test("a run of removals takes the files' rows and their text; a file removed twice is left to a refresh", (t) => {
  const { db, writer, inbox } = setup(t);
  const words = ['amber', 'birch', 'cedar', 'dune'];
  writeMaildir(
    inbox.path,
    words.map((word) => ({ raw: mail({ From: 'ann@example.org', Subject: word }, `${word}wood\n`) })),
  );
  refreshFolder(writer, inbox);
  const bySubject = new Map(folderRows(db, inbox.path).map((r) => [r.subject, path.join(inbox.path, r.dir, r.file)]));
  const matches = (word: string) =>
    db.prepare('SELECT count(*) AS n FROM message_text WHERE message_text MATCH ?').get(`${word}wood`) as { n: number };
  const before = readFolderStamp(inbox.path);
  for (const word of ['amber', 'birch', 'dune']) rmSync(bySubject.get(word)!);
  const added = addMessage(inbox.path, message('elm'));
  const synced: SyncedFolderChanges = {
    before,
    after: readFolderStamp(inbox.path),
    changes: [
      { removed: bySubject.get('amber')! },
      { removed: bySubject.get('birch')! },
      { added },
      { removed: bySubject.get('dune')! },
    ],
    complete: true,
  };
  const twice = { ...synced, changes: [...synced.changes, { removed: bySubject.get('dune')! }] };
  assert.equal(applyFolderChanges(writer, inbox, twice), false);
  assert.equal(folderRows(db, inbox.path).length, 4, 'nothing changed');
  assert.equal(applyFolderChanges(writer, inbox, synced), true);
  assert.deepEqual(rows(db, inbox.path), files(inbox.path));
  assert.deepEqual(
    words.map((word) => matches(word).n),
    [0, 0, 1, 0],
  );
});
