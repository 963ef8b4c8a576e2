// The writer's WAL outlives its close (the pass does not wait for a checkpoint) and is copied into
// the index file when the next writer opens; readers see what it holds meanwhile.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { closeIndex, openIndex } from '../../src/archive/index-file.js';
import { makeTempDir } from '../reader/make-maildir.js';

function addFolders(file: string, from: number, count: number): void {
  const db = openIndex(file)!;
  const add = db.prepare("INSERT INTO folder (path, account, name) VALUES (?, 'me', 'x')");
  db.transaction(() => {
    for (let i = from; i < from + count; i++) add.run(`/mail/${i}`);
  })();
  closeIndex(db);
}

let copies = 0;

/** Rows of the index file on its own, without its WAL (a copy of the file, opened alone). */
function rowsInFileAlone(file: string, dir: string): number {
  const copy = path.join(dir, `alone-${(copies += 1)}.sqlite`);
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM folder').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('closeIndex leaves the WAL, readers see it, the next writer checkpoints it as it opens', (t) => {
  const tmp = makeTempDir('mailkeep-index-file-');
  t.after(tmp.cleanup);
  const file = path.join(tmp.path, 'archive.sqlite');
  addFolders(file, 0, 10);
  addFolders(file, 10, 5);
  assert.ok(existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0, 'the WAL is left after the close');
  assert.ok(rowsInFileAlone(file, tmp.path) < 15, 'the last rows are in the WAL only');

  const reader = openIndex(file, { readonly: true })!;
  assert.equal((reader.prepare('SELECT count(*) AS n FROM folder').get() as { n: number }).n, 15);
  reader.close();

  const writer = openIndex(file)!;
  assert.equal(rowsInFileAlone(file, tmp.path), 15, 'opening a writer copied the WAL into the file');
  writer.close();
});
