// Files added in a transaction write their text as one FTS5 segment: renames go first and a row's
// insert has no trigger (a statement run in a statement journal makes FTS5 write out the text it
// holds as a segment of its own, which left a segment per message in the feed and in a refresh).
// The text is still found, renames still rename, files the folder holds are not parsed again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  folderRows,
  IndexWriter,
  openIndex,
  refreshFolder,
  searchIndex,
  type IndexDb,
} from '../../src/archive/index.js';
import { parseMessageFile } from '../../src/archive/message-row.js';
import { mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';

function setup(t: { after: (fn: () => void) => void }, count: number) {
  const tmp = makeTempDir('mailkeep-rows-');
  t.after(tmp.cleanup);
  const db = openIndex(path.join(tmp.path, 'archive.sqlite'))!;
  t.after(() => db.close());
  // No merging: every segment FTS5 writes stays, to be counted.
  db.exec("INSERT INTO message_text (message_text, rank) VALUES ('automerge', 0)");
  db.exec("INSERT INTO message_text (message_text, rank) VALUES ('crisismerge', 1000)");
  const folder = path.join(tmp.path, 'Mail');
  const files = writeMaildir(
    folder,
    Array.from({ length: count }, (_, i) => ({
      raw: mail({ From: `Ann${i} <ann${i}@example.org>`, Subject: `report ${i}` }, `word${i} budget\n`),
      flags: 'S',
    })),
  );
  const writer = new IndexWriter(db);
  const id = writer.folder({ path: folder, account: 'me', name: 'INBOX' }).id;
  return { db, writer, id, folder, files: files.map((file) => ({ path: file, parse: () => parseMessageFile(file) })) };
}

/** FTS5's stored pages and structure: each segment written out adds at least one. */
const textPages = (db: IndexDb): number =>
  (db.prepare('SELECT count(*) AS n FROM message_text_data').get() as { n: number }).n;

test('files added in a transaction, one by one or together, write their text as one segment, not one each', (t) => {
  const one = setup(t, 40);
  one.db.transaction(() => {
    for (const file of one.files) one.writer.addFiles(one.id, [file]);
  })();
  const all = setup(t, 40);
  all.db.transaction(() => all.writer.addFiles(all.id, all.files))();

  assert.ok(textPages(one.db) < 10, `one by one: ${textPages(one.db)} pages`);
  assert.ok(textPages(all.db) < 10, `together: ${textPages(all.db)} pages`);
  assert.equal(searchIndex(all.db, 'budget').length, 40);
  assert.equal(searchIndex(all.db, 'word7').length, 1);
  assert.equal(searchIndex(all.db, 'from:ann12').length, 1);
});

test('a refresh indexes the files it reads together: a segment per batch, not per message', (t) => {
  const { db, writer, folder } = setup(t, 40);
  const changes = refreshFolder(writer, { path: folder, account: 'me', name: 'INBOX' });
  assert.equal(changes.added, 40);
  assert.ok(textPages(db) < 10, `${textPages(db)} pages`);
  assert.equal(searchIndex(db, 'budget').length, 40);
  assert.equal(searchIndex(db, 'word39').length, 1);
});

test('addFiles renames the row of a file the folder holds already without parsing it, and counts unreadable ones', (t) => {
  const { db, writer, id, folder, files } = setup(t, 4);
  writer.addFiles(id, [files[0]!]);
  const base = path.basename(files[0]!.path).split(':')[0]!;
  const renamedPath = path.join(folder, 'cur', `${base}:2,FS`);
  let parsedAgain = 0;
  const renamed = { path: renamedPath, parse: () => ((parsedAgain += 1), files[0]!.parse()) };
  const broken = {
    path: files[3]!.path,
    parse: () => {
      throw new Error('gone');
    },
  };
  const done = db.transaction(() => writer.addFiles(id, [files[1]!, renamed, files[2]!, broken]))();
  assert.equal(done.added, 2);
  assert.deepEqual(done.unreadable, [{ path: files[3]!.path, listing: false, reason: 'gone' }]);
  assert.equal(parsedAgain, 0);
  const rows = folderRows(db, folder);
  assert.equal(rows.length, 3);
  assert.ok(rows.some((r) => r.file === `${base}:2,FS` && r.flags === 'FS'));
  assert.equal(searchIndex(db, 'budget').length, 3);
});

test('held text is written by writeHeldText for the rows that still exist; changes before it write no segment each', (t) => {
  const { db, writer, id, folder, files } = setup(t, 12);
  const baseOf = (file: string) => path.basename(file).split(':')[0];
  const rowOf = (n: number) => folderRows(db, folder).find((r) => baseOf(r.file) === baseOf(files[n]!.path))!;
  db.transaction(() => {
    // As the feed goes: a folder's new messages, then its synced changes in a savepoint.
    for (let n = 0; n < 10; n += 2) {
      writer.addFiles(id, files.slice(n, n + 2), { holdText: true });
      db.transaction(() => {
        const renamed = rowOf(n);
        writer.rename(renamed.id, `${renamed.file}F`, 'cur', 'FS');
        if (n === 0 || n === 8) writer.removeRows([rowOf(n + 1).id]);
      })();
    }
    assert.equal(searchIndex(db, 'budget').length, 0, 'no text written yet');
    // The removed newest row's id is taken again, by a row whose text is written at once.
    writer.addFiles(id, files.slice(10));
    writer.writeHeldText();
  })();
  assert.equal(searchIndex(db, 'budget').length, 10, '8 held rows left and the 2 added after');
  assert.equal(searchIndex(db, 'word1').length, 0, 'a removed row has no text');
  assert.equal(searchIndex(db, 'word9').length, 0, 'nor the removed row whose id was taken again');
  assert.equal(searchIndex(db, 'word8').length, 1, 'a renamed row has its text');
  assert.equal(searchIndex(db, 'word10').length, 1);
  // Text written as it came: 10 pages here, a segment for each folder's changes.
  assert.ok(textPages(db) <= 5, `${textPages(db)} pages`);
});

test('dropHeldText forgets the held text of a rolled-back transaction', (t) => {
  const { db, writer, id, files } = setup(t, 3);
  db.exec('BEGIN');
  writer.addFiles(id, files, { holdText: true });
  db.exec('ROLLBACK');
  writer.dropHeldText();
  db.transaction(() => writer.writeHeldText())();
  assert.equal(searchIndex(db, 'budget').length, 0);
});

test('to: finds a recipient in To, Cc or Bcc (a sent copy names its blind copies), as notmuch does', (t) => {
  const tmp = makeTempDir('mailkeep-rows-');
  t.after(tmp.cleanup);
  const db = openIndex(path.join(tmp.path, 'archive.sqlite'))!;
  t.after(() => db.close());
  const folder = path.join(tmp.path, 'Sent');
  const headers = { From: 'me@example.org', To: 'Ann <ann@example.org>', Cc: 'bob@example.org' };
  const [file] = writeMaildir(folder, [{ raw: mail({ ...headers, Bcc: 'Hidden Carol <carol@example.org>' }) }]);
  const writer = new IndexWriter(db);
  const id = writer.folder({ path: folder, account: 'me', name: 'Sent' }).id;
  writer.addFiles(id, [{ path: file!, parse: () => parseMessageFile(file!) }]);
  for (const query of ['to:ann', 'to:bob', 'to:carol', 'to:"hidden carol"', 'carol@example.org']) {
    assert.equal(searchIndex(db, query).length, 1, query);
  }
  const [row] = searchIndex(db, '*');
  assert.deepEqual([row!.to, row!.cc], ['Ann <ann@example.org>', 'bob@example.org']);
});
