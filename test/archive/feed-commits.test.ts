// The worker's writes of the sync's feed share one transaction until it holds enough messages or
// has been open long enough; a reader of the index sees them only then, all at once. A failed
// write rolls back what the transaction held.
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { FeedCommits } from '../../src/archive/feed-commits.js';
import { openIndex } from '../../src/archive/index.js';
import { makeTempDir } from '../reader/make-maildir.js';

function setup(t: { after: (fn: () => void) => void }, maxDelayMs = 60_000) {
  const tmp = makeTempDir('mailkeep-commits-');
  t.after(tmp.cleanup);
  const file = path.join(tmp.path, 'archive.sqlite');
  const db = openIndex(file)!;
  t.after(() => db.close());
  const errors: unknown[] = [];
  const commits = new FeedCommits(db, (error) => errors.push(error), { maxMessages: 3, maxDelayMs });
  let n = 0;
  const addFolder = db.prepare("INSERT INTO folder (path, account, name) VALUES (?, 'me', 'x')");
  const add = (messages = 1) => commits.write(messages, () => addFolder.run(`/mail/${n++}`));
  /** What another connection (the reader) sees. */
  const seen = (): number => {
    const reader = openIndex(file, { readonly: true })!;
    try {
      return (reader.prepare('SELECT count(*) AS n FROM folder').get() as { n: number }).n;
    } finally {
      reader.close();
    }
  };
  return { db, commits, add, seen, errors };
}

test('writes are committed together once they hold maxMessages, and on commit()', (t) => {
  const { commits, add, seen } = setup(t);
  add();
  add();
  assert.equal(seen(), 0, 'two messages wait in the open transaction');
  add();
  assert.equal(seen(), 3, 'the third filled it: committed');
  add(2);
  assert.equal(seen(), 3);
  commits.commit();
  assert.equal(seen(), 4);
  commits.commit();
  assert.equal(seen(), 4, 'nothing open: nothing to do');
});

test('a transaction left open is committed maxDelayMs after it began', async (t) => {
  const { add, seen } = setup(t, 50);
  add();
  assert.equal(seen(), 0);
  await sleep(150);
  assert.equal(seen(), 1);
});

test('a write that throws rolls back the open transaction and is told; the next write begins anew', (t) => {
  const { db, commits, add, seen, errors } = setup(t);
  add();
  commits.write(1, () => {
    throw new Error('disk full');
  });
  assert.equal(db.inTransaction, false);
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['disk full'],
  );
  add();
  commits.commit();
  assert.equal(seen(), 1, 'only the write after the failure');
});

test('writes given with writeLast run in order after every other write, just before the COMMIT', (t) => {
  const { commits, add, seen } = setup(t);
  const order: string[] = [];
  commits.writeLast(1, () => order.push(`first folder's changes after ${seen()} committed`));
  add();
  assert.equal(order.length, 0, 'nothing of it ran yet');
  commits.writeLast(1, () => order.push('second folder changes'));
  assert.deepEqual(
    order,
    ["first folder's changes after 0 committed", 'second folder changes'],
    'the third message filled the transaction: both ran, before it was committed',
  );
  assert.equal(seen(), 1);
  commits.writeLast(1, () => order.push('third'));
  commits.commit();
  assert.equal(order.at(-1), 'third');
  commits.commit();
  assert.equal(order.length, 3, 'run once');
});

test('a writeLast write that throws rolls back the whole transaction and is told', (t) => {
  const { db, commits, add, seen, errors } = setup(t);
  add();
  commits.writeLast(1, () => {
    throw new Error('disk full');
  });
  commits.commit();
  assert.equal(db.inTransaction, false);
  assert.equal(seen(), 0, 'the message written before it is rolled back too');
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['disk full'],
  );
  add();
  commits.commit();
  assert.equal(seen(), 1);
});
