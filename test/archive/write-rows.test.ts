// Messages added together in a transaction write their rows first and their text after, and a
// row's insert has no trigger: a statement run in a statement journal makes FTS5 write out the
// text it holds as a segment of its own, which left a segment per message (in the feed and in a
// refresh). The text is still found, renames still rename.
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
  return { db, writer, id, folder, messages: files.map((file) => parseMessageFile(file)) };
}

/** FTS5's stored pages and structure: each segment written out adds at least one. */
const textPages = (db: IndexDb): number =>
  (db.prepare('SELECT count(*) AS n FROM message_text_data').get() as { n: number }).n;

test('messages added in a transaction, one by one or together, write their text as one segment, not one each', (t) => {
  const one = setup(t, 40);
  one.db.transaction(() => {
    for (const message of one.messages) one.writer.add(one.id, message);
  })();
  const all = setup(t, 40);
  all.db.transaction(() => all.writer.addAll(all.id, all.messages))();

  // A row's insert has no trigger, so it runs without a statement journal, which would make FTS5
  // write out the previous message's text as a segment of its own.
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

test('addAll renames the row of a message the folder holds already, and adds the others', (t) => {
  const { db, writer, id, folder, messages } = setup(t, 3);
  writer.add(id, messages[0]!);
  const renamed = { ...messages[0]!, entry: { ...messages[0]!.entry, file: `${messages[0]!.base}:2,FS`, flags: 'FS' } };
  db.transaction(() => writer.addAll(id, [renamed, messages[1]!, messages[2]!]))();
  const rows = folderRows(db, folder);
  assert.equal(rows.length, 3);
  assert.ok(rows.some((r) => r.file === renamed.entry.file && r.flags === 'FS'));
  assert.equal(searchIndex(db, 'budget').length, 3);
});
