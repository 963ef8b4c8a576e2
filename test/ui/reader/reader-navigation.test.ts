import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { READER_KEYS } from '../../../src/ui/keys/reader-keys.js';
import { KEY, renderReader } from './reader-harness.js';

function fixture() {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [
    {
      raw: mail(
        { From: 'Alice <alice@x.org>', Subject: 'Plan', Date: 'Mon, 1 Jan 2024 09:00:00 +0000', 'Message-ID': '<p@x>' },
        'the plan body\n',
      ),
      flags: 'S',
    },
    {
      raw: mail(
        { From: 'Carol <carol@x.org>', Subject: 'Zebra facts', Date: 'Wed, 3 Jan 2024 09:00:00 +0000' },
        'stripes\n',
      ),
      flags: 'S',
    },
    {
      raw: mail(
        {
          From: 'Bob <bob@x.org>',
          Subject: 'Re: Plan',
          Date: 'Thu, 4 Jan 2024 09:00:00 +0000',
          'In-Reply-To': '<p@x>',
        },
        'agreed, invoice attached\n',
      ),
    },
  ]);
  writeMaildir(join(root, 'Archive'), [
    { raw: mail({ From: 'Dan <dan@x.org>', Subject: 'Old news', Date: 'Fri, 1 Jan 2021 09:00:00 +0000' }), flags: 'S' },
  ]);
  return { tmp, roots: [{ account: 'work', path: root }], indexFile: join(tmp.path, 'index.sqlite') };
}

/** The reader over the fixture, once its index shows; unmounted and removed after the test. */
async function openIndex(t: TestContext) {
  const { tmp, roots, indexFile } = fixture();
  const r = renderReader({ roots, indexFile });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  await r.waitFor((f) => f.includes('Re: Plan'), 'the index');
  return r;
}

test('index lists messages by date; j/k move; Enter opens the pager; q goes back, then exits', async (t) => {
  const r = await openIndex(t);
  let f = r.frame();
  assert.match(f, /work:INBOX\s+3 messages\s+sort: date/);
  const order = ['Plan', 'Zebra facts', 'Re: Plan'].map((s) => f.indexOf(` ${s}`));
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
    'date order',
  );
  assert.match(f, /Alice/);
  assert.match(f, /Archive/);
  // Cursor starts on the newest message; k twice reaches the first one.
  await r.press('k', 'k', KEY.enter);
  f = await r.waitFor((f) => f.includes('the plan body'), 'pager');
  assert.match(f, /From: Alice <alice@x.org>/);
  assert.match(f, /Subject: Plan/);
  await r.press('q');
  await r.waitFor((f) => f.includes('Zebra facts'), 'back to index');
  await r.press('j', KEY.enter);
  await r.waitFor((f) => f.includes('stripes'), 'second message');
  await r.press('i', 'q');
  await r.waitFor(() => r.exits() === 1, 'q in the index leaves the reader');
});

test('o cycles the sort: from, subject, size, thread (replies nested)', async (t) => {
  const r = await openIndex(t);
  await r.press('o');
  let f = await r.waitFor((f) => f.includes('sort: from'), 'sort by from');
  const byFrom = ['Alice', 'Bob', 'Carol'].map((s) => f.indexOf(s));
  assert.deepEqual(
    [...byFrom].sort((a, b) => a - b),
    byFrom,
  );
  await r.press('o');
  f = await r.waitFor((f) => f.includes('sort: subject'), 'sort by subject');
  assert.ok(f.indexOf(' Plan') < f.indexOf('Re: Plan') && f.indexOf('Re: Plan') < f.indexOf('Zebra'));
  await r.press('o', 'o');
  f = await r.waitFor((f) => f.includes('sort: thread'), 'sort by thread');
  assert.match(f, /└─>Re: Plan/);
  assert.ok(f.indexOf(' Plan') < f.indexOf('Re: Plan') && f.indexOf('Re: Plan') < f.indexOf('Zebra'));
});

test('c changes mailbox through the sidebar', async (t) => {
  const r = await openIndex(t);
  await r.press('c', 'j', KEY.enter);
  const f = await r.waitFor((f) => f.includes('Old news'), 'the Archive index');
  assert.match(f, /work:Archive\s+1 messages/);
  assert.doesNotMatch(f, /Zebra/);
});

test('/ searches with n/N, l limits by ~f, ~s, ~b and ~d, "all" clears', async (t) => {
  const r = await openIndex(t);
  await r.press('l');
  await r.type('~f bob');
  await r.press(KEY.enter);
  let f = await r.waitFor((f) => f.includes('1/3 messages'), 'limit ~f');
  assert.doesNotMatch(f, /Zebra|Alice/);
  await r.press('l', ...Array<string>(10).fill(KEY.backspace));
  await r.type('~b stripes');
  await r.press(KEY.enter);
  f = await r.waitFor((f) => f.includes('limit: ~b stripes') && f.includes('1/3'), 'limit ~b');
  assert.match(f, /Zebra facts/);
  await r.press('l', ...Array<string>(12).fill(KEY.backspace));
  await r.type('~d 02/01/2024- !~s zebra');
  await r.press(KEY.enter);
  f = await r.waitFor((f) => f.includes('limit: ~d 02/01/2024- !~s zebra') && f.includes('1/3'), 'limit ~d');
  assert.match(f, /Re: Plan/);
  await r.press('l', ...Array<string>(30).fill(KEY.backspace));
  await r.type('all');
  await r.press(KEY.enter);
  await r.waitFor((f) => f.includes(' 3 messages'), 'limit cleared');

  await r.press('l', ...Array<string>(5).fill(KEY.backspace));
  await r.type('~x');
  await r.press(KEY.enter);
  await r.waitFor((f) => f.includes('unsupported pattern ~x'), 'one-line pattern error');

  await r.press('/');
  await r.type('~s plan');
  await r.press(KEY.enter);
  // The cursor is on the first row (Plan): the next match is Re: Plan, then n wraps to Plan.
  await r.waitFor((f) => /> +3 N .*Re: Plan/.test(f), 'search hit selected');
  await r.press(KEY.enter);
  await r.waitFor((f) => f.includes('agreed, invoice'), 'search hit opened');
  await r.press('q', 'n');
  await r.waitFor((f) => /> +1 .*Plan/.test(f), 'n wrapped to the first match');
  await r.press('N');
  await r.waitFor((f) => /> +3 N .*Re: Plan/.test(f), 'N went back');
});

test('? shows the key table', async (t) => {
  const r = await openIndex(t);
  await r.press('?');
  const f = await r.waitFor((f) => f.includes('Reader keys'), 'help');
  assert.match(f, /change mailbox/);
  assert.match(f, /limit to pattern/);
  for (const b of READER_KEYS) assert.ok(f.includes(b.keys), `${b.command} listed`);
  await r.press('q');
  await r.waitFor((f) => f.includes('Re: Plan'), 'back from help');
  assert.equal(r.exits(), 0);
});

test('keys typed faster than one read arrive together and each still counts', async (t) => {
  const r = await openIndex(t);
  await r.waitFor((f) => /> +3 /.test(f), 'the cursor on the newest message');
  await r.press('kk');
  await r.waitFor((f) => /> +1 .*Plan/.test(f), 'two rows up');
});
