// When a mirrored deletion's set-aside file goes: each rule of set-aside-files.ts, and what a
// crash leaves (a reopened journal stands for the next process).
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { journalFolder } from '../../src/engine/folder-journal.js';
import { setAsideFiles } from '../../src/engine/set-aside-files.js';
import { openStoredIds, type StoredIds } from '../../src/engine/stored-ids.js';
import {
  openMaildirFolder,
  readFolderStamp,
  type LocalMaildirFolder,
  type StoredMessage,
} from '../../src/maildir/index.js';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mailkeep-set-aside-files-'));
after(() => fs.rm(root, { recursive: true, force: true }));
let cases = 0;

/** A folder holding message `gm:1` (recorded in a new journal), and another folder beside it. */
async function stored(): Promise<{ ids: StoredIds; state: string; work: LocalMaildirFolder; message: StoredMessage }> {
  const dir = path.join(root, `case${++cases}`);
  const open = (name: string) => openMaildirFolder(path.join(dir, name), { copyArrivalDate: false });
  const work = await open('Work');
  const [message] = await work.writeBatch([{ uid: 1, uidValidity: 1, flags: 'S', body: Buffer.from('hello') }]);
  const state = path.join(dir, 'state');
  const ids = await openStoredIds(state);
  ids.add([{ id: 'gm:1', size: 5, sha256: 'x', path: message!.path }]);
  await ids.flush();
  return { ids, state, work, message: message! };
}

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

test('kept through the end of its pass and found by the next, which ends it; a stop keeps it longer', async () => {
  const { ids, state, work, message } = await stored();
  const pass = setAsideFiles(ids);
  await pass.remove(work, [message], pass.listed());
  await work.sync();
  await ids.flush();
  const [aside] = ids.filesOf('gm:1', 5);
  await pass.endPass(false);
  assert.ok(await exists(aside!.path), 'no folder stores it yet: kept for the next pass');
  // The next pass (a new process: the journal read again) is stopped early: kept once more.
  const next = await openStoredIds(state);
  assert.deepEqual(
    next.filesOf('gm:1', 5).map((c) => c.path),
    [aside!.path],
  );
  await setAsideFiles(next).endPass(true);
  assert.ok(await exists(aside!.path));
  await setAsideFiles(next).endPass(false);
  assert.equal(await exists(aside!.path), false, 'a pass after the one that set it aside ends it');
  assert.deepEqual((await openStoredIds(state)).filesOf('gm:1', 5), []);
});

test('ended with its pass once another folder stores the message, or All Mail was listed after it', async () => {
  for (const by of ['link', 'All Mail'] as const) {
    const { ids, work, message } = await stored();
    const pass = setAsideFiles(ids);
    const allMailListing = pass.listed();
    await pass.remove(work, [message], pass.listed());
    const [aside] = ids.filesOf('gm:1', 5);
    if (by === 'All Mail') {
      pass.allMailSynced(allMailListing);
      await pass.endPass(false);
      assert.ok(await exists(aside!.path), 'All Mail was listed before: it may have been moved there since');
      pass.allMailSynced(pass.listed());
    } else {
      const family = await openMaildirFolder(path.join(path.dirname(work.path), 'Family'), { copyArrivalDate: false });
      const { stored: linked } = await family.place({
        source: aside!.path,
        uid: 4,
        uidValidity: 1,
        flags: 'S',
        size: 5,
      });
      ids.add([{ ...aside!, path: linked.path }]);
    }
    await pass.endPass(false);
    assert.equal(await exists(aside!.path), false, by);
  }
});

test("a crash before the journal named it: the folder's next cleanTmp removes it, nothing shows it", async () => {
  const { ids, state, work, message } = await stored();
  const pass = setAsideFiles(ids);
  await pass.remove(work, [message], pass.listed());
  await work.sync();
  // Killed here: the journal still names the file at its old place.
  const next = await openStoredIds(state);
  assert.deepEqual(
    next.filesOf('gm:1', 5).map((c) => c.path),
    [message.path],
  );
  assert.deepEqual([...(await work.scan()).keys()], [], 'not shown');
  await work.cleanTmp((file) => next.copyAt(file) !== undefined);
  assert.deepEqual(await fs.readdir(path.join(work.path, 'tmp')), []);
});

test('for the archive index, a file set aside is a removal from its folder', async () => {
  const { ids, work, message } = await stored();
  const journal = journalFolder(work, readFolderStamp(work.path));
  const pass = setAsideFiles(ids);
  await pass.remove(journal.folder, [message], pass.listed());
  await work.sync();
  assert.deepEqual(journal.changes().changes, [{ removed: message.path }]);
});
