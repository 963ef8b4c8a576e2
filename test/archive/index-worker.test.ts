// The worker writes the feed's batches in the transaction they share, without a savepoint each:
// FTS5 writes out the text it holds at every savepoint, so each batch left a segment of its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { IndexWorker, openIndex, searchIndex, type IndexDb } from '../../src/archive/index.js';
import { mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';

const BATCHES = 6;
const PER_BATCH = 10;

/** FTS5's stored pages and structure: each segment written out adds at least one. */
const textPages = (db: IndexDb): number =>
  (db.prepare('SELECT count(*) AS n FROM message_text_data').get() as { n: number }).n;

test("the feed's batches in one transaction write their text as one segment, not one per batch", async (t) => {
  const tmp = makeTempDir('mailkeep-worker-');
  t.after(tmp.cleanup);
  const folder = path.join(tmp.path, 'Mail');
  const files = writeMaildir(
    folder,
    Array.from({ length: BATCHES * PER_BATCH }, (_, i) => ({
      raw: mail({ From: `Ann${i} <ann${i}@example.org>`, Subject: `report ${i}` }, `word${i} budget\n`),
      flags: 'S',
    })),
  );
  const file = path.join(tmp.path, 'archive.sqlite');
  const worker = new IndexWorker({ file });
  const ref = { path: folder, account: 'me', name: 'INBOX' };
  for (let b = 0; b < BATCHES; b++) {
    const batch = files.slice(b * PER_BATCH, (b + 1) * PER_BATCH);
    worker.stored(
      ref,
      batch.map((f) => ({ path: f, bytes: readFileSync(f) })),
    );
  }
  await worker.close();

  const db = openIndex(file, { readonly: true })!;
  t.after(() => db.close());
  // Fewer than the batches (automerge merges at 8 segments: six would all stay).
  assert.ok(textPages(db) < BATCHES, `${textPages(db)} pages`);
  assert.equal(searchIndex(db, 'budget').length, BATCHES * PER_BATCH);
  assert.equal(searchIndex(db, 'word42').length, 1);
});
