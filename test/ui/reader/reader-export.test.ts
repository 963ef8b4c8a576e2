// The reader's E: the messages shown (here a limit) written to an mbox file or .eml files in a
// directory; the Maildir is left untouched.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

test('E exports the limited messages: an mbox file, or one .eml each into a directory', async () => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  const saveDir = join(tmp.path, 'out');
  mkdirSync(saveDir);
  writeMaildir(root, [
    { raw: mail({ From: 'ann@x', Subject: 'keep one', Date: 'Tue, 2 Jan 2024 09:00:00 +0000' }, 'From me\n') },
    { raw: mail({ From: 'bob@x', Subject: 'other', Date: 'Wed, 3 Jan 2024 09:00:00 +0000' }) },
    { raw: mail({ From: 'ann@x', Subject: 'keep two', Date: 'Thu, 4 Jan 2024 09:00:00 +0000' }) },
  ]);
  const r = renderReader({ roots: [{ account: 'a', path: root }], indexFile: join(tmp.path, 'index.sqlite'), saveDir });
  try {
    await r.waitFor((f) => f.includes('keep two'), 'index');
    await r.press('l');
    await r.type('~f ann');
    await r.press(KEY.enter);
    await r.waitFor((f) => !f.includes('other'), 'limit');
    await r.press('E');
    await r.waitFor((f) => f.includes(`Export to (mbox file or .eml dir): ${join(saveDir, 'INBOX.mbox')}`), 'prompt');
    await r.press(KEY.enter);
    await r.waitFor((f) => f.includes('exported 2 to'), 'mbox written');
    const mbox = readFileSync(join(saveDir, 'INBOX.mbox'), 'utf8');
    assert.equal(mbox.match(/^From ann@x /gm)?.length, 2, mbox);
    assert.match(mbox, /^>From me\r$/m);
    assert.doesNotMatch(mbox, /other/);

    await r.press('E');
    await r.waitFor((f) => f.includes('Export to'), 'second prompt');
    for (let i = 0; i < 'INBOX.mbox'.length + 1; i++) await r.press(KEY.backspace);
    await r.press(KEY.enter);
    await r.waitFor((f) => f.includes('exported 2 to'), 'eml written');
    assert.deepEqual(readdirSync(saveDir).sort(), [
      '2024-01-02 0900 keep one.eml',
      '2024-01-04 0900 keep two.eml',
      'INBOX.mbox',
    ]);
  } finally {
    await r.close();
    tmp.cleanup();
  }
});
