import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { findMaildirs } from '../../src/maildir/find-maildirs.js';
import { scanFolder } from '../../src/maildir/scan-folder.js';
import { withUnlistableDir } from '../support/unprivileged.js';
import { useTempDir } from './temp-dir.js';

const base = await useTempDir('find-maildirs');

async function makeMaildir(dir: string): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await fs.mkdir(path.join(dir, sub), { recursive: true });
}

test('finds verbatim nesting, skips non-maildirs, hidden dirs outside maildirs and symlinks', async () => {
  const root = path.join(base, 'verbatim');
  await makeMaildir(path.join(root, 'INBOX'));
  await makeMaildir(path.join(root, 'INBOX', 'sub'));
  await makeMaildir(path.join(root, 'Archive', '2024'));
  await makeMaildir(path.join(root, 'Archive', 'Zürich'));
  await makeMaildir(path.join(root, '.notmuch', 'x'));
  await fs.mkdir(path.join(root, 'empty'));
  await makeMaildir(path.join(base, 'elsewhere'));
  await fs.symlink(path.join(base, 'elsewhere'), path.join(root, 'link'));
  await fs.mkdir(path.join(root, 'Archive', '2024', 'cur', 'looks-like-a-folder', 'cur'), { recursive: true });
  await fs.mkdir(path.join(root, 'Archive', '2024', 'cur', 'looks-like-a-folder', 'new'), { recursive: true });

  assert.deepEqual(await findMaildirs(root), [
    { name: 'INBOX', path: path.join(root, 'INBOX') },
    { name: 'Archive/2024', path: path.join(root, 'Archive', '2024') },
    { name: 'Archive/Zürich', path: path.join(root, 'Archive', 'Zürich') },
    { name: 'INBOX/sub', path: path.join(root, 'INBOX', 'sub') },
  ]);
});

test('root maildir is INBOX; Maildir++ dot folders and mbsync legacy folders get their names', async () => {
  const root = path.join(base, 'maildirpp');
  await makeMaildir(root);
  await makeMaildir(path.join(root, '.Sent'));
  await makeMaildir(path.join(root, '.Lists.node'));
  await makeMaildir(path.join(root, '..child'));
  await makeMaildir(path.join(root, 'top'));
  await makeMaildir(path.join(root, 'top', '.sub'));

  assert.deepEqual(await findMaildirs(root), [
    { name: 'INBOX', path: root },
    { name: 'INBOX/child', path: path.join(root, '..child') },
    { name: 'Lists/node', path: path.join(root, '.Lists.node') },
    { name: 'Sent', path: path.join(root, '.Sent') },
    { name: 'top', path: path.join(root, 'top') },
    { name: 'top/sub', path: path.join(root, 'top', '.sub') },
  ]);
});

test("in a tree Dovecot wrote, its listescape escapes in dot folders' names are undone, but for a / inside a level", async () => {
  const names = async (root: string) => (await findMaildirs(root)).map((found) => found.name);
  const tree = async (root: string) => {
    await makeMaildir(root);
    for (const dir of ['.v1\\2e2', '.Lists.\\7eold', '.Projects\\2f2024', '.back\\5cslash', '.bell\\07'])
      await makeMaildir(path.join(root, dir));
  };
  const dovecot = path.join(base, 'dovecot-escaped');
  await tree(dovecot);
  await fs.writeFile(path.join(dovecot, 'dovecot-uidlist'), '3 V1 N1 G0\n');
  assert.deepEqual(await names(dovecot), [
    'INBOX',
    'Lists/~old',
    'Projects\\2f2024',
    'back\\slash',
    'bell\\07',
    'v1.2',
  ]);
  // Not Dovecot's (mbsync, mailkeep): names as they are.
  const other = path.join(base, 'not-escaped');
  await tree(other);
  assert.deepEqual(await names(other), [
    'INBOX',
    'Lists/\\7eold',
    'Projects\\2f2024',
    'back\\5cslash',
    'bell\\07',
    'v1\\2e2',
  ]);
});

test('a cur/ alone makes a maildir (a tree kept in git lost its empty new/ and tmp/); files listed', async () => {
  const root = path.join(base, 'cur-only');
  await fs.mkdir(path.join(root, 'Archive', 'cur'), { recursive: true });
  await fs.mkdir(path.join(root, 'Archive', 'sub', 'cur'), { recursive: true });
  await fs.mkdir(path.join(root, 'only-new', 'new'), { recursive: true });
  await fs.writeFile(path.join(root, 'Archive', 'cur', '1700000000.a.host:2,S'), 'Subject: kept\r\n\r\nbody\r\n');
  assert.deepEqual(await findMaildirs(root), [
    { name: 'Archive', path: path.join(root, 'Archive') },
    { name: 'Archive/sub', path: path.join(root, 'Archive', 'sub') },
  ]);
  const scan = await scanFolder(path.join(root, 'Archive'));
  assert.deepEqual(
    scan.foreign.map((f) => path.basename(f.path)),
    ['1700000000.a.host:2,S'],
  );
});

test('a directory that cannot be listed is told of, with its error; the folders beside it are found', async () => {
  const root = path.join(base, 'unlistable');
  await makeMaildir(path.join(root, 'Work'));
  await makeMaildir(path.join(root, 'Locked', 'Deep'));
  await fs.chmod(base, 0o755);
  const skipped: [string, unknown][] = [];
  const found = await withUnlistableDir(path.join(root, 'Locked'), () =>
    findMaildirs(root, (dir, why) => void skipped.push([dir, why])),
  );
  assert.deepEqual(found, [{ name: 'Work', path: path.join(root, 'Work') }]);
  assert.deepEqual(skipped, [[path.join(root, 'Locked'), { kind: 'unlistable', code: 'EACCES' }]]);
});

test('a missing root yields nothing', async () => {
  assert.deepEqual(await findMaildirs(path.join(base, 'nope')), []);
});

test("with a folder prefix, only the root's entries that start with it, named without it", async () => {
  const root = path.join(base, 'shared');
  await makeMaildir(root);
  await makeMaildir(path.join(root, 'gmail-INBOX'));
  await makeMaildir(path.join(root, 'gmail-Archive', '2024'));
  await makeMaildir(path.join(root, 'gmail-top'));
  await makeMaildir(path.join(root, 'gmail-top', '.sub'));
  await makeMaildir(path.join(root, 'gmail-'));
  await makeMaildir(path.join(root, 'work-INBOX'));
  await makeMaildir(path.join(root, '.gmail-hidden'));

  assert.deepEqual(await findMaildirs({ path: root, folderPrefix: 'gmail-' }), [
    { name: 'INBOX', path: path.join(root, 'gmail-INBOX') },
    { name: 'Archive/2024', path: path.join(root, 'gmail-Archive', '2024') },
    { name: 'top', path: path.join(root, 'gmail-top') },
    { name: 'top/sub', path: path.join(root, 'gmail-top', '.sub') },
  ]);
});

test('with a Maildir++ near prefix (`.work.`), the levels after it are joined by "."', async () => {
  const root = path.join(base, 'maildirpp-prefix');
  await makeMaildir(root);
  for (const dir of ['.work.INBOX', '.work.INBOX.Sub', '.work.Sent', '.work.Sent.2024', '.home.Sent'])
    await makeMaildir(path.join(root, dir));

  assert.deepEqual(await findMaildirs({ path: root, folderPrefix: '.work.', dotted: true }), [
    { name: 'INBOX', path: path.join(root, '.work.INBOX') },
    { name: 'INBOX/Sub', path: path.join(root, '.work.INBOX.Sub') },
    { name: 'Sent', path: path.join(root, '.work.Sent') },
    { name: 'Sent/2024', path: path.join(root, '.work.Sent.2024') },
  ]);
});
