// While the listing streams in, each wanted mailbox's state is read and the sessions the mailboxes
// call for are opened: the workers find them ready when the listing ends. A pass of small changes
// goes over one connection, its mailboxes pipelined; a download gets a session of its own (on a
// server across a network; on one on this machine only a big one does).
// Asserted as properties (connections at most so many, opened before the listing ended, no
// mailbox examined twice), not as today's exact sequence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { assertBackupOf } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { appendMessage, loadCorpus, testMessage } from '../support/server-mail.js';
import { waitUntil } from '../support/wait-until.js';

const corpus = useCorpusServer({ empty: true });

interface PassLog {
  connects: number;
  connectsBeforeListed: number;
  examined: string[];
}

/**
 * Counts connections and EXAMINEs. With `holdListingFor`, the listing's end is held back until that
 * many sessions are open (a generous wait; a pass that opens them only after the listing times out).
 * The test's Dovecot is on this machine; `remote` makes the sessions say it is not.
 */
function loggingConnector(log: PassLog, holdListingFor: number, remote: boolean): RemoteConnector {
  return async (config) => {
    log.connects += 1;
    const session = await connectImap(config);
    return {
      ...session,
      ...(remote ? { onThisMachine: false } : {}),
      list: async (onListed) => {
        const listed = await session.list(onListed);
        await waitUntil(
          () => log.connects >= holdListingFor,
          () => `only ${log.connects} of ${holdListingFor} sessions opened while listing`,
        );
        log.connectsBeforeListed = log.connects;
        return listed;
      },
      examine: (mailbox, ...rest) => {
        log.examined.push(mailbox.name);
        return session.examine(mailbox, ...rest);
      },
    };
  };
}

async function loggedPass(account: Parameters<typeof runPass>[0], holdListingFor = 0, remote = true) {
  const log: PassLog = { connects: 0, connectsBeforeListed: 0, examined: [] };
  const { summary } = await runPass(account, { connect: loggingConnector(log, holdListingFor, remote) });
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(
    new Set(log.examined).size,
    log.examined.length,
    `no mailbox examined twice: ${log.examined.join(', ')}`,
  );
  return { summary, log };
}

test('sessions are opened while listing as the mailboxes call for them; one carries all small changes', async () => {
  const message = (folder: string, i: number) => ({
    raw: testMessage(folder, i),
    flags: [],
    internalDate: new Date(1_700_000_000_000 + i * 1000),
  });
  const folders = ['Big', 'A', 'B', 'C'];
  await loadCorpus(corpus.server, {
    folders: folders.map((name) => ({ name, messages: [message(name, 0), message(name, 1)] })),
  });
  const account = await corpus.account({ concurrency: 3, patterns: folders });

  // A first pass downloads everything: download sessions opened before the listing ended (the
  // listing is held until there is one more than its own), never more than the account allows.
  const first = await loggedPass(account, 2);
  assert.ok(first.log.connectsBeforeListed >= 2);
  assert.ok(first.log.connects <= 3, `at most the account's 3 sessions, not ${first.log.connects}`);

  const quiet = await loggedPass(account);
  assert.equal(quiet.log.connects, 1, 'nothing to do: one connection');
  assert.deepEqual(quiet.log.examined, [], 'nothing to do: no mailbox examined');

  for (const name of folders) await appendMessage(corpus.server, name, testMessage(name, 5000));
  const small = await loggedPass(account);
  assert.equal(small.summary.added, 4);
  assert.equal(small.log.connects, 1, 'four mailboxes with an arrival each: one connection carries them');

  // More arrivals than come with an EXAMINE: Big needs a session of its own, the others share one.
  for (let i = 0; i < 20; i++) await appendMessage(corpus.server, 'Big', testMessage('Big', 6000 + i));
  for (const name of ['A', 'B']) await appendMessage(corpus.server, name, testMessage(name, 6000));
  const mixed = await loggedPass(account);
  assert.equal(mixed.summary.added, 22);
  assert.ok(
    mixed.log.connects <= 2,
    `one download and the small changes: at most two connections, not ${mixed.log.connects}`,
  );
  assert.equal(mixed.log.connectsBeforeListed, 2, 'the download session was opened while listing');

  // On this machine a connection saves no round trip: the same pass goes over one.
  for (let i = 0; i < 20; i++) await appendMessage(corpus.server, 'Big', testMessage('Big', 7000 + i));
  for (const name of ['A', 'B']) await appendMessage(corpus.server, name, testMessage(name, 7000));
  const local = await loggedPass(account, 0, false);
  assert.equal(local.summary.added, 22);
  assert.equal(local.log.connects, 1, 'a small download on a server on this machine: one connection');
  await assertBackupOf(corpus.server, account, { complete: true, folders });
});
