// makeDirectory is `mkdir -p` that ends: where Node 20's recursive mkdir spins forever (under
// /proc) or blames another path (below a symbolic link to a directory that is gone), it throws
// naming the path at fault.
import assert from 'node:assert/strict';
import { statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DanglingLinkError, makeDirectory } from '../../src/files/make-directory.js';
import { useTempDir } from '../maildir/temp-dir.js';

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

test('makes the missing levels with the mode asked, returning the first one made; nothing when all are there', async () => {
  const root = await useTempDir('make-directory');
  const deep = path.join(root, 'a', 'b', 'c');
  assert.equal(makeDirectory(deep, 0o700), path.join(root, 'a'));
  assert.equal(statSync(deep).mode & 0o777, 0o700);
  assert.equal(makeDirectory(deep, 0o700), undefined);
  // A link to a directory is a directory.
  symlinkSync(path.join(root, 'a'), path.join(root, 'link'));
  assert.equal(makeDirectory(path.join(root, 'link', 'b', 'd'), 0o700), path.join(root, 'link', 'b', 'd'));
  assert.ok(statSync(path.join(root, 'a', 'b', 'd')).isDirectory());
});

test('a symbolic link to a directory that is gone (an unmounted disk): an error naming the link, at once', async () => {
  const root = await useTempDir('make-directory');
  symlinkSync(path.join(root, 'unmounted'), path.join(root, 'Mail'));
  assert.throws(
    () => makeDirectory(path.join(root, 'Mail', 'work', 'INBOX'), 0o700),
    (error) =>
      error instanceof DanglingLinkError &&
      error.path === path.join(root, 'Mail') &&
      /Mail is a symbolic link to a missing directory/.test(error.message),
  );
});

test('a parent that cannot hold a directory (/proc) or a file in the way: the system error, at once', async () => {
  assert.throws(
    () => makeDirectory('/proc/mailkeep-nowhere/Mail', 0o700),
    (error) => code(error) === 'ENOENT',
  );
  const root = await useTempDir('make-directory');
  writeFileSync(path.join(root, 'file'), '');
  const file = path.join(root, 'file');
  for (const dir of [file, path.join(file, 'below')]) {
    assert.throws(
      () => makeDirectory(dir, 0o700),
      (error) => code(error) === 'EEXIST' && (error as NodeJS.ErrnoException).path === file,
    );
  }
});
