// MaxSize as mbsync 1.4 applies it: a message over the limit is left on the server unless it is
// flagged; a flagged one is copied whole ("To propagate the full message, it must be flagged").
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { filesUnder } from '../support/backup-check.js';
import { appendMessage, createFolder } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

const message = (subject: string, bytes: number) =>
  Buffer.from(
    `From: a@example.org\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@x>\r\n\r\n${'x'.repeat(bytes)}\r\n`,
  );

test('over MaxSize: a flagged message is stored whole, an unflagged one skipped', async () => {
  await appendMessage(corpus.server, 'INBOX', message('small', 100));
  await appendMessage(corpus.server, 'INBOX', message('big', 5000));
  await appendMessage(corpus.server, 'INBOX', message('big-flagged', 5000), { flags: ['\\Flagged'] });
  const account = await corpus.account({ maxMessageBytes: 1024 });
  const { summary } = await runPass(account);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  const files = await filesUnder(join(account.localPath, 'INBOX'));
  assert.equal(files.length, 2, files.join('\n'));
  assert.equal(files.filter((f) => /,FS?$|:2,F/.test(f)).length, 1, 'the flagged one is there, flag F');
});

test('MaxSize raised (or removed) after a pass: the messages left for their size are fetched, once', async () => {
  await createFolder(corpus.server, 'Sizes');
  await appendMessage(corpus.server, 'Sizes', message('small', 100));
  await appendMessage(corpus.server, 'Sizes', message('mid', 3000));
  await appendMessage(corpus.server, 'Sizes', message('big', 9000));
  const account = await corpus.account({ maxMessageBytes: 1024 });
  const sizes = join(account.localPath, 'Sizes');
  assert.equal((await runPass(account)).summary.exitCode, 0);
  assert.equal((await filesUnder(sizes)).length, 1);
  // Nothing changed on the server: with CONDSTORE the next pass would skip the mailbox.
  const raised = { ...account, maxMessageBytes: 5000 };
  assert.equal((await runPass(raised)).summary.exitCode, 0);
  assert.equal((await filesUnder(sizes)).length, 2, 'the message under the raised limit is fetched');
  const unlimited = { ...account, maxMessageBytes: null };
  assert.equal((await runPass(unlimited)).summary.exitCode, 0);
  assert.equal((await filesUnder(sizes)).length, 3, 'every message, once the limit is gone');
  const { summary } = await runPass(unlimited);
  assert.equal(summary.added, 0, 'nothing fetched twice');
  assert.equal((await filesUnder(sizes)).length, 3);
});
