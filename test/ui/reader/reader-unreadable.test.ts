// A message file the reader cannot read (no permission) is left out of the index with one line on
// the status line naming it; the folder's other messages are shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { loadMailboxIndex } from '../../../src/reader/load-mailbox-index.js';
import { withUnreadableFile } from '../../support/unprivileged.js';
import { renderReader } from './reader-harness.js';

test('an unreadable message file is named on the status line; the others are shown', async (t) => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  const [, locked] = writeMaildir(root, [
    { raw: mail({ From: 'Ann <ann@x.org>', Subject: 'Readable', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' }) },
    { raw: mail({ From: 'Bob <bob@x.org>', Subject: 'Locked', Date: 'Tue, 2 Jan 2024 09:00:00 +0000' }) },
  ]);
  // As nobody: the index file goes where nobody may write it.
  chmodSync(tmp.path, 0o777);
  t.after(() => tmp.cleanup());
  // Read once first: the header parsing it loads then is loaded as root (nobody may not read this checkout).
  await loadMailboxIndex(root);
  const frame = await withUnreadableFile(locked!, async () => {
    const r = renderReader({ roots: [{ account: 'a', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
    try {
      return await r.waitFor((f) => /not shown/.test(f), 'the status line');
    } finally {
      await r.close();
    }
  });
  assert.match(frame, /Readable/);
  assert.doesNotMatch(frame, /Locked/);
  assert.ok(frame.includes(`not shown: cannot read new/${basename(locked!)}: permission denied (EACCES)`), frame);
});
