// The fault proxy with mailkeep as the client (the proxy test itself runs imapflow): bodies bigger
// than RFC822.SIZE, a literal that lies about its length, a mailbox listed under a FETCH-shaped
// name, the keyword NIL, an [ALERT] — each costs at most its message and is told, never silently;
// and servers that refuse long command lines.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { createFolder, serverMessages, setUidValidity, testMessage, withClient } from '../support/server-mail.js';

const corpus = useCorpusServer({ proxy: true });

/** A new server folder holding test messages 1 … n, of which those named by `expunged` are expunged again. */
async function folderWith(folder: string, n: number, expunged: (uid: number) => boolean): Promise<void> {
  await createFolder(corpus.server, folder);
  await withClient(corpus.server, async (client) => {
    for (let i = 1; i <= n; i++) await client.append(folder, testMessage(folder, i));
  });
  const gone = Array.from({ length: n }, (_, i) => i + 1).filter(expunged);
  await corpus.server.doveadm(['expunge', '-u', corpus.server.user.user, 'mailbox', folder, 'uid', gone.join(',')]);
}

const account = async () => corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { timeoutSeconds: 30 });

describe('mailkeep through the fault proxy', () => {
  test('a body bigger than RFC822.SIZE is stored whole, and told', async () => {
    corpus.proxy.fetchRewrite({ kind: 'oversized-literal', bytes: 1_000_000 }, { whenCommand: /BODY\.PEEK\[\]/ });
    const acc = await account();
    const { summary, events } = await runPass(acc);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    // Stored whole: the bytes the proxy sent, not cut to the size the server announced. Asked after
    // as a size other than announced is (still there?), behind the FETCH: Dovecot answers both together.
    assert.deepEqual(summary.errors, []);
    const sizes = await Promise.all((await localMessages(acc, 'INBOX')).map(async (m) => (await stat(m.path)).size));
    assert.ok(sizes.includes(1_000_000), JSON.stringify(sizes));
    const told = events.filter(
      (e) => e.type === 'notice' && /stored as the server sent it, 1000000 bytes \(it announced \d+\)/.test(e.message),
    );
    assert.equal(told.length, 1, JSON.stringify(events.filter((e) => e.type === 'notice')));
  });

  test('a literal longer than its {n} costs that message, told with its UID; the next pass fetches it', async () => {
    corpus.proxy.fetchRewrite({ kind: 'bigger-literal', extra: 64 }, { whenCommand: /BODY\.PEEK\[\]/ });
    const acc = await account();
    const first = await runPass(acc);
    // The bytes past the literal break that FETCH's line only: the connection is back in step at its CRLF.
    assert.deepEqual(
      first.summary.errors.map((e) => [e.code, e.scope, typeof e.uid]),
      [['MESSAGE_UNREADABLE', 'message', 'number']],
    );
    const uid = first.summary.errors[0]!.uid;
    assert.ok(
      first.events.some(
        (e) => e.type === 'notice' && e.message.includes(`UID ${uid} skipped, its FETCH is unreadable`),
      ),
    );
    const second = await runPass(acc);
    assert.deepEqual(second.summary.errors, []);
    await assertBackupOf(corpus.server, acc, { complete: true });
  });

  test('a mailbox listed under a FETCH-shaped name is backed up under it', async () => {
    corpus.proxy.rewriteList((entry) => (entry.name === 'Work &- Play' ? [{ ...entry, name: 'Body[old' }] : [entry]));
    const acc = await account();
    const { summary } = await runPass(acc);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const onServer = await serverMessages(corpus.server, 'Work & Play');
    assert.deepEqual(
      (await localMessages(acc, 'Body[old')).map((m) => m.sha256).sort(),
      onServer.map((m) => m.sha256).sort(),
    );
  });

  test('the keyword NIL and an [ALERT]: the mailbox is backed up, the alert reaches the user', async () => {
    await corpus.server.doveadm(['flags', 'add', '-u', corpus.server.user.user, 'NIL', 'mailbox', 'INBOX', 'uid', '1']);
    corpus.proxy.injectUntagged('OK [ALERT] Maintenance tonight at 22:00', { whenCommand: /^\S+ LIST/ });
    const acc = await account();
    const { summary, events } = await runPass(acc);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.ok(
      events.some((e) => e.type === 'notice' && e.alert === true && /Maintenance tonight at 22:00$/.test(e.message)),
    );
    await assertBackupOf(corpus.server, acc, { complete: true, folders: ['INBOX'] });
  });

  test("a server that echoes a partial body's range (BODY[]<0.1048576>): a big message is stored whole", async () => {
    const line = `${'y'.repeat(76)}\r\n`;
    const big = Buffer.from(`From: a@example.org\r\nSubject: big\r\nMessage-ID: <big@x>\r\n\r\n${line.repeat(70_000)}`);
    await createFolder(corpus.server, 'Big');
    await withClient(corpus.server, (client) => client.append('Big', big));
    corpus.proxy.echoPartialRange({ connections: 10 });
    const acc = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, {
      patterns: ['Big'],
      timeoutSeconds: 30,
    });
    const { summary } = await runPass(acc);
    assert.deepEqual(summary.errors, []);
    assert.ok(
      corpus.proxy.commands.some((c) => /BODY\.PEEK\[\]<1048576\.\d+>/.test(c.text)),
      'the message was read in chunks',
    );
    await assertBackupOf(corpus.server, acc, { complete: true, folders: ['Big'] });
  });

  test('a server that refuses commands over 1000 octets (Exchange: BAD Command Error. 10): a sparse UID set is asked in parts', async () => {
    // 300 UIDs with gaps (1, 3, …, 599): a set of about 1,100 characters.
    await folderWith('Sparse', 600, (uid) => uid % 2 === 0);
    const acc = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, {
      patterns: ['Sparse'],
      timeoutSeconds: 30,
    });
    assert.deepEqual((await runPass(acc)).summary.errors, []);
    // The server renumbers nothing but says it did: every stored file is matched again by Message-ID.
    await setUidValidity(corpus.server, 'Sparse', 777);
    corpus.proxy.refuseLongCommands(1000, 'BAD Command Error. 10', { connections: 10 });
    const { summary } = await runPass(acc);
    assert.deepEqual(summary.errors, []);
    assert.equal(summary.added, 0, 're-matched, not downloaded again');
    const long = corpus.proxy.commands.filter((c) => c.text.length > 1000);
    assert.deepEqual(long, [], 'no command over 1000 octets was sent');
    await assertBackupOf(corpus.server, acc, { complete: true, folders: ['Sparse'] });
  });
});
