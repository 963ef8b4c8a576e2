// A session serves the next mailbox as soon as the previous one needs only local work (writing,
// fsyncs, its state): with one connection, the second mailbox is examined before the first is
// done, and both end up complete.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { assertBackupOf } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, createFolderWith, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

test('one connection: the next mailbox is examined while the previous one is still writing', async () => {
  await createFolderWith(corpus.server, 'Many', 1);
  await createFolderWith(corpus.server, 'Few', 1);
  const account = await corpus.account({ concurrency: 1, patterns: ['Many', 'Few'] });
  assert.equal((await runPass(account)).summary.exitCode, 0);
  // Many's arrivals make a long local tail: each file is written and fsynced after the fetch.
  for (let i = 1; i <= 30; i++) await appendMessage(corpus.server, 'Many', testMessage('Many', i));
  await appendMessage(corpus.server, 'Few', testMessage('Few', 1));

  const timeline: string[] = [];
  const connect: RemoteConnector = async (config) => {
    const session = await connectImap(config);
    return {
      ...session,
      examine: (mailbox, resync, prefetch) => {
        timeline.push(`examine ${mailbox.name}`);
        return session.examine(mailbox, resync, prefetch);
      },
    };
  };
  const { summary } = await runPass(account, { connect }, (event) => {
    if (event.type === 'mailbox-done') timeline.push(`done ${event.mailbox}`);
  });
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.added, 31);
  const [first, second] = timeline
    .filter((entry) => entry.startsWith('examine'))
    .map((entry) => entry.slice('examine '.length));
  assert.ok(timeline.indexOf(`examine ${second}`) < timeline.indexOf(`done ${first}`), timeline.join(', '));
  await assertBackupOf(corpus.server, account, { complete: true, folders: ['Many', 'Few'] });
});
