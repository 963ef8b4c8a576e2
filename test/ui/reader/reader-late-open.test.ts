// An open of a message renders it first, which takes a while for a big one: a key typed meanwhile
// that leaves the index drops the open, and each reader counts its own opens.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderMessageFile } from '../../../src/reader/index.js';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

/** A reader over one folder holding one big message (its render takes several turns of the event loop). */
async function openReader(t: TestContext) {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  const body = `${'a long line of the body, over and over again '.repeat(20)}\n`.repeat(400);
  const [file] = writeMaildir(root, [
    { raw: mail({ From: 'Ann <ann@x.org>', Subject: 'Big one', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' }, body) },
  ]);
  const r = renderReader({ roots: [{ account: 'a', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  await r.waitFor((f) => /> +1 .*Big one/.test(f), 'the index');
  return { r, file: file! };
}

test('Enter then q in one read: the reader is left, and the render finishing later opens no pager', async (t) => {
  const { r, file } = await openReader(t);
  await r.press(`${KEY.enter}q`);
  assert.equal(r.exits(), 1);
  // The same render again, started after the reader's: by its end the reader's has ended too.
  await renderMessageFile(file);
  await r.press(KEY.down);
  assert.doesNotMatch(r.frame(), /From: Ann/);
  assert.match(r.frame(), /> +1 .*Big one/);
});

test('Enter then ? in one read: the help screen stays, the late render opens no pager over it', async (t) => {
  const { r, file } = await openReader(t);
  await r.press(`${KEY.enter}?`);
  await renderMessageFile(file);
  await r.press(KEY.down);
  assert.match(r.frame(), /Reader keys/);
  assert.doesNotMatch(r.frame(), /From: Ann/);
});

test("two readers opening at once each show their message: one's open does not drop the other's", async (t) => {
  const [a, b] = [await openReader(t), await openReader(t)];
  a.r.stdin.write(KEY.enter);
  b.r.stdin.write(KEY.enter);
  await a.r.waitFor((f) => f.includes('From: Ann'), "the first reader's pager");
  await b.r.waitFor((f) => f.includes('From: Ann'), "the second reader's pager");
});
