// The two incremental paths against Dovecot: QRESYNC (vanished UIDs and changed flags come with
// the EXAMINE) and CONDSTORE alone (FETCH CHANGEDSINCE + UID SEARCH, as on Gmail). Both must leave
// a mirror equal to the server after flag changes, expunges and arrivals, and say which path ran.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { imapFlagsToMaildir } from '../../src/maildir/flags.js';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { runPass, useCorpusServer, type CorpusServer } from '../support/corpus-server.js';
import {
  addFlags,
  appendMessage,
  createFolderWith,
  expunge,
  removeFlags,
  serverMessages,
  testMessage,
} from '../support/server-mail.js';

// Dovecot 2.3's own capability list minus QRESYNC (CONDSTORE stays), as Gmail advertises.
const WITHOUT_QRESYNC =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ' +
  'CONDSTORE ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW ' +
  'STATUS=SIZE SAVEDATE LITERAL+';

const servers = { qresync: useCorpusServer(), condstore: useCorpusServer({ imapCapability: WITHOUT_QRESYNC }) };

interface Seen {
  withChanges: number;
  without: number;
  searches: number;
  /** UIDs of each later body FETCH. */
  bodyFetches?: number[][];
}

/** Counts how the examined mailboxes were answered (with QRESYNC changes or without), SEARCH ALLs and body FETCHes. */
function countingConnector(seen: Seen): RemoteConnector {
  return async (account) => {
    const session = await connectImap(account);
    return {
      ...session,
      examine: async (mailbox, resync, prefetch, onSent) => {
        const examined = await session.examine(mailbox, resync, prefetch, onSent);
        if (examined.changes !== undefined) seen.withChanges++;
        else seen.without++;
        return examined;
      },
      fetchBodies: async (uids, firstBytes) => {
        (seen.bodyFetches ??= []).push(uids);
        return session.fetchBodies(uids, firstBytes);
      },
      listUids: async () => {
        seen.searches++;
        return session.listUids();
      },
    };
  };
}

async function mutate(corpus: CorpusServer): Promise<void> {
  const [a, b, c, d] = await serverMessages(corpus.server, 'INBOX');
  await addFlags(corpus.server, 'INBOX', a!.uid, ['\\Flagged']);
  if (b!.flags.includes('\\Seen')) await removeFlags(corpus.server, 'INBOX', b!.uid, ['\\Seen']);
  else await addFlags(corpus.server, 'INBOX', b!.uid, ['\\Seen']);
  await expunge(corpus.server, 'INBOX', c!.uid);
  await expunge(corpus.server, 'INBOX', d!.uid);
  await appendMessage(
    corpus.server,
    'INBOX',
    Buffer.from('From: a@example.org\r\nSubject: late\r\nMessage-ID: <late-resync@x>\r\n\r\nlate\r\n'),
  );
  // Bigger than the first bytes fetched with an arrival's size: it must be fetched again, whole.
  const big = `From: a@example.org\r\nSubject: big late\r\nMessage-ID: <big-late-resync@x>\r\n\r\n${'0123456789abcdef'.repeat(96 * 1024).replace(/(.{76})/g, '$1\r\n')}\r\n`;
  await appendMessage(corpus.server, 'INBOX', Buffer.from(big));
}

async function localFlagsMatch(corpus: CorpusServer, account: AccountConfig): Promise<void> {
  const flags = new Map((await localMessages(account, 'INBOX')).map((m) => [m.uid, m.flags]));
  for (const m of await serverMessages(corpus.server, 'INBOX'))
    assert.equal(flags.get(m.uid), imapFlagsToMaildir(m.flags), `UID ${m.uid}`);
}

describe('incremental passes: QRESYNC and CONDSTORE-only', () => {
  for (const [kind, corpus] of Object.entries(servers)) {
    test(`${kind}: flag changes, expunges and an arrival mirrored; the ${kind} path is the one taken`, async () => {
      const account = await corpus.account({ deletions: 'mirror', patterns: ['INBOX'] });
      assert.equal((await runPass(account)).summary.exitCode, 0);
      await mutate(corpus);
      const seen: Seen = { withChanges: 0, without: 0, searches: 0 };
      const { summary } = await runPass(account, { connect: countingConnector(seen) });
      assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
      assert.deepEqual([summary.flagsUpdated, summary.deleted, summary.added], [2, 2, 2]);
      await assertBackupOf(corpus.server, account, { complete: true, folders: ['INBOX'] });
      await localFlagsMatch(corpus, account);
      const { bodyFetches, ...paths } = seen;
      // Properties, not today's sequence: the path taken, each mailbox examined at most twice (once
      // more when the pass was pipelined and the big arrival needs one of its own), no SEARCH ALL
      // over QRESYNC, and the arrivals' bytes fetched in the EXAMINE's round trip where they fit.
      if (kind === 'qresync') {
        assert.equal(paths.without, 0, 'every EXAMINE answered with the changes');
        assert.ok(paths.withChanges >= 1 && paths.withChanges <= 2, `examined at most twice, not ${paths.withChanges}`);
        assert.equal(paths.searches, 0, 'no UID SEARCH ALL over QRESYNC');
      } else {
        assert.deepEqual([paths.withChanges, paths.without], [0, 1], 'examined once, without QRESYNC changes');
        assert.ok(paths.searches <= 1, `at most one UID SEARCH ALL, not ${paths.searches}`);
      }
      const uids = (await serverMessages(corpus.server, 'INBOX')).map((m) => m.uid);
      const [small, big] = [uids.at(-2)!, uids.at(-1)!];
      const fetched = (bodyFetches ?? []).flat();
      assert.equal(new Set(fetched).size, fetched.length, `no body fetched twice: ${JSON.stringify(bodyFetches)}`);
      assert.ok(!fetched.includes(small), 'the small arrival came with the EXAMINE, not in a FETCH of its own');
      const onlyBig = (bodyFetches ?? []).length <= 1 && fetched.every((uid) => uid === big);
      assert.ok(onlyBig, `only the big arrival fetched again: ${JSON.stringify(bodyFetches)}`);
      const again = await runPass(account);
      assert.equal(again.summary.added + again.summary.flagsUpdated + again.summary.deleted, 0);
    });
  }

  test('condstore: arrivals alone skip SEARCH ALL; an expunge hidden by an arrival (same count) is found by it', async () => {
    const corpus = servers.condstore;
    const folder = 'Swapped';
    await createFolderWith(corpus.server, folder, 4);
    const account = await corpus.account({ patterns: [folder], deletions: 'mirror' });
    await runPass(account);
    await appendMessage(corpus.server, folder, testMessage(folder, 10));
    const seen = { withChanges: 0, without: 0, searches: 0 };
    const arrivals = await runPass(account, { connect: countingConnector(seen) });
    assert.equal(arrivals.summary.added, 1);
    assert.equal(seen.searches, 0);

    const [first] = await serverMessages(corpus.server, folder);
    await expunge(corpus.server, folder, first!.uid);
    await appendMessage(corpus.server, folder, testMessage(folder, 11));
    const swapped = await runPass(account, { connect: countingConnector(seen) });
    assert.equal(seen.searches, 1);
    assert.deepEqual([swapped.summary.added, swapped.summary.deleted], [1, 1]);
    await assertBackupOf(corpus.server, account, { complete: true, folders: [folder] });
  });
});
