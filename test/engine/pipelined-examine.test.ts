// Pipelined passes: an incremental pass whose EXAMINE (QRESYNC) and arrivals' FETCH tell it all
// lets its session send the next mailbox's commands right behind them, without waiting for the
// answers. When the answers say otherwise (mail that STATUS did not announce), the mailbox is
// queued again and synced on a session of its own: nothing is missed or fetched twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector, RemoteSession } from '../../src/engine/remote.js';
import { assertBackupOf } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { addFlags, appendMessage, createFolderWith, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });

/** A connector whose sessions log when each EXAMINE is sent and answered, and may act before one. */
function loggingConnector(timeline: string[], beforeExamine?: (mailbox: string) => Promise<void>): RemoteConnector {
  return async (config) => {
    const session = await connectImap(config);
    const logged: RemoteSession = {
      ...session,
      examine: async (mailbox, resync, prefetch, onSent) => {
        await beforeExamine?.(mailbox.name);
        timeline.push(`examine ${mailbox.name}`);
        const examined = await session.examine(mailbox, resync, prefetch, () => {
          timeline.push(`sent ${mailbox.name}`);
          onSent?.();
        });
        timeline.push(`answered ${mailbox.name}`);
        return examined;
      },
    };
    return logged;
  };
}

test('one connection: the next mailbox is examined before the previous EXAMINE is answered', async () => {
  const folders = ['One', 'Two', 'Three'];
  for (const name of folders) await createFolderWith(corpus.server, name, 2);
  const account = await corpus.account({ concurrency: 1, patterns: folders });
  assert.equal((await runPass(account)).summary.exitCode, 0);
  for (const name of folders) {
    await appendMessage(corpus.server, name, testMessage(name, 10));
    await addFlags(corpus.server, name, 1, ['\\Flagged']);
  }

  const timeline: string[] = [];
  const { summary } = await runPass(account, { connect: loggingConnector(timeline) });
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.added, 3);
  assert.equal(summary.flagsUpdated, 3);
  const examined = timeline
    .filter((entry) => entry.startsWith('examine '))
    .map((entry) => entry.slice('examine '.length));
  assert.deepEqual([...examined].sort(), [...folders].sort(), 'each mailbox examined once');
  const [first, second] = examined;
  assert.ok(timeline.indexOf(`examine ${second}`) < timeline.indexOf(`answered ${first}`), timeline.join(', '));
  await assertBackupOf(corpus.server, account, { complete: true, folders });
});

test('mail that STATUS did not announce: the mailbox is synced again on its own session, nothing missed', async () => {
  const folders = ['Stale', 'Other'];
  for (const name of folders) await createFolderWith(corpus.server, name, 2);
  const account = await corpus.account({ concurrency: 1, patterns: folders });
  assert.equal((await runPass(account)).summary.exitCode, 0);
  for (const name of folders) await appendMessage(corpus.server, name, testMessage(name, 20));

  // After the listing (and its STATUS), before the first EXAMINE of Stale: one more arrives.
  let appended = false;
  const timeline: string[] = [];
  const connect = loggingConnector(timeline, async (mailbox) => {
    if (mailbox !== 'Stale' || appended) return;
    appended = true;
    await appendMessage(corpus.server, 'Stale', testMessage('Stale', 21));
  });
  const { summary } = await runPass(account, { connect });
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  assert.equal(summary.added, 3, 'both of Stale and the one of Other, each once');
  assert.equal(timeline.filter((entry) => entry === 'examine Stale').length, 2, timeline.join(', '));
  assert.equal(timeline.filter((entry) => entry === 'sent Stale').length, 2);
  await assertBackupOf(corpus.server, account, { complete: true, folders });
});
