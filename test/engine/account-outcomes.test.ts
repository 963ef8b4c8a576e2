// What a pass reports about an account, against the private Dovecot: the connection states it
// goes through, a failed login among good accounts, a mailbox gone from the server, and the
// count shortcut that skips `UID SEARCH ALL` never missing an expunge.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { EngineEvent } from '../../src/engine/events.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import {
  appendMessage,
  createFolderWith,
  deleteFolder,
  expunge,
  serverMessages,
  testMessage,
} from '../support/server-mail.js';
import { runAccounts, runPass, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer();
let folderCount = 0;

const connectionStates = (events: EngineEvent[], account: string) =>
  events.flatMap((e) => (e.type === 'connection' && e.account === account ? [e.state] : []));

/** A new server folder with `n` messages. */
async function folderWith(n: number): Promise<string> {
  const folder = `Outcome${++folderCount}`;
  await createFolderWith(corpus.server, folder, n);
  return folder;
}

/** The real connector, counting sessions, STATUS commands and `UID SEARCH ALL`s. */
function counting(): { connect: RemoteConnector; sessions: number; statuses: number; searches: number } {
  const counts = {
    sessions: 0,
    statuses: 0,
    searches: 0,
    connect: async (account: Parameters<RemoteConnector>[0]) => {
      const session = await connectImap(account);
      counts.sessions += 1;
      return {
        ...session,
        status: (mailbox: Parameters<typeof session.status>[0]) => {
          counts.statuses += 1;
          return session.status(mailbox);
        },
        listUids: () => {
          counts.searches += 1;
          return session.listUids();
        },
      };
    },
  };
  return counts;
}

describe('account outcomes', () => {
  test('connection: connecting, connected, closed once each, whatever the pool of sessions does', async () => {
    const account = await corpus.account({ concurrency: 3 });
    const { summary, events } = await runPass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.deepEqual(connectionStates(events, 'test'), ['connecting', 'connected', 'closed']);
    const counted = counting();
    const rerun = await runPass(account, { connect: counted.connect });
    assert.deepEqual(connectionStates(rerun.events, 'test'), ['connecting', 'connected', 'closed']);
    assert.deepEqual(
      [counted.sessions, counted.statuses],
      [1, 0],
      'LIST-STATUS: one session, no STATUS, when nothing changed',
    );
  });

  test('a wrong password fails its account (exit 2, named in the summary); the other account syncs', async () => {
    const good = await corpus.account({ name: 'good', patterns: ['INBOX'] });
    const bad = await corpus.account({ name: 'bad', password: { kind: 'plain', password: 'not-the-password' } });
    const { summary, events } = await runAccounts([good, bad]);
    assert.equal(summary.exitCode, 2);
    assert.deepEqual(summary.mailboxesFailed, ['bad']);
    assert.deepEqual(
      summary.errors.map((e) => [e.account, e.code, e.scope]),
      [['bad', 'AUTH_FAILED', 'account']],
    );
    assert.ok(!summary.errors[0]!.message.includes('not-the-password'));
    assert.ok(summary.added > 0, 'the good account was backed up');
    assert.deepEqual(connectionStates(events, 'bad'), ['connecting', 'closed']);
    assert.ok(events.some((e) => e.type === 'account-done' && e.account === 'bad' && !e.ok));
    assert.ok(events.some((e) => e.type === 'account-done' && e.account === 'good' && e.ok));
  });

  test('a mailbox gone from the server is reported with its local count and kept, even mirrored with --allow-mass-delete', async () => {
    const folder = await folderWith(3);
    const account = await corpus.account({ patterns: ['INBOX', 'Outcome*'], deletions: 'mirror' });
    assert.equal((await runPass(account)).summary.exitCode, 0);
    const stored = await localMessages(account, folder);
    assert.equal(stored.length, 3);
    await deleteFolder(corpus.server, folder);

    for (const allowMassDelete of [false, true]) {
      const { summary, events } = await runPass(account, { allowMassDelete });
      assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
      const notices = events.filter((e) => e.type === 'notice' && e.mailbox === folder);
      assert.deepEqual(
        notices.map((e) => e.type === 'notice' && e.message),
        ['gone from the server; local copy kept (3 messages)'],
      );
      assert.deepEqual(await localMessages(account, folder), stored);
    }
    const excluded = await runPass({ ...account, patterns: ['INBOX', 'Outcome*', `!${folder}`] });
    assert.ok(
      !excluded.events.some((e) => e.type === 'notice' && e.mailbox === folder),
      'not reported once Patterns exclude it',
    );
  });

  test('a mailbox deleted while its subfolder stays (listed \\Noselect) is reported with its local count and kept', async () => {
    const folder = await folderWith(3);
    await createFolderWith(corpus.server, `${folder}/Sub`, 1);
    const account = await corpus.account({ patterns: ['INBOX', 'Outcome*'], deletions: 'mirror' });
    assert.equal((await runPass(account)).summary.exitCode, 0);
    const stored = await localMessages(account, folder);
    assert.equal(stored.length, 3);
    await deleteFolder(corpus.server, folder);

    const { summary, events } = await runPass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'notice' && e.mailbox === folder ? [e.message] : [])),
      ['no longer selectable on the server (deleted, its subfolders kept); local copy kept (3 messages)'],
    );
    assert.deepEqual(await localMessages(account, folder), stored);
    assert.equal((await localMessages(account, `${folder}/Sub`)).length, 1, 'the subfolder is still synced');
  });

  test('an empty mailbox gone from the server (a passing lock file listed by an mbox server): its empty folder is removed, told once', async () => {
    const folder = await folderWith(0);
    const account = await corpus.account({ patterns: ['INBOX', 'Outcome*'] });
    assert.equal((await runPass(account)).summary.exitCode, 0);
    const dir = join(account.localPath, folder);
    assert.ok(existsSync(join(dir, 'cur')), 'the empty mailbox got its folder');
    await deleteFolder(corpus.server, folder);
    const notices = async () =>
      (await runPass(account)).events.flatMap((e) => (e.type === 'notice' && e.mailbox === folder ? [e.message] : []));
    assert.deepEqual(await notices(), ['gone from the server; its local folder held nothing and is removed']);
    assert.equal(existsSync(dir), false);
    assert.deepEqual(await notices(), [], 'forgotten: not told again');
  });

  test('incremental (QRESYNC): arrivals, and an expunge hidden by an arrival, are mirrored without SEARCH ALL', async () => {
    const folder = await folderWith(4);
    const account = await corpus.account({ patterns: [folder], deletions: 'mirror' });
    await runPass(account);
    await appendMessage(corpus.server, folder, testMessage(folder, 10));
    const counted = counting();
    const arrivals = await runPass(account, { connect: counted.connect });
    assert.equal(arrivals.summary.added, 1);
    assert.equal(counted.searches, 0);
    await assertBackupOf(corpus.server, account, { complete: true, folders: [folder] });

    // Same count as before: one gone, one new.
    const [first] = await serverMessages(corpus.server, folder);
    await expunge(corpus.server, folder, first!.uid);
    await appendMessage(corpus.server, folder, testMessage(folder, 11));
    const swapped = await runPass(account, { connect: counted.connect });
    assert.equal(counted.searches, 0, 'the EXAMINE reported the expunge');
    assert.equal(swapped.summary.added, 1);
    assert.equal(swapped.summary.deleted, 1);
    await assertBackupOf(corpus.server, account, { complete: true, folders: [folder] });
  });
});
