import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { placeStoredMessage } from '../../src/maildir/link-message.js';
import { parseMaildirName } from '../../src/maildir/naming.js';
import { canMount, mountTmpfs } from '../support/tmpfs.js';
import { useTempDir } from './temp-dir.js';

const root = await useTempDir('link-message');

async function maildir(dir: string): Promise<string> {
  for (const sub of ['cur', 'new', 'tmp']) await fs.mkdir(path.join(dir, sub), { recursive: true });
  return dir;
}

async function storedFile(dir: string, bytes: string): Promise<string> {
  const file = path.join(await maildir(dir), 'cur', `1.M1P1Q1.host,V=7,UID=3,S=${bytes.length}:2,S`);
  await fs.writeFile(file, bytes);
  await fs.utimes(file, new Date('2024-05-01T10:00:00Z'), new Date('2024-05-01T10:00:00Z'));
  return file;
}

test('a stored message placed into another folder is a hard link named for that folder (UID, flags)', async () => {
  const source = await storedFile(path.join(root, 'All Mail'), 'From: a\r\n\r\nbody\r\n');
  const target = await maildir(path.join(root, 'Work'));
  const { stored, by } = await placeStoredMessage(
    target,
    'host',
    { source, uid: 41, uidValidity: 9, flags: 'FS', size: 17 },
    true,
  );
  assert.equal(by, 'link');
  assert.equal(path.dirname(stored.path), path.join(target, 'cur'));
  const parsed = parseMaildirName(path.basename(stored.path));
  assert.deepEqual([parsed.uid, parsed.uidValidity, parsed.size, parsed.flags], [41, 9, 17, 'FS']);
  assert.equal((await fs.stat(stored.path)).ino, (await fs.stat(source)).ino);
  assert.equal((await fs.stat(source)).nlink, 2);
});

test('an unseen message goes to new/, like a download', async () => {
  const source = await storedFile(path.join(root, 'a2'), 'x');
  const { stored } = await placeStoredMessage(
    await maildir(path.join(root, 'b2')),
    'host',
    { source, uid: 1, uidValidity: 1, flags: '', size: 1 },
    false,
  );
  assert.equal(path.basename(path.dirname(stored.path)), 'new');
});

test('a vanished source is an ENOENT error and leaves nothing behind', async () => {
  const target = await maildir(path.join(root, 'c3'));
  await assert.rejects(
    placeStoredMessage(
      target,
      'host',
      { source: path.join(root, 'nope'), uid: 1, uidValidity: 1, flags: 'S', size: 1 },
      true,
    ),
    { code: 'ENOENT' },
  );
  for (const sub of ['cur', 'new', 'tmp']) assert.deepEqual(await fs.readdir(path.join(target, sub)), []);
});

test(
  'across filesystems (a tmpfs folder) the message is copied: same bytes and arrival date, own inode',
  { skip: !canMount && 'needs root to mount a tmpfs' },
  async () => {
    const source = await storedFile(path.join(root, 'd4'), 'From: b\r\n\r\ncopied\r\n');
    const mount = path.join(root, 'tmpfs');
    mountTmpfs(mount);
    const target = await maildir(path.join(mount, 'Work'));
    const { stored, by } = await placeStoredMessage(
      target,
      'host',
      { source, uid: 5, uidValidity: 2, flags: 'S', size: 19 },
      true,
    );
    assert.equal(by, 'copy');
    assert.equal(await fs.readFile(stored.path, 'utf8'), 'From: b\r\n\r\ncopied\r\n');
    assert.notEqual((await fs.stat(stored.path)).ino, (await fs.stat(source)).ino);
    assert.equal((await fs.stat(stored.path)).mtime.toISOString(), '2024-05-01T10:00:00.000Z');
    assert.deepEqual(await fs.readdir(path.join(target, 'tmp')), []);
  },
);
