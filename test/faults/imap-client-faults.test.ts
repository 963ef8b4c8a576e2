// The fault proxy with mailkeep as the client (the proxy test itself runs imapflow): bodies bigger
// than RFC822.SIZE, a literal that lies about its length, a mailbox listed under a FETCH-shaped
// name, the keyword NIL, an [ALERT] — each costs at most its message and is told, never silently.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { serverMessages } from '../support/server-mail.js';

const corpus = useCorpusServer({ proxy: true });
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
});
