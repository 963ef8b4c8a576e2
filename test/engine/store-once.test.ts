import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { storeOnce, type PlacingFolder } from '../../src/engine/store-once.js';
import { openStoredIds } from '../../src/engine/stored-ids.js';
import { openMaildirFolder, type StoredMessage } from '../../src/maildir/index.js';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mailkeep-store-once-'));
after(() => fs.rm(root, { recursive: true, force: true }));

async function folder(name: string): Promise<PlacingFolder & { dir: string }> {
  const dir = path.join(root, name);
  const maildir = await openMaildirFolder(dir, { copyArrivalDate: true, fsync: false });
  return { dir, place: (item) => maildir.place(item) };
}

/** Writes a "download" the way writeBatch would, through the pass's hashing wrapper. */
async function download(
  pass: ReturnType<typeof storeOnce>,
  dir: string,
  uid: number,
  bytes: string,
): Promise<StoredMessage> {
  const body = pass.hashing({ uid, flags: [], size: bytes.length, body: Buffer.from(bytes) });
  const file = path.join(dir, 'cur', `dl-${uid},V=1,UID=${uid},S=${bytes.length}:2,S`);
  await fs.writeFile(file, body.body as Buffer);
  return { uid, uidValidity: 1, flags: 'S', size: bytes.length, path: file };
}

test('a message under way in one mailbox is waited for by another, then hard-linked there', async () => {
  const ids = await openStoredIds(path.join(root, 'state1'));
  const [all, work] = [await folder('all1'), await folder('work1')];
  const allPass = storeOnce(ids, new Map([[1, 'gm:1']]));
  const workPass = storeOnce(ids, new Map([[7, 'gm:1']]));
  assert.equal(allPass.downloads({ uid: 1, size: 5 }), true);
  assert.equal(workPass.downloads({ uid: 7, size: 5 }), false, 'claimed by All Mail');
  const linking = workPass.link(work, 3, () => 'S');
  let linked = false;
  void linking.then(() => (linked = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(linked, false, 'waits for the download');
  const written = await download(allPass, all.dir, 1, 'hello');
  assert.deepEqual(allPass.recordDownloads([written]), []);
  const { placed, copies, toDownload } = await linking;
  assert.deepEqual([placed.length, copies, toDownload], [1, 0, []]);
  assert.equal(placed[0]!.uid, 7);
  assert.equal((await fs.stat(placed[0]!.path)).ino, (await fs.stat(written.path)).ino);
});

test('a download that failed releases its claim: the waiting mailbox downloads the message itself', async () => {
  const ids = await openStoredIds(path.join(root, 'state2'));
  const first = storeOnce(ids, new Map([[1, 'gm:2']]));
  const second = storeOnce(ids, new Map([[2, 'gm:2']]));
  assert.equal(first.downloads({ uid: 1, size: 3 }), true);
  assert.equal(second.downloads({ uid: 2, size: 3 }), false);
  first.release();
  assert.deepEqual((await second.link(await folder('f2'), 1, () => '')).toDownload, [{ uid: 2, size: 3 }]);
});

test('two different messages under one id: told apart by size, both downloaded, the collision noticed', async () => {
  const ids = await openStoredIds(path.join(root, 'state3'));
  const dir = (await folder('f3')).dir;
  const a = storeOnce(ids, new Map([[1, 'gm:3']]));
  assert.equal(a.downloads({ uid: 1, size: 3 }), true);
  assert.deepEqual(a.recordDownloads([await download(a, dir, 1, 'one')]), []);
  const b = storeOnce(ids, new Map([[2, 'gm:3']]));
  assert.equal(b.downloads({ uid: 2, size: 5 }), true, 'another size: not the stored message');
  const notices = b.recordDownloads([await download(b, dir, 2, 'other')]);
  assert.match(notices[0] ?? '', /two messages share the server id gm:3 \(3 and 5 bytes\): both kept/);
  assert.equal(ids.variantsOf('gm:3').length, 2);
});

test('a stored file that vanished is skipped for the next one recorded, or downloaded', async () => {
  const ids = await openStoredIds(path.join(root, 'state4'));
  const dir = (await folder('f4')).dir;
  const a = storeOnce(ids, new Map([[1, 'gm:4']]));
  a.downloads({ uid: 1, size: 2 });
  const written = await download(a, dir, 1, 'hi');
  a.recordDownloads([written]);
  await fs.unlink(written.path);
  const b = storeOnce(ids, new Map([[9, 'gm:4']]));
  assert.equal(b.downloads({ uid: 9, size: 2 }), false);
  assert.deepEqual((await b.link(await folder('g4'), 1, () => 'S')).toDownload, [{ uid: 9, size: 2 }]);
  assert.deepEqual(ids.filesOf('gm:4', 2), [], 'the vanished file is forgotten');
});

test('only a body with a server id is hashed: one without is passed on as it came', async () => {
  const pass = storeOnce(await openStoredIds(path.join(root, 'state-hash')), new Map([[1, 'gm:9']]));
  const stream = async function* (): AsyncGenerator<Buffer> {};
  const withoutId = { uid: 2, flags: [], size: 0, body: stream() };
  assert.equal(pass.hashing(withoutId), withoutId);
  const withId = { uid: 1, flags: [], size: 0, body: stream() };
  assert.notEqual(pass.hashing(withId).body, withId.body, 'a stream with an id is wrapped to be hashed');
});

test('a stored file gone when two mailboxes link it: one downloads it again, the other links that next', async () => {
  const ids = await openStoredIds(path.join(root, 'state6'));
  const [trash, inbox, all] = [await folder('trash6'), await folder('inbox6'), await folder('all6')];
  const trashPass = storeOnce(ids, new Map([[1, 'gm:6']]));
  trashPass.downloads({ uid: 1, size: 5 });
  const trashed = await download(trashPass, trash.dir, 1, 'hello');
  trashPass.recordDownloads([trashed]);
  const inboxPass = storeOnce(ids, new Map([[4, 'gm:6']]));
  const allPass = storeOnce(ids, new Map([[9, 'gm:6']]));
  assert.equal(inboxPass.downloads({ uid: 4, size: 5 }), false, 'stored in the Trash');
  assert.equal(allPass.downloads({ uid: 9, size: 5 }), false, 'stored in the Trash');
  // Untrashed: the mirrored Trash removes its link, the only one, before INBOX and All Mail link it.
  await fs.rm(trashed.path);
  assert.deepEqual((await inboxPass.link(inbox, 1, () => 'S')).toDownload, [{ uid: 4, size: 5 }]);
  const waiting = await allPass.link(all, 1, () => 'S');
  assert.deepEqual([waiting.toDownload, waiting.waitingElsewhere], [[], 1], "INBOX's download, not its own");
  let linked = false;
  const linking = allPass.link(all, 1, () => 'S').finally(() => (linked = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(linked, false, "the next round waits for INBOX's download");
  const written = await download(inboxPass, inbox.dir, 4, 'hello');
  inboxPass.recordDownloads([written]);
  const { placed, toDownload } = await linking;
  assert.deepEqual([placed.length, toDownload], [1, []]);
  assert.equal((await fs.stat(placed[0]!.path)).ino, (await fs.stat(written.path)).ino);
});

test('a stored file set aside while another mailbox links it: linked from where it went, not downloaded', async () => {
  const ids = await openStoredIds(path.join(root, 'state7'));
  const [work, family] = [await folder('work7'), await folder('family7')];
  const workPass = storeOnce(ids, new Map([[1, 'gm:7']]));
  workPass.downloads({ uid: 1, size: 5 });
  const stored = await download(workPass, work.dir, 1, 'hello');
  workPass.recordDownloads([stored]);
  const familyPass = storeOnce(ids, new Map([[3, 'gm:7']]));
  assert.equal(familyPass.downloads({ uid: 3, size: 5 }), false);
  // Moved from Work to Family: Work's mirrored deletion sets the file aside just as Family links it.
  const aside = path.join(work.dir, 'tmp', `set-aside.${path.basename(stored.path)}`);
  const racing: PlacingFolder = {
    async place(item) {
      if (item.source === stored.path) {
        await fs.rename(stored.path, aside);
        ids.moved(stored.path, aside);
      }
      return family.place(item);
    },
  };
  const { placed, toDownload } = await familyPass.link(racing, 1, () => 'S');
  assert.deepEqual([placed.length, toDownload], [1, []]);
  assert.equal((await fs.stat(placed[0]!.path)).ino, (await fs.stat(aside)).ino);
});
