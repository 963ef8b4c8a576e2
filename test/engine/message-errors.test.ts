// An oddity in one message costs that message: a message the server cannot give (scope 'message',
// here gone before or while it is streamed) is skipped and reported with its mailbox and UID; the
// rest of the mailbox is stored, without a reconnect, and the next pass fetches what was skipped.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SyncError } from '../../src/engine/errors.js';
import { FETCH_LIMITS } from '../../src/engine/fetch-batches.js';
import { connectImap } from '../../src/engine/imap-session.js';
import { mailboxLocalPath } from '../../src/maildir/mailbox-path.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { createFolderWith } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

// Every message is streamed, as big ones are.
const streamAbove = FETCH_LIMITS.streamAbove;
before(() => {
  FETCH_LIMITS.streamAbove = 0;
});
after(() => {
  FETCH_LIMITS.streamAbove = streamAbove;
});

/** UID 2 is gone when its stream starts; UID 4 vanishes after its first chunk. */
const failing: RemoteConnector = async (config) => {
  const session = await connectImap(config);
  return {
    ...session,
    async streamBody(uid) {
      if (uid === 2)
        throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} is gone from the server`);
      const streamed = await session.streamBody(uid);
      if (uid !== 4) return streamed;
      async function* cutShort(): AsyncGenerator<Buffer> {
        for await (const chunk of streamed.body as AsyncIterable<Buffer>) yield chunk;
        throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} vanished while downloading`);
      }
      return { ...streamed, body: cutShort() };
    },
  };
};

test('a message-scope error skips that message only; the mailbox goes on and the next pass fetches it', async () => {
  await createFolderWith(corpus.server, 'Box', 5);
  const account = await corpus.account({ patterns: ['Box'], concurrency: 1 });

  const { summary, events } = await runPass(account, { connect: failing, backoffBaseMs: 1 });
  const skipped = summary.errors.map((e) => [e.code, e.scope, e.mailbox, e.uid]);
  assert.deepEqual(skipped, [
    ['MESSAGE_GONE', 'message', 'Box', 2],
    ['MESSAGE_GONE', 'message', 'Box', 4],
  ]);
  assert.deepEqual(summary.mailboxesFailed, []);
  assert.equal(summary.added, 3);
  assert.equal(events.filter((e) => e.type === 'paused').length, 0, 'the mailbox was not retried');
  assert.equal(events.filter((e) => e.type === 'connection' && e.state === 'reconnecting').length, 0);
  assert.deepEqual((await localMessages(account, 'Box')).map((m) => m.uid).sort(), [1, 3, 5]);
  assert.deepEqual(await readdir(join(mailboxLocalPath(account, 'Box', '/'), 'tmp')), [], 'no partial file is left');

  const again = await runPass(account);
  assert.equal(again.summary.exitCode, 0, JSON.stringify(again.summary.errors));
  assert.equal(again.summary.added, 2);
  await assertBackupOf(corpus.server, account, { complete: true, folders: ['Box'] });
});
