// A server that refuses a whole body FETCH over one message it cannot give (Exchange: `BAD Command
// Argument Error. 11`, none of the set's bodies sent): that message alone is skipped and told, the
// others are stored, and the next pass asks for it again. A refusal of every message, or of every
// command (a bug of ours), fails the mailbox after a bounded number of commands.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { createFolderWith, withClient } from '../support/server-mail.js';

const corpus = useCorpusServer({ proxy: true });
const EXCHANGE = 'BAD Command Argument Error. 11';
const FOLDERS = ['Refusing', 'Refusing too'];

const account = async (patterns: string[]) =>
  corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { patterns, timeoutSeconds: 30 });

/** The body FETCHes clients sent from here on. */
function bodyFetchesFromNow(): () => string[] {
  const from = corpus.proxy.commands.length;
  return () =>
    corpus.proxy.commands
      .slice(from)
      .flatMap((c) => (/ UID FETCH \S+ \(.*BODY\.PEEK\[\]/.test(c.text) ? [c.text] : []));
}

describe('a body FETCH refused whole over one message', () => {
  before(async () => {
    for (const folder of FOLDERS) await createFolderWith(corpus.server, folder, 50);
  });

  test('one message refused (Exchange BAD): it alone is skipped and told, 49 stored, the next pass gets it', async () => {
    const acc = await account(['Refusing']);
    corpus.proxy.refuseBodyFetchOf([17], EXCHANGE, { connections: 10 });
    const fetches = bodyFetchesFromNow();
    const { summary, events } = await runPass(acc);
    assert.deepEqual(
      summary.errors.map((e) => [e.code, e.scope, e.mailbox, e.uid]),
      [['MESSAGE_UNREADABLE', 'message', 'Refusing', 17]],
      JSON.stringify(summary.errors),
    );
    assert.equal(summary.exitCode, 1, 'a skipped message is told in the exit code');
    assert.equal(summary.added, 49);
    assert.equal((await localMessages(acc, 'Refusing')).length, 49);
    const told = events.filter(
      (e) => e.type === 'notice' && /UID 17 skipped, .*BAD: Command Argument Error\. 11/.test(e.message),
    );
    assert.equal(told.length, 1, JSON.stringify(events.filter((e) => e.type === 'notice')));
    // The set, then two halves per level down to UID 17 alone: 1 + 2 * ceil(log2 50).
    assert.ok(fetches().length <= 13, fetches().join('\n'));
    corpus.proxy.clearRules();
    const next = await runPass(acc);
    assert.deepEqual(next.summary.errors, []);
    assert.equal(next.summary.added, 1, 'the next pass asks for the skipped message again');
    await assertBackupOf(corpus.server, acc, { complete: true, folders: ['Refusing'] });
  });

  test('the session goes on to the next mailbox before the halves: each mailbox costs its one message', async () => {
    const acc = await account(FOLDERS);
    corpus.proxy.refuseBodyFetchOf([5], EXCHANGE, { connections: 10 });
    const { summary } = await runPass(acc);
    assert.deepEqual(
      summary.errors.map((e) => [e.code, e.mailbox, e.uid]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      FOLDERS.map((folder) => ['MESSAGE_UNREADABLE', folder, 5]),
    );
    for (const folder of FOLDERS) assert.equal((await localMessages(acc, folder)).length, 49, folder);
  });

  test('a big message, streamed in chunks, refused (Exchange BAD): it alone is skipped and told', async () => {
    const line = `${'y'.repeat(76)}\r\n`;
    const big = Buffer.from(`From: a@example.org\r\nSubject: big\r\nMessage-ID: <big@x>\r\n\r\n${line.repeat(70_000)}`);
    await createFolderWith(corpus.server, 'Big refusing', 2);
    await withClient(corpus.server, (client) => client.append('Big refusing', big));
    const acc = await account(['Big refusing']);
    corpus.proxy.refuseBodyFetchOf([3], EXCHANGE, { connections: 10 });
    const { summary } = await runPass(acc);
    assert.deepEqual(
      summary.errors.map((e) => [e.code, e.scope, e.mailbox, e.uid]),
      [['MESSAGE_UNREADABLE', 'message', 'Big refusing', 3]],
      JSON.stringify(summary.errors),
    );
    assert.match(summary.errors[0]!.message, /UID 3: Command Argument Error\. 11/);
    assert.equal((await localMessages(acc, 'Big refusing')).length, 2);
  });

  test('a NO with no body at all (Yahoo [SERVERBUG]) is asked in halves too', async () => {
    const acc = await account(['Refusing']);
    corpus.proxy.refuseBodyFetchOf([50], 'NO [SERVERBUG] UID FETCH Server error', {
      connections: 10,
    });
    const { summary } = await runPass(acc);
    assert.deepEqual(
      summary.errors.map((e) => [e.code, e.scope, e.uid]),
      [['MESSAGE_UNREADABLE', 'message', 50]],
      JSON.stringify(summary.errors.slice(0, 2)),
    );
    assert.equal((await localMessages(acc, 'Refusing')).length, 49);
  });

  test('every message refused, or every command (a bug of ours): the mailbox fails after a bounded number of FETCHes', async () => {
    const acc = await account(['Refusing']);
    corpus.proxy.refuseBodyFetchOf('all', EXCHANGE, { connections: 10 });
    const fetches = bodyFetchesFromNow();
    const { summary } = await runPass(acc);
    assert.deepEqual(
      summary.errors.map((e) => [e.code, e.scope, e.mailbox]),
      [['MAILBOX_FAILED', 'mailbox', 'Refusing']],
      JSON.stringify(summary.errors),
    );
    assert.match(summary.errors[0]!.message, /BAD Command Argument Error\. 11/);
    assert.equal(summary.exitCode, 1);
    assert.equal((await localMessages(acc, 'Refusing')).length, 0);
    // Depth first, it stops once 9 messages were refused alone with no body given: far fewer than
    // the 99 commands of every half down to each of the 50 messages.
    assert.ok(fetches().length <= 30, `${fetches().length} body FETCHes`);
  });
});
