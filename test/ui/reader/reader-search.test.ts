// The reader on the archive index: a folder the index is current for comes from it, a folder not
// indexed yet still opens and gets indexed behind the reader, and `S` searches every folder,
// showing the results as a folder of their own with the usual keys.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndexWriter, openIndex, refreshTree } from '../../../src/archive/index.js';
import { archiveAccess, FIRST_PAGE, readFirstScreen } from '../../../src/reader/index.js';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { waitUntil } from '../../support/wait-until.js';
import { KEY, renderReader } from './reader-harness.js';

const HOSTILE_SUBJECT = '\u001b]0;pwned-title\u0007\u001b[31mRed invoice\u001b[0m \u202egpj.exe';

function fixture() {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [
    {
      raw: mail(
        { From: 'Carol <carol@x.org>', Subject: 'Inbox invoice', Date: 'Wed, 3 Jan 2024 09:00:00 +0000' },
        'the inbox body\n',
      ),
      flags: 'S',
    },
    {
      raw: mail({
        From: 'Bob <bob@x.org>',
        Subject: 'Lunch',
        Date: 'Thu, 4 Jan 2024 09:00:00 +0000',
        'Message-ID': '<lunch.1@x.org>',
      }),
      flags: '',
    },
  ]);
  writeMaildir(join(root, 'Archive'), [
    {
      raw: mail(
        { From: 'Carol <carol@x.org>', Subject: 'Archived invoice', Date: 'Fri, 1 Jan 2021 09:00:00 +0000' },
        'the archived body\n',
      ),
      flags: 'S',
    },
    { raw: mail({ From: 'Mallory <m@evil.example>', Subject: HOSTILE_SUBJECT }), flags: 'S' },
  ]);
  return { tmp, root, roots: [{ account: 'work', path: root }], indexFile: join(tmp.path, 'index.sqlite') };
}

async function indexTree(indexFile: string, root: string): Promise<void> {
  const db = openIndex(indexFile)!;
  try {
    await refreshTree(new IndexWriter(db), { account: 'work', path: root });
  } finally {
    db.close();
  }
}

function open(t: TestContext, f: ReturnType<typeof fixture>, width?: number) {
  const r = renderReader({ roots: f.roots, indexFile: f.indexFile, ...(width === undefined ? {} : { width }) });
  t.after(async () => {
    await r.close();
    f.tmp.cleanup();
  });
  return r;
}

test('a folder in the index is read from the index, not from its files', async (t) => {
  const f = fixture();
  await indexTree(f.indexFile, f.root);
  // Rewritten in place: the folder's stamp (its directories) does not change, so only a reader
  // that opened the file would see the new subject.
  const cur = join(f.root, 'cur');
  const lunch = readdirSync(cur).find((name) => name.endsWith(':2,'))!;
  writeFileSync(join(cur, lunch), mail({ From: 'Bob <bob@x.org>', Subject: 'Changed behind the index' }));
  const r = open(t, f);
  const frame = await r.waitFor((s) => s.includes('Lunch'), 'the index');
  assert.match(frame, /work:INBOX\s+2 messages/);
  assert.doesNotMatch(frame, /Changed behind the index/);
});

test('S searches every folder; the results are a folder of their own; q goes back to the folder', async (t) => {
  const f = fixture();
  await indexTree(f.indexFile, f.root);
  // Wide enough for a folder column beside the subjects.
  const r = open(t, f, 130);
  await r.waitFor((s) => s.includes('Lunch'), 'the index');
  await r.press('S');
  await r.type('from:carol and invoice');
  await r.press(KEY.enter);
  let frame = await r.waitFor((s) => s.includes('search: from:carol'), 'the results');
  assert.match(frame, /search: from:carol and invoice\s+2 messages/);
  // Each result names the folder it is in.
  assert.match(frame, /Archive\s+Carol\s.*Archived invoice/);
  assert.match(frame, /INBOX\s+Carol\s.*Inbox invoice/);
  assert.doesNotMatch(frame, /Lunch/);
  // The newest result has the cursor: k reaches the archived one, which opens from its own folder.
  await r.press('k', KEY.enter);
  frame = await r.waitFor((s) => s.includes('the archived body'), 'the pager');
  assert.match(frame, /Subject: Archived invoice/);
  assert.match(frame, /^Folder: Archive$/m);
  await r.press('q');
  await r.waitFor((s) => s.includes('search: from:carol'), 'the results again');
  await r.press('q');
  frame = await r.waitFor((s) => s.includes('work:INBOX'), 'the folder again');
  assert.match(frame, /Lunch/);
  assert.equal(r.exits(), 0, 'q in the results does not leave the reader');
});

test('search results are sanitized as in the pager; a bad query is one line and changes nothing', async (t) => {
  const f = fixture();
  await indexTree(f.indexFile, f.root);
  const r = open(t, f);
  await r.waitFor((s) => s.includes('Lunch'), 'the index');
  await r.press('S');
  await r.type('from:mallory');
  await r.press(KEY.enter);
  await r.waitFor((s) => s.includes('Red invoice'), 'the hostile result');
  for (const frame of r.frames) assert.doesNotMatch(frame, /pwned-title|\u001b\]|\u202e|\u0007|\u001b\[31m/);
  await r.press('S');
  await r.type('date:2024-13');
  await r.press(KEY.enter);
  const frame = await r.waitFor((s) => s.includes('date:2024-13: expected'), 'the error');
  assert.match(frame, /search: from:mallory\s+1 messages/, 'the results shown stay');
  assert.match(frame, /Red invoice/);
});

test('S finds a message by the Message-ID mutt shows (id:<…>), and by a relative date', async (t) => {
  const f = fixture();
  await indexTree(f.indexFile, f.root);
  const r = open(t, f, 130);
  await r.waitFor((s) => s.includes('Lunch'), 'the index');
  await r.press('S');
  await r.type('id:<lunch.1@x.org>');
  await r.press(KEY.enter);
  let frame = await r.waitFor((s) => s.includes('search: id:'), 'the result');
  assert.match(frame, /search: id:<lunch\.1@x\.org>\s+1 messages/);
  assert.match(frame, /Bob\s.*Lunch/);
  // Mallory's message has no Date: it is dated by its file, written just now.
  await r.press('S');
  await r.type('date:yesterday..today');
  await r.press(KEY.enter);
  frame = await r.waitFor((s) => s.includes('search: date:'), 'the results');
  assert.match(frame, /search: date:yesterday\.\.today\s+1 messages/);
  await r.press('S');
  await r.type('date:3x..');
  await r.press(KEY.enter);
  await r.waitFor((s) => s.includes('date:3x..: expected'), 'the error');
});

test('a folder not in the index opens from its files and is indexed behind the reader', async (t) => {
  const f = fixture();
  const r = open(t, f);
  const frame = await r.waitFor((s) => s.includes('Lunch'), 'the index');
  assert.match(frame, /work:INBOX\s+2 messages/);
  const archive = archiveAccess(f.indexFile);
  t.after(() => archive.close());
  await waitUntil(
    () => archive.folder(join(f.root, 'Archive'))?.current === true && archive.folder(f.root)?.current === true,
    () => 'the background indexer never made both folders current',
    // It runs at the lowest priority: on a busy machine it waits its turn.
    { timeoutMs: 120_000 },
  );
  await r.press('S');
  await r.type('archived');
  await r.press(KEY.enter);
  await r.waitFor((s) => /search: archived\s+1 messages/.test(s), 'a search over what it indexed');
});

test('a first screen read before the reader is drawn is its first frame; the older rows follow from the index', async (t) => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  const start = Date.UTC(2024, 0, 1);
  writeMaildir(
    root,
    Array.from({ length: FIRST_PAGE + 50 }, (_, i) => ({
      raw: mail({ From: 'Ann <ann@x.org>', Subject: `Message ${i}`, Date: new Date(start + i * 60_000).toUTCString() }),
      flags: 'S',
    })),
  );
  const indexFile = join(tmp.path, 'index.sqlite');
  await indexTree(indexFile, root);
  const roots = [{ account: 'work', path: root }];
  const first = await readFirstScreen(roots, indexFile);
  assert.equal(first?.page?.entries.length, FIRST_PAGE);
  const r = renderReader({ roots, indexFile, first });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  assert.match(r.frames[0]!, new RegExp(`work:INBOX\\s+${FIRST_PAGE + 50} messages`));
  assert.match(r.frames[0]!, /Message 249/);
  // Home (the oldest message) until the rows read after the first frame are there.
  await waitUntil(
    async () => {
      await r.press('\u001b[H');
      return r.frame().includes('Message 0');
    },
    () => `the oldest message never came; last frame:\n${r.frame()}`,
  );
});

test('a big folder not in the index shows its last-delivered page first, then every message sorted by date', async (t) => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, []);
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < FIRST_PAGE + 50; i++) {
    // Delivered in order, but the first one delivered is the newest by its Date.
    const date = new Date(i === 0 ? Date.UTC(2025, 0, 1) : start + i * 60_000).toUTCString();
    const raw = mail({ From: 'Ann <ann@x.org>', Subject: `Message ${i}`, Date: date });
    writeFileSync(join(root, 'cur', `${1_700_000_000 + i}.M${i}P1.test:2,S`), raw);
  }
  const r = renderReader({ roots: [{ account: 'work', path: root }], indexFile: join(tmp.path, 'index.sqlite') });
  t.after(async () => {
    await r.close();
    tmp.cleanup();
  });
  await r.waitFor((s) => />\s*250\s.*Message 0$/m.test(s), 'the newest message by date under the cursor');
  const page = r.frames.find((f) => f.includes('250 messages') && f.includes('Message 249'));
  assert.ok(page, 'the last-delivered page was shown with the count');
  assert.doesNotMatch(page, /Message 0$/m);
});
