import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { openStoredIds, type StoredCopy } from '../../src/engine/stored-ids.js';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mailkeep-stored-ids-'));
after(() => fs.rm(root, { recursive: true, force: true }));
let dirs = 0;
const stateDir = () => path.join(root, `state${++dirs}`);
const copy = (id: string, file: string, size = 10, sha256 = 'aa'): StoredCopy => ({
  id,
  size,
  sha256,
  path: `/mail/${file}`,
});

test('recorded files are found by id and size after a reopen, newest first; other size, other message', async () => {
  const dir = stateDir();
  const ids = await openStoredIds(dir);
  ids.add([copy('gm:1', 'All/cur/a'), copy('gm:2', 'All/cur/b')]);
  ids.add([copy('gm:1', 'Work/cur/a')]);
  await ids.flush();
  const again = await openStoredIds(dir);
  assert.deepEqual(
    again.filesOf('gm:1', 10).map((c) => c.path),
    ['/mail/Work/cur/a', '/mail/All/cur/a'],
  );
  assert.deepEqual(again.filesOf('gm:1', 11), []);
  assert.equal(again.copyAt('/mail/All/cur/b')?.id, 'gm:2');
});

test('renames and removals are journaled; only flushed lines survive a reopen', async () => {
  const dir = stateDir();
  const ids = await openStoredIds(dir);
  ids.add([copy('gm:1', 'a/new/x'), copy('gm:1', 'b/new/x')]);
  ids.moved('/mail/a/new/x', '/mail/a/cur/x:2,S');
  ids.moved('/mail/b/new/x', undefined);
  await ids.flush();
  ids.add([copy('gm:9', 'c/cur/unflushed')]);
  const again = await openStoredIds(dir);
  assert.deepEqual(
    again.filesOf('gm:1', 10).map((c) => c.path),
    ['/mail/a/cur/x:2,S'],
  );
  assert.deepEqual(again.filesOf('gm:9', 10), []);
});

test('a torn last line (a crash while appending) is skipped; the next append starts a line of its own', async () => {
  const dir = stateDir();
  const ids = await openStoredIds(dir);
  ids.add([copy('gm:1', 'a')]);
  await ids.flush();
  await fs.appendFile(path.join(dir, 'stored-ids.jsonl'), '{"id":"gm:2","size":10,"sha');
  const torn = await openStoredIds(dir);
  assert.deepEqual(
    torn.filesOf('gm:1', 10).map((c) => c.path),
    ['/mail/a'],
  );
  torn.add([copy('gm:3', 'c')]);
  await torn.flush();
  const again = await openStoredIds(dir);
  assert.deepEqual(
    ['gm:1', 'gm:2', 'gm:3'].map((id) => again.filesOf(id, 10).map((c) => c.path)),
    [['/mail/a'], [], ['/mail/c']],
  );
});

test('two messages sharing an id with different bytes are both kept as variants', async () => {
  const ids = await openStoredIds(stateDir());
  ids.add([copy('gm:7', 'a', 10, 'aa'), copy('gm:7', 'b', 12, 'bb'), copy('gm:7', 'c', 10, 'aa')]);
  assert.deepEqual(ids.variantsOf('gm:7'), [
    { size: 10, sha256: 'aa' },
    { size: 12, sha256: 'bb' },
  ]);
});

test('a download is claimed by one mailbox; another gets its promise, settled when the owner is done', async () => {
  const ids = await openStoredIds(stateDir());
  assert.equal(ids.claim('gm:5', 10), undefined);
  const other = ids.claim('gm:5', 10);
  assert.ok(other);
  assert.equal(ids.claim('gm:5', 11), undefined, 'another size is another message');
  let settled = false;
  const waiting = other.done.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false);
  ids.settle('gm:5', 10);
  await waiting;
  assert.equal(ids.claim('gm:5', 10), undefined, 'free again once settled');
});

test('an unreadable journal means nothing is known, not a failure', async () => {
  const dir = stateDir();
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, 'stored-ids.jsonl'), 'garbage\n\u0000\n[1,2]\n');
  const ids = await openStoredIds(dir);
  assert.deepEqual(ids.filesOf('gm:1', 10), []);
});
