// The worker's writes of the sync's feed share one transaction until it holds enough messages or
// has been open long enough; a reader of the index sees them only then, all at once. A failed
// write rolls back what the transaction held. beforeCommit runs last in each transaction.
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { FeedCommits } from '../../src/archive/feed-commits.js';
import { openIndex } from '../../src/archive/index.js';
import { makeTempDir } from '../reader/make-maildir.js';

function setup(
  t: { after: (fn: () => void) => void },
  maxDelayMs = 60_000,
  hooks: { beforeCommit?: () => void; afterRollback?: () => void } = {},
) {
  const tmp = makeTempDir('mailkeep-commits-');
  t.after(tmp.cleanup);
  const file = path.join(tmp.path, 'archive.sqlite');
  const db = openIndex(file)!;
  t.after(() => db.close());
  const errors: unknown[] = [];
  const commits = new FeedCommits(db, (error) => errors.push(error), {
    limits: { maxMessages: 3, maxDelayMs },
    ...hooks,
  });
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

test('beforeCommit runs once at the end of each transaction, before its COMMIT', (t) => {
  const runs: number[] = [];
  const { commits, add, seen } = setup(t, 60_000, { beforeCommit: () => runs.push(seen()) });
  add();
  assert.deepEqual(runs, [], 'not while the transaction is open');
  add(2);
  assert.deepEqual(runs, [0], 'the third message filled it: run before its COMMIT (nothing seen yet)');
  assert.equal(seen(), 2, 'two writes, three messages');
  add();
  commits.commit();
  assert.deepEqual(runs, [0, 2]);
  commits.commit();
  assert.deepEqual(runs, [0, 2], 'nothing open: not run');
});

test('a beforeCommit that throws rolls back the whole transaction, is told, and afterRollback runs', (t) => {
  let fail = true;
  let rollbacks = 0;
  const { db, commits, add, seen, errors } = setup(t, 60_000, {
    beforeCommit: () => {
      if (fail) throw new Error('disk full');
    },
    afterRollback: () => (rollbacks += 1),
  });
  add();
  commits.commit();
  assert.equal(db.inTransaction, false);
  assert.equal(seen(), 0, 'the message written before it is rolled back too');
  assert.equal(rollbacks, 1);
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['disk full'],
  );
  fail = false;
  add();
  commits.commit();
  assert.equal(seen(), 1);
  assert.equal(rollbacks, 1);
});

test('a write that throws runs afterRollback too', (t) => {
  let rollbacks = 0;
  const { commits, add } = setup(t, 60_000, { afterRollback: () => (rollbacks += 1) });
  add();
  commits.write(1, () => {
    throw new Error('disk full');
  });
  assert.equal(rollbacks, 1);
});

test('a transaction SQLite rolled back by itself (a full disk) is begun anew, never committed', (t) => {
  let rollbacks = 0;
  const { db, commits, add, seen, errors } = setup(t, 60_000, { afterRollback: () => (rollbacks += 1) });
  add();
  // A step that caught SQLite's error goes on: its transaction is gone (SQLite's own rollback).
  commits.write(1, () => db.exec('ROLLBACK'));
  assert.equal(rollbacks, 1, 'what was kept for it is dropped');
  add();
  commits.commit();
  assert.deepEqual(errors, [], 'no "cannot commit - no transaction is active"');
  assert.equal(seen(), 1, 'the write after it was committed; the one before went with the rollback');
});
