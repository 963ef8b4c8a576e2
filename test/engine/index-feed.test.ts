// The sync feeds the archive index from the bytes it stores; when the index falls behind its
// memory cap the bytes are dropped, and the folder's refresh at the end of its sync reads the files.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  folderRows,
  IndexWorker,
  listIndexedFolders,
  openIndex,
  searchIndex,
  type StoredMailFeed,
} from '../../src/archive/index.js';
import { findMaildirs } from '../../src/maildir/index.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer();

async function storedFiles(root: string): Promise<string[]> {
  const boxes = await findMaildirs(root);
  return boxes.flatMap((box) =>
    ['cur', 'new'].flatMap((sub) => readdirSync(path.join(box.path, sub)).map((f) => path.join(box.path, sub, f))),
  );
}

function indexedFiles(file: string): string[] {
  const db = openIndex(file, { readonly: true })!;
  try {
    return listIndexedFolders(db).flatMap((f) =>
      folderRows(db, f.path).map((r) => path.join(r.folderPath, r.dir, r.file)),
    );
  } finally {
    db.close();
  }
}

for (const [label, maxQueuedBytes] of [
  ['fed from the bytes it stores', undefined],
  ['behind its memory cap: read from disk at the folder refresh', 1],
] as const) {
  test(`a sync leaves every stored message in the index, ${label}`, async () => {
    const account = await corpus.account();
    const file = path.join(account.stateDir, 'archive.sqlite');
    const worker = new IndexWorker({ file, lowPriority: true, ...(maxQueuedBytes ? { maxQueuedBytes } : {}) });
    let withBytes = 0;
    const feed: StoredMailFeed = {
      stored: (folder, files) => {
        withBytes += files.filter((f) => f.bytes !== undefined).length;
        worker.stored(folder, files);
      },
      folderSynced: (folder) => worker.folderSynced(folder),
    };
    const { summary } = await runPass(account, { index: feed });
    await worker.close();
    assert.equal(summary.exitCode, 0);
    const stored = await storedFiles(account.localPath);
    assert.ok(stored.length > 40);
    assert.deepEqual(indexedFiles(file).sort(), stored.sort());
    assert.ok(withBytes > 40, 'the engine handed over the bytes');
    if (maxQueuedBytes) assert.equal(worker.dropped, withBytes);
    else assert.equal(worker.dropped, 0);
    const db = openIndex(file, { readonly: true })!;
    try {
      assert.ok(searchIndex(db, 'folder:INBOX and from:alice').length > 0);
      assert.ok(
        listIndexedFolders(db).every((f) => f.stamp !== null),
        'every folder refreshed at its end',
      );
    } finally {
      db.close();
    }
  });
}
