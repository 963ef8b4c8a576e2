import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { openMaildirFolder } from '../../src/maildir/maildir-folder.js';
import { isSetAside, removeSetAside } from '../../src/maildir/set-aside.js';
import { useTempDir } from './temp-dir.js';

const root = await useTempDir('set-aside');
let folders = 0;

async function folderWith(count: number) {
  const folder = await openMaildirFolder(path.join(root, `box${++folders}`), { copyArrivalDate: true });
  const stored = await folder.writeBatch(
    Array.from({ length: count }, (_, i) => ({
      uid: i + 1,
      uidValidity: 7,
      flags: 'S',
      internalDate: new Date('2020-01-01T00:00:00Z'),
      body: Buffer.from(`Subject: ${i}\r\n\r\nhi\r\n`),
    })),
  );
  return { folder, stored };
}

test('a set-aside file leaves the folder for its tmp/, bytes and arrival date kept; cleanTmp leaves it be', async () => {
  const { folder, stored } = await folderWith(2);
  const [aside] = await folder.setAside([stored[0]!]);
  await folder.sync();
  assert.equal(aside!.path, path.join(folder.path, 'tmp', `set-aside.${path.basename(stored[0]!.path)}`));
  assert.ok(isSetAside(aside!.path));
  assert.deepEqual([...(await folder.scan()).keys()], ['7:2'], 'not in the folder any more');
  assert.equal((await fs.readFile(aside!.path)).toString(), 'Subject: 0\r\n\r\nhi\r\n');
  // Its mtime is the arrival date, long past: still not an abandoned tmp/ file.
  assert.equal(await folder.cleanTmp(), 0);
  assert.ok(await fs.stat(aside!.path));
});

test('cleanTmp removes a set-aside file only when told nothing names it, and does not count it', async () => {
  const { folder, stored } = await folderWith(2);
  const aside = await folder.setAside(stored);
  const named = aside[0]!.path;
  assert.equal(await folder.cleanTmp((file) => file === named), 0);
  assert.deepEqual(await fs.readdir(path.join(folder.path, 'tmp')), [path.basename(named)]);
});

test('removeSetAside unlinks set-aside files (a gone one is no failure) and refuses any other file', async () => {
  const { folder, stored } = await folderWith(2);
  const aside = await folder.setAside([stored[0]!]);
  await removeSetAside([aside[0]!.path, aside[0]!.path.replace('set-aside.', 'set-aside.gone-')]);
  assert.deepEqual(await fs.readdir(path.join(folder.path, 'tmp')), []);
  await assert.rejects(removeSetAside([stored[1]!.path]), /not a set-aside file/);
  assert.ok(await fs.stat(stored[1]!.path), 'a message of the folder is never removed this way');
  assert.equal(isSetAside(path.join(folder.path, 'cur', 'set-aside.x')), false, 'only in tmp/');
});
