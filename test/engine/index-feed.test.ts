// The sync feeds the archive index from the bytes it stores; when the index falls behind its
// memory cap the bytes are dropped, and the worker reads those files at the end of the folder's
// sync. A later pass tells the index every file it added, renamed and removed.
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
  type SyncedFolderChanges,
} from '../../src/archive/index.js';
import { findMaildirs } from '../../src/maildir/index.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { addFlags, appendMessage, expunge, serverMessages, testMessage } from '../support/server-mail.js';

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
      folderSynced: (folder, changes) => worker.folderSynced(folder, changes),
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

test("a pass's record of its changes is exactly how the folder's files changed, and the index follows it", async () => {
  const account = await corpus.account({ deletions: 'mirror' });
  const file = path.join(account.stateDir, 'archive.sqlite');
  const worker = new IndexWorker({ file, lowPriority: true });
  const records = new Map<string, SyncedFolderChanges>();
  const feed: StoredMailFeed = {
    stored: (folder, files) => worker.stored(folder, files),
    folderSynced: (folder, changes) => {
      if (changes) records.set(folder.name, changes);
      worker.folderSynced(folder, changes);
    },
  };
  assert.equal((await runPass(account, { index: feed })).summary.exitCode, 0);
  const [first, second] = await serverMessages(corpus.server, 'INBOX');
  await addFlags(corpus.server, 'INBOX', first!.uid, ['\\Flagged']);
  await expunge(corpus.server, 'INBOX', second!.uid);
  await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 900));
  const inbox = (): string[] =>
    ['cur', 'new'].flatMap((sub) =>
      readdirSync(path.join(account.inboxPath, sub)).map((f) => path.join(account.inboxPath, sub, f)),
    );
  const before = new Set(inbox());
  records.clear();
  assert.equal((await runPass(account, { index: feed })).summary.exitCode, 0);
  await worker.close();

  const record = records.get('INBOX')!;
  assert.equal(record.complete, true);
  assert.ok(record.before !== null && record.before !== record.after);
  const replayed = new Set(before);
  for (const change of record.changes) {
    if ('added' in change) replayed.add(change.added);
    else if ('removed' in change) replayed.delete(change.removed);
    else {
      replayed.delete(change.renamed[0]);
      replayed.add(change.renamed[1]);
    }
  }
  assert.deepEqual([...replayed].sort(), inbox().sort());
  assert.deepEqual(record.changes.map((c) => Object.keys(c)[0]).sort(), ['added', 'removed', 'renamed'], 'one of each');
  assert.deepEqual(indexedFiles(file).sort(), (await storedFiles(account.localPath)).sort());
  const db = openIndex(file, { readonly: true })!;
  try {
    const indexed = listIndexedFolders(db).find((f) => f.path === account.inboxPath);
    assert.equal(indexed?.stamp, record.after);
  } finally {
    db.close();
  }
});

test('the listing tells the feed to expect mail before the first message comes, and a pass with nothing new does not', async () => {
  const account = await corpus.account();
  const calls: string[] = [];
  const feed: StoredMailFeed = {
    expectMail: () => calls.push('expect'),
    stored: () => calls.push('stored'),
    folderSynced: () => calls.push('synced'),
  };
  assert.equal((await runPass(account, { index: feed })).summary.exitCode, 0);
  assert.equal(calls[0], 'expect');
  assert.ok(calls.includes('stored'));
  calls.length = 0;
  assert.equal((await runPass(account, { index: feed })).summary.exitCode, 0);
  assert.equal(calls.join(), '', 'nothing changed: nothing to expect');
  await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 901));
  assert.equal((await runPass(account, { index: feed })).summary.exitCode, 0);
  assert.equal(calls[0], 'expect');
  assert.ok(calls.includes('stored'));
});
