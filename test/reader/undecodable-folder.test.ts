// A folder whose name is not UTF-8 (a Latin-1 'Entwürfe' another tool made) is listed under its
// name with the odd byte shown as \xFC, and its messages are read like any other folder's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { listMailboxes } from '../../src/reader/list-mailboxes.js';
import { loadMailboxIndex } from '../../src/reader/load-mailbox-index.js';
import { renderMessageFile } from '../../src/reader/render-message.js';
import { makeTempDir, mail, writeMaildir } from './make-maildir.js';
import { KEY, renderReader } from '../ui/reader/reader-harness.js';

/** A tree with INBOX and a folder named 'Entw\xFCrfe' in Latin-1 (with a subfolder of its own). */
function latin1Tree() {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [{ raw: mail({ From: 'a@x', Subject: 'Inbox mail' }) }]);
  writeMaildir(join(root, 'drafts', 'sub'), []);
  writeMaildir(join(root, 'drafts'), [
    {
      raw: mail(
        { From: 'Ann <ann@x.org>', Subject: 'Draft one', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' },
        'Entwurf body\n',
      ),
    },
  ]);
  renameSync(
    join(root, 'drafts'),
    Buffer.concat([Buffer.from(`${root}/Entw`), Buffer.from([0xfc]), Buffer.from('rfe')]),
  );
  return { tmp, root };
}

test('listMailboxes shows a folder whose name is not UTF-8, and its messages are read', async (t) => {
  const { tmp, root } = latin1Tree();
  t.after(() => tmp.cleanup());
  const boxes = await listMailboxes([{ account: 'a', path: root }]);
  assert.deepEqual(
    boxes.map((b) => [b.name, b.total]),
    [
      ['INBOX', 1],
      ['Entw\\xFCrfe', 1],
      ['Entw\\xFCrfe/sub', 0],
    ],
  );
  const [entry] = await loadMailboxIndex(boxes[1]!.path);
  assert.equal(entry?.subject, 'Draft one');
  const shown = await renderMessageFile(join(boxes[1]!.path, entry.dir, entry.file));
  assert.deepEqual(shown.bodyLines, ['Entwurf body']);
});

test('the reader opens such a folder from the sidebar and shows its message', async (t) => {
  const { tmp, root } = latin1Tree();
  const r = renderReader({ roots: [{ account: 'work', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  await r.waitFor((f) => f.includes('Inbox mail') && f.includes('Entw\\xFCrfe'), 'the index and the sidebar');
  await r.press('c', 'j', KEY.enter);
  await r.waitFor((f) => f.includes('Draft one'), 'the folder index');
  await r.press(KEY.enter);
  await r.waitFor((f) => f.includes('Entwurf body'), 'the pager');
});
