// The server changes under a backup: a mailbox deleted, renamed or emptied, UIDVALIDITY changed,
// a message expunged between listing and fetch, UIDs reused. Never a local bulk deletion; the
// outcome is reported and the final state is right.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { syncOnce, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, createFolder, createFolderWith, deleteFolder, expunge, renameFolder, serverMessages, setUidValidity } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true, proxy: true });
let folderCount = 0;

/** A new server folder with `n` messages and an account that has backed it up. */
async function backedUpFolder(n: number, deletions: 'keep' | 'mirror' = 'mirror') {
  const folder = `Box${++folderCount}`;
  await createFolderWith(corpus.server, folder, n);
  const account = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { patterns: [folder, `${folder}*`], deletions });
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

  test('UIDVALIDITY changed: nothing deleted, nothing stored twice, reported', async () => {
    const { folder, account, stored } = await backedUpFolder(4);
    await setUidValidity(corpus.server, folder, 4242);
    const { summary, events } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.equal(summary.added, 0, 're-matched, not downloaded again');
    assert.equal((await localMessages(account, folder)).length, stored.length);
    assert.ok(events.some((e) => e.type === 'notice' && /UIDVALIDITY/.test(e.message)));
  });

  test('a message expunged between listing and fetch: the rest is stored, the next pass is clean', async () => {
    const { folder, account } = await backedUpFolder(0);
    for (let i = 0; i < 5; i++) await appendMessage(corpus.server, folder, Buffer.from(`Subject: late ${i}\r\nMessage-ID: <late${i}@x>\r\n\r\nx\r\n`));
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
    for (const m of stored) assert.ok(after.some((a) => a.path === m.path && a.sha256 === m.sha256), `${m.path} kept`);
  });
});
