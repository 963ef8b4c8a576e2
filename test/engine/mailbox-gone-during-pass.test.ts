// A mailbox deleted on the server between the listing and its EXAMINE (a folder removed in
// webmail while the pass runs; a server's passing lock file listed as a mailbox) costs nothing:
// the pass tells it and ends well. A mailbox the server refuses and still lists stays a failure
// (server-oddities-engine.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { assertBackupOf } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { createFolder, deleteFolder, loadCorpus, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

/** Runs `afterListing` once, when the first session's listing has come back. */
function connectorWith(afterListing: () => Promise<void>): RemoteConnector {
  let done = false;
  return async (config) => {
    const session = await connectImap(config);
    return {
      ...session,
      list: async (onListed, scope) => {
        const listed = await session.list(onListed, scope);
        if (!done) {
          done = true;
          await afterListing();
        }
        return listed;
      },
    };
  };
}

test('a mailbox deleted on the server during the pass is told, not failed', async () => {
  const message = (folder: string, i: number) => ({
    raw: testMessage(folder, i),
    flags: [],
    internalDate: new Date(1_700_000_000_000 + i * 1000),
  });
  await loadCorpus(corpus.server, {
    folders: ['A', 'B', 'C'].map((name) => ({ name, messages: [message(name, 0), message(name, 1)] })),
  });
  const account = await corpus.account({ patterns: ['A', 'B', 'C'] });

  const pass = await runPass(account, { connect: connectorWith(() => deleteFolder(corpus.server, 'B')) });
  assert.deepEqual(pass.summary.errors, []);
  assert.equal(pass.summary.exitCode, 0);
  assert.equal(pass.summary.added, 4, 'A and C synced');
  const notices = pass.events.flatMap((e) => (e.type === 'notice' && e.mailbox === 'B' ? [e.message] : []));
  assert.equal(notices.length, 1, JSON.stringify(notices));
  assert.match(notices[0]!, /gone from the server during the pass .*doesn't exist/);
  await assertBackupOf(corpus.server, account, { complete: true, folders: ['A', 'C'] });
});

test('stillListed matches the name as listed: wildcards, non-ASCII and spaces in it', async () => {
  for (const name of ['Café*', 'CaféX', 'Work & Play', 'a%b']) await createFolder(corpus.server, name);
  const account = await corpus.account();
  const session = await connectImap(account);
  try {
    const listed = await session.list();
    const byPath = (path: string) => listed.find((m) => m.path === path)!;
    for (const path of ['Café*', 'Work & Play', 'a%b', 'INBOX']) {
      assert.equal(await session.stillListed!(byPath(path)), true, `${path} is listed`);
    }
    // Café* as a pattern still matches CaféX: only the same name counts.
    const wildcard = byPath('Café*');
    await deleteFolder(corpus.server, 'Café*');
    assert.equal(await session.stillListed!(wildcard), false, 'Café* deleted, though CaféX matches its pattern');
    assert.equal(await session.stillListed!(byPath('CaféX')), true);
  } finally {
    await session.close();
  }
});
