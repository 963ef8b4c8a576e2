// The folders a restore reads: what cannot be read is named with why, never passed over.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { listSourceFolders } from '../../src/engine/restore-source.js';
import { withUnlistableDir } from '../support/unprivileged.js';

test('a folder directory that cannot be listed is a folder with its problem; the readable ones have their files', async (t) => {
  const tree = mkdtempSync(path.join(tmpdir(), 'mailkeep-restore-source-'));
  t.after(() => rmSync(tree, { recursive: true, force: true }));
  for (const box of ['Open', 'Locked/Inner']) {
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(tree, box, sub), { recursive: true });
  }
  writeFileSync(path.join(tree, 'Open', 'cur', '1.a:2,S'), 'Subject: kept\r\n\r\nbody\r\n');
  chmodSync(tree, 0o755);
  const folders = await withUnlistableDir(path.join(tree, 'Locked'), () => listSourceFolders(tree));
  assert.deepEqual(
    folders.map((f) => [f.name, f.files.length, f.problem]),
    [
      ['Locked', 0, 'it cannot be listed: permission denied (EACCES)'],
      ['Open', 1, undefined],
    ],
  );
});
