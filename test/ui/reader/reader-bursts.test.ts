// Keys that arrive in one read (tmux send-keys, a paste, fast typing) must act exactly as if
// typed one by one: the same reader, fed both ways, must end on the same frame.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

async function openIndex(t: TestContext) {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [
    {
      raw: mail({ From: 'Ops <ops@x.org>', Subject: 'RED alert: disk full', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' }),
      flags: 'S',
    },
    {
      raw: mail({
        From: 'Acme <billing@acme.test>',
        Subject: 'Your invoice for January',
        Date: 'Tue, 2 Jan 2024 09:00:00 +0000',
      }),
      flags: 'S',
    },
    { raw: mail({ From: 'Bob <bob@x.org>', Subject: 'Lunch?', Date: 'Wed, 3 Jan 2024 09:00:00 +0000' }), flags: 'S' },
  ]);
  const r = renderReader({ roots: [{ account: 'work', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  await r.waitFor((f) => /> +3 .*Lunch\?/.test(f), 'the index, cursor on the newest message');
  return r;
}

/** The frame once `done` holds, typed one key per read and then all in one read. */
async function bothWays(t: TestContext, keys: string, done: (frame: string) => boolean, what: string) {
  const oneByOne = await openIndex(t);
  await oneByOne.type(keys);
  const expected = await oneByOne.waitFor(done, `${what} (one key per read)`);
  const burst = await openIndex(t);
  await burst.press(keys);
  const actual = await burst.waitFor(done, `${what} (one read)`);
  return { expected, actual };
}

test("'/RED' + Enter in one read searches like typed: the RED message selected", async (t) => {
  const { expected, actual } = await bothWays(
    t,
    `/RED${KEY.enter}`,
    (f) => /> +1 .*RED alert/.test(f),
    'the RED message selected',
  );
  assert.equal(actual, expected);
});

test("'l~s invoice' + Enter in one read limits like typed: title shows the whole pattern", async (t) => {
  const { expected, actual } = await bothWays(
    t,
    `l~s invoice${KEY.enter}`,
    (f) => f.includes('1/3 messages'),
    'the limit applied',
  );
  assert.match(actual, /limit: ~s invoice\b/);
  assert.match(actual, /Your invoice for January/);
  assert.doesNotMatch(actual, /Lunch|RED alert/);
  assert.equal(actual, expected);
});

test('prompt editing in one read: Ctrl-U and Backspace act on the text typed just before', async (t) => {
  const { expected, actual } = await bothWays(
    t,
    `/xyz\u0015RE${KEY.backspace}ED${KEY.enter}`,
    (f) => /> +1 .*RED alert/.test(f),
    'the RED message selected',
  );
  assert.equal(actual, expected);
});
