// A message stored once and hard-linked into several folders (mailkeep's Gmail backups): the pager
// names its labels, and `l ~y LABEL` limits a mailbox to the messages that also carry that label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

test("the pager shows a linked message's labels; ~y limits by label", async (t) => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  const shared = mail({ From: 'Alice <alice@x.org>', Subject: 'Labelled', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' });
  const [stored] = writeMaildir(root, [
    { raw: shared, flags: 'S' },
    {
      raw: mail({ From: 'Bob <bob@x.org>', Subject: 'Inbox only', Date: 'Tue, 2 Jan 2024 09:00:00 +0000' }),
      flags: 'S',
    },
  ]);
  const size = Buffer.byteLength(shared);
  for (const [folder, uid] of [
    ['Work', 4],
    ['Family', 9],
  ] as const) {
    writeMaildir(join(root, folder), []);
    linkSync(stored!, join(root, folder, 'cur', `1700000002.M${uid}P1Q${uid}.host,V=1,UID=${uid},S=${size}:2,S`));
  }
  const r = renderReader({ roots: [{ account: 'gmail', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  await r.waitFor((f) => f.includes('Inbox only'), 'the index');
  await r.press('l');
  await r.type('~y family');
  await r.press(KEY.enter);
  let f = await r.waitFor((f) => f.includes('1/2 messages'), 'limit ~y');
  assert.match(f, /Labelled/);
  assert.doesNotMatch(f, /Inbox only/);
  await r.press(KEY.enter);
  f = await r.waitFor((f) => f.includes('Labels:'), 'pager');
  assert.match(f, /Labels: .*Family/);
  assert.match(f, /Labels: .*Work/);
});
