import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { readFolderStamp } from '../../src/maildir/folder-stamp.js';
import { useTempDir } from './temp-dir.js';

const root = await useTempDir('folder-stamp');

test('readFolderStamp: stable while untouched, changed by a file removed or added, null for a missing folder', async () => {
  const dir = path.join(root, 'box');
  assert.equal(readFolderStamp(dir), null);
  for (const sub of ['cur', 'new', 'tmp']) await fs.mkdir(path.join(dir, sub), { recursive: true });
  await fs.writeFile(path.join(dir, 'cur', 'a:2,S'), 'a');
  const first = readFolderStamp(dir);
  assert.ok(first !== null);
  assert.equal(readFolderStamp(dir), first);
  await fs.writeFile(path.join(dir, 'tmp', 'partial'), 'x');
  assert.equal(readFolderStamp(dir), first, 'tmp/ is not part of it');

  await fs.unlink(path.join(dir, 'cur', 'a:2,S'));
  const afterRemove = readFolderStamp(dir);
  assert.notEqual(afterRemove, first);
  await fs.writeFile(path.join(dir, 'new', 'b:2,'), 'b');
  assert.notEqual(readFolderStamp(dir), afterRemove);

  await fs.rm(path.join(dir, 'new'), { recursive: true });
  assert.equal(readFolderStamp(dir), null);
});
