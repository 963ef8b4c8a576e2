// While the listing streams in, each wanted mailbox's state is read and the sessions the mailboxes
// call for are opened: the workers find them ready when the listing ends. A pass of small changes
// goes over one connection, its mailboxes pipelined; a download gets a session of its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { assertBackupOf } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, loadCorpus, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

/** Logs each connect and the end of each listing, which it holds back a little (time to open sessions). */
function loggingConnector(log: string[]): RemoteConnector {
  return async (config) => {
    log.push('connect');
    const session = await connectImap(config);
    return {
      ...session,
      list: async (onListed) => {
        const listed = await session.list(onListed);
        await new Promise((resolve) => setTimeout(resolve, 100));
        log.push('listed');
        return listed;
      },
    };
  };
}

test('sessions are opened while listing as the mailboxes call for them; one carries all small changes', async () => {
  const message = (folder: string, i: number) => ({ raw: testMessage(folder, i), flags: [], internalDate: new Date(1_700_000_000_000 + i * 1000) });
  const folders = ['Big', 'A', 'B', 'C'];
  await loadCorpus(corpus.server, { folders: folders.map((name) => ({ name, messages: [message(name, 0), message(name, 1)] })) });
  const account = await corpus.account({ concurrency: 3, patterns: folders });

  const first: string[] = [];
  const initial = await runPass(account, { connect: loggingConnector(first) });
  assert.equal(initial.summary.exitCode, 0, JSON.stringify(initial.summary.errors));
  assert.deepEqual(first, ['connect', 'connect', 'connect', 'listed'], 'a first pass downloads everything: the account\'s three sessions, opened before the listing ended');

  const quiet: string[] = [];
  assert.equal((await runPass(account, { connect: loggingConnector(quiet) })).summary.exitCode, 0);
  assert.deepEqual(quiet, ['connect', 'listed'], 'nothing to do: one connection');

  for (const name of folders) await appendMessage(corpus.server, name, testMessage(name, 5000));
  const small: string[] = [];
  const smallPass = await runPass(account, { connect: loggingConnector(small) });
  assert.equal(smallPass.summary.added, 4);
  assert.deepEqual(small, ['connect', 'listed'], 'four mailboxes with an arrival each: one connection carries them');

  // More arrivals than come with an EXAMINE: Big needs a session of its own, the others share one.
  for (let i = 0; i < 20; i++) await appendMessage(corpus.server, 'Big', testMessage('Big', 6000 + i));
  for (const name of ['A', 'B']) await appendMessage(corpus.server, name, testMessage(name, 6000));
  const mixed: string[] = [];
  const { summary } = await runPass(account, { connect: loggingConnector(mixed) });
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.added, 22);
  assert.deepEqual(mixed, ['connect', 'connect', 'listed']);
  await assertBackupOf(corpus.server, account, { complete: true, folders });
});
