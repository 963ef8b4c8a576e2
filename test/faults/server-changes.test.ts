// The server changes under a backup: a mailbox deleted, renamed or emptied, UIDVALIDITY changed,
// a message expunged between listing and fetch, UIDs reused. Never a local bulk deletion; the
// outcome is reported and the final state is right.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { syncOnce, useCorpusServer } from '../support/corpus-server.js';
import {
  addFlags,
  appendMessage,
  createFolder,
  createFolderWith,
  deleteFolder,
  expunge,
  renameFolder,
  renumberFolder,
  serverMessages,
  setUidValidity,
  testMessage,
} from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true, proxy: true });
let folderCount = 0;

/** A new server folder with `n` messages and an account that has backed it up. */
async function backedUpFolder(n: number, deletions: 'keep' | 'mirror' = 'mirror') {
  const folder = `Box${++folderCount}`;
  await createFolderWith(corpus.server, folder, n);
  const account = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, {
    patterns: [folder, `${folder}*`],
    deletions,
  });
  assert.equal((await syncOnce(account)).summary.exitCode, 0);
  return { folder, account, stored: await localMessages(account, folder) };
}

describe('server-side changes never cause a local bulk deletion', () => {
  test('mailbox deleted on the server: the local copy stays', async () => {
    const { folder, account, stored } = await backedUpFolder(4);
    await deleteFolder(corpus.server, folder);
    const { summary } = await syncOnce(account);
    assert.notEqual(summary.exitCode, 2);
    assert.deepEqual(await localMessages(account, folder), stored);
  });

  test('mailbox renamed: the old copy stays, the new name is backed up', async () => {
    const { folder, account, stored } = await backedUpFolder(4);
    await renameFolder(corpus.server, folder, `${folder}-renamed`);
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.deepEqual(await localMessages(account, folder), stored);
    await assertBackupOf(corpus.server, account, { complete: true, folders: [`${folder}-renamed`] });
  });

  test('mailbox emptied on the server with mirror deletions: guard trips, nothing deleted, reported', async () => {
    const { folder, account, stored } = await backedUpFolder(6);
    for (const m of await serverMessages(corpus.server, folder)) await expunge(corpus.server, folder, m.uid);
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 1);
    assert.ok(summary.errors.some((e) => e.code === 'MASS_DELETE_GUARD' && e.mailbox === folder));
    assert.deepEqual(await localMessages(account, folder), stored);
  });

  for (const deletions of ['keep', 'mirror'] as const) {
    const title = `UIDVALIDITY changed and every UID renumbered, mail added and expunged around it (${deletions})`;
    test(`${title}: byte-exact, re-matched not fetched, reported`, async () => {
      const { folder, account } = await backedUpFolder(6, deletions);
      const gone = new Set<string>();
      const expungeUid = async (uid: number) => {
        gone.add((await serverMessages(corpus.server, folder)).find((m) => m.uid === uid)!.sha256);
        await expunge(corpus.server, folder, uid);
      };
      await expungeUid(2);
      await appendMessage(corpus.server, folder, testMessage(folder, 100));
      gone.add((await serverMessages(corpus.server, folder)).find((m) => m.uid === 4)!.sha256);
      const arrivals = [testMessage(folder, 101)];
      await renumberFolder(corpus.server, folder, { drop: [4], arrivals, uidValidity: 4242 + folderCount });
      // Now UID 1 is message 100, 2 is message 101, 3 is message 5 (UID 6 before), and so on.
      await expungeUid(3);
      await appendMessage(corpus.server, folder, testMessage(folder, 102));
      const renumbered = await serverMessages(corpus.server, folder);

      const { summary, events } = await syncOnce(account);
      assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
      assert.ok(events.some((e) => e.type === 'notice' && /UIDVALIDITY/.test(e.message)));
      assert.equal(summary.added, 3, 'only the three arrivals are downloaded; the rest is re-matched by Message-ID');
      await assertBackupOf(corpus.server, account, { complete: true, folders: [folder], kept: gone });

      // The next pass works from the re-match: a flag change and an expunge of re-matched messages.
      const [flagged, expunged] = renumbered.filter((m) => m.uid < 6);
      await addFlags(corpus.server, folder, flagged!.uid, ['\\Flagged']);
      await expungeUid(expunged!.uid);
      if (deletions === 'mirror') gone.delete(expunged!.sha256);
      const next = await syncOnce(account);
      assert.equal(next.summary.exitCode, 0, JSON.stringify(next.summary.errors));
      assert.equal(next.summary.added, 0);
      await assertBackupOf(corpus.server, account, { complete: true, folders: [folder], kept: gone });
      const local = (await localMessages(account, folder)).find((m) => m.sha256 === flagged!.sha256);
      assert.match(local!.flags, /F/, 'the flag change reached the re-matched file');
    });
  }

  test('a message expunged between listing and fetch: the rest is stored, the next pass is clean', async () => {
    const { folder, account } = await backedUpFolder(0);
    for (let i = 0; i < 5; i++)
      await appendMessage(
        corpus.server,
        folder,
        Buffer.from(`Subject: late ${i}\r\nMessage-ID: <late${i}@x>\r\n\r\nx\r\n`),
      );
    const [victim] = await serverMessages(corpus.server, folder);
    // The body FETCH for the victim comes back without it, as when it is expunged in between.
    corpus.proxy.fetchRewrite({ kind: 'nil-body' });
    const first = await syncOnce(account);
    corpus.proxy.clearRules();
    assert.notEqual(first.summary.exitCode, 2, JSON.stringify(first.summary.errors));
    await expunge(corpus.server, folder, victim!.uid);
    const second = await syncOnce(account);
    assert.equal(second.summary.exitCode, 0, JSON.stringify(second.summary.errors));
    await assertBackupOf(corpus.server, account, { complete: true, folders: [folder] });
  });

  test('UIDs reused after a recreate with the same UIDVALIDITY: no local deletion', async () => {
    const { folder, account, stored } = await backedUpFolder(4);
    await deleteFolder(corpus.server, folder);
    await createFolder(corpus.server, folder);
    await setUidValidity(corpus.server, folder, stored[0]!.uidValidity);
    await appendMessage(corpus.server, folder, Buffer.from('Subject: reused\r\nMessage-ID: <reused@x>\r\n\r\nnew\r\n'));
    const { summary } = await syncOnce(account);
    assert.notEqual(summary.exitCode, 2);
    const after = await localMessages(account, folder);
    for (const m of stored)
      assert.ok(
        after.some((a) => a.path === m.path && a.sha256 === m.sha256),
        `${m.path} kept`,
      );
  });
});
