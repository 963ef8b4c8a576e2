// The reader follows the background sync: a folder the engine reports changed is rescanned on its
// own (no `$`), the cursor stays on its message, the pager stays open, a burst costs one rescan.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '../../../src/engine/events.js';
import { createProgressStore, type ProgressStoreOptions } from '../../../src/engine/progress-store.js';
import { addMessage, makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { ScriptedEngine } from '../support/scripted-engine.js';
import { waitUntil } from '../../support/wait-until.js';
import { KEY, renderReader } from './reader-harness.js';

const date = (day: number) => `Mon, ${day} Jan 2024 09:00:00 +0000`;

async function openReader(t: TestContext, storeOptions: ProgressStoreOptions = { intervalMs: 0 }) {
  const tmp = makeTempDir();
  const inbox = join(tmp.path, 'Mail');
  const archive = join(inbox, 'Archive');
  writeMaildir(inbox, [
    { raw: mail({ From: 'Ann <ann@x.org>', Subject: 'First', Date: date(1) }), flags: 'S' },
    { raw: mail({ From: 'Ben <ben@x.org>', Subject: 'Second', Date: date(2) }), flags: 'S' },
    { raw: mail({ From: 'Cy <cy@x.org>', Subject: 'Third', Date: date(3) }), flags: 'S' },
  ]);
  writeMaildir(archive, [{ raw: mail({ From: 'Dan <dan@x.org>', Subject: 'Old', Date: date(1) }), flags: 'S' }]);
  const engine = new ScriptedEngine();
  const store = createProgressStore(engine, storeOptions);
  const refreshes: string[][] = [];
  const r = renderReader({
    roots: [{ account: 'work', path: inbox }],
    indexFile: join(tmp.path, 'index.sqlite'),
    progress: store,
    onSyncRefresh: (paths) => refreshes.push(paths),
  });
  t.after(async () => {
    await r.close();
    store.dispose();
    tmp.cleanup();
  });
  await r.waitFor((f) => /> +3 .*Third/.test(f), 'the index, cursor on the newest message');
  let at = 0;
  const done = (mailbox: string, added: number, flagsUpdated = 0): EngineEvent => ({
    type: 'mailbox-done',
    account: 'work',
    mailbox,
    added,
    linked: 0,
    flagsUpdated,
    deleted: 0,
    bytes: 0,
    upToDate: false,
    at: ++at,
  });
  const pass = (mailboxes: string[]): EngineEvent[] => [
    { type: 'pass-start', pass: 1, at: ++at },
    { type: 'mailboxes', account: 'work', mailboxes, at: ++at },
  ];
  const refreshed = (count: number) =>
    waitUntil(
      () => refreshes.length >= count,
      () => `expected ${count} refresh(es), got ${refreshes.length}`,
    );
  return { r, engine, inbox, archive, refreshes, done, pass, refreshed };
}

test('a sync change to the open folder shows a new file with the cursor kept on its message, renamed by a flag change', async (t) => {
  const { r, engine, inbox, done, pass } = await openReader(t);
  await r.press('k');
  await r.waitFor((f) => /> +2 .*Second/.test(f), 'the cursor on Second');
  // The sync stores an older message (it sorts first: every row moves down) and flags Second (its file is renamed).
  addMessage(inbox, {
    raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Early', Date: 'Sun, 31 Dec 2023 09:00:00 +0000' }),
  });
  const second = readdirSync(join(inbox, 'cur')).find((f) =>
    readFileSync(join(inbox, 'cur', f), 'utf8').includes('Subject: Second'),
  )!;
  renameSync(join(inbox, 'cur', second), join(inbox, 'cur', second.replace(':2,S', ':2,FS')));
  engine.emit(...pass(['INBOX', 'Archive']), done('INBOX', 1, 1));
  const f = await r.waitFor((frame) => frame.includes('Early'), 'the new message in the index');
  assert.match(f, /work:INBOX\s+4 messages/);
  assert.match(f, / 1 N .*Early/);
  assert.match(f, /> +3 .*Second/, 'the cursor follows Second to its new row');
  // The renamed file is still the same message, and it opens.
  await r.press(KEY.enter);
  await r.waitFor((frame) => frame.includes('Subject: Second'), 'Second in the pager');
});

test('the pager stays open through a refresh; back in the index the cursor is on the same message', async (t) => {
  const { r, engine, inbox, refreshes, done, pass, refreshed } = await openReader(t);
  await r.press('k', 'k', KEY.enter);
  await r.waitFor((f) => f.includes('Subject: First'), 'First in the pager');
  addMessage(inbox, {
    raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Early', Date: 'Sun, 31 Dec 2023 09:00:00 +0000' }),
  });
  engine.emit(...pass(['INBOX']), done('INBOX', 1));
  await refreshed(1);
  assert.deepEqual(refreshes[0], [inbox]);
  assert.match(r.frame(), /Subject: First/, 'still in the pager');
  await r.press('q');
  const f = await r.waitFor((frame) => frame.includes('Early'), 'the index with the new message');
  assert.match(f, /> +2 .*First/);
});

test('a burst of hundreds of mailbox-done events costs one rescan that covers every changed folder', async (t) => {
  // The app's own store interval: a burst arrives within one published snapshot.
  const { r, engine, inbox, archive, refreshes, done, pass, refreshed } = await openReader(t, { intervalMs: 100 });
  addMessage(inbox, { raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Newest', Date: date(9) }) });
  addMessage(archive, { raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Filed', Date: date(9) }) });
  const others = Array.from({ length: 300 }, (_, i) => `Lists/l${i}`);
  engine.emit(
    ...pass(['INBOX', 'Archive', ...others]),
    ...others.map((m) => done(m, 0)),
    done('INBOX', 1),
    done('Archive', 1),
  );
  await refreshed(1);
  await r.waitFor((f) => f.includes('Newest'), 'the new message');
  assert.deepEqual([...refreshes[0]!].sort(), [inbox, archive].sort());
  // A marker instead of a pause: one more change to Archive alone. Rescans run one after another
  // and merge what is pending, so a second rescan from the burst would come first or join this one.
  engine.emit(...pass(['Archive']), done('Archive', 1));
  await refreshed(2);
  assert.deepEqual(refreshes.slice(1), [[archive]], 'the burst cost one rescan; the marker its own');
  await r.waitFor((f) => /Archive\s+1\/2\b/.test(f), 'the Archive count (1 unread of 2)');
});

test('a change to another folder updates its sidebar count and leaves the open index alone', async (t) => {
  const { r, engine, inbox, archive, refreshes, done, pass, refreshed } = await openReader(t);
  assert.match(r.frame(), /Archive\s+1\b/);
  addMessage(archive, { raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Filed', Date: date(9) }) });
  addMessage(archive, { raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Filed too', Date: date(9) }) });
  // Written to INBOX without a word from the sync: it must not appear (the index is not rescanned).
  addMessage(inbox, { raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Unannounced', Date: date(9) }), flags: 'S' });
  engine.emit(...pass(['INBOX', 'Archive']), done('Archive', 2));
  await refreshed(1);
  assert.deepEqual(refreshes[0], [archive]);
  const f = await r.waitFor((frame) => /Archive\s+2\/3\b/.test(frame), 'the Archive count (2 unread of 3)');
  assert.doesNotMatch(f, /Unannounced/);
  assert.match(f, /work:INBOX\s+3 messages/);
  assert.match(f, /> +3 .*Third/);
});

test('the limit stays through a refresh, and new messages that match it join', async (t) => {
  const { r, engine, inbox, done, pass } = await openReader(t);
  await r.type('l~f cy');
  await r.press(KEY.enter);
  await r.waitFor((f) => f.includes('1/3 messages'), 'the limit applied');
  addMessage(inbox, { raw: mail({ From: 'Cy <cy@x.org>', Subject: 'Fourth', Date: date(4) }) });
  addMessage(inbox, { raw: mail({ From: 'Eve <eve@x.org>', Subject: 'Unrelated', Date: date(5) }) });
  engine.emit(...pass(['INBOX']), done('INBOX', 2));
  const f = await r.waitFor((frame) => frame.includes('2/5 messages'), 'the new matching message in the limited index');
  assert.match(f, /limit: ~f cy/);
  assert.match(f, /Fourth/);
  assert.doesNotMatch(f, /Unrelated|First|Second/);
  assert.match(f, /> +1 .*Third/, 'the cursor stays on Third');
});
