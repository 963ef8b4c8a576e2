// A server without CONDSTORE, QRESYNC and LIST-STATUS (Dovecot told to advertise less): STATUS per
// mailbox, and every pass lists all UIDs and flags, so flag changes, arrivals and expunges still
// reach the backup.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectImap } from '../../src/engine/imap/connect.js';
import type { RemoteConnector } from '../../src/engine/remote.js';
import { imapFlagsToMaildir } from '../../src/maildir/flags.js';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import {
  addFlags,
  appendMessage,
  expunge,
  removeFlags,
  serverFolders,
  serverMessages,
} from '../support/server-mail.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';

// Dovecot 2.3's own list (`imap_capability` replaces it) minus CONDSTORE, QRESYNC and LIST-STATUS.
const CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ' +
  'ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+';

const corpus = useCorpusServer({ imapCapability: CAPABILITIES });

async function localFlags(account: Parameters<typeof localMessages>[0], folder: string): Promise<Map<number, string>> {
  return new Map((await localMessages(account, folder)).map((m) => [m.uid, m.flags]));
}

describe('sync without CONDSTORE / QRESYNC / LIST-STATUS', () => {
  test('flags, arrivals and expunges are all mirrored; an unchanged rerun changes nothing', async () => {
    const account = await corpus.account({ deletions: 'mirror', patterns: ['INBOX'] });
    const first = await runPass(account);
    assert.equal(first.summary.exitCode, 0, JSON.stringify(first.summary.errors));
    await assertBackupOf(corpus.server, account, { complete: true, folders: ['INBOX'] });

    const [a, b, c] = await serverMessages(corpus.server, 'INBOX');
    await addFlags(corpus.server, 'INBOX', a!.uid, ['\\Flagged', '\\Answered']);
    if (b!.flags.includes('\\Seen')) await removeFlags(corpus.server, 'INBOX', b!.uid, ['\\Seen']);
    else await addFlags(corpus.server, 'INBOX', b!.uid, ['\\Seen']);
    await expunge(corpus.server, 'INBOX', c!.uid);
    await appendMessage(
      corpus.server,
      'INBOX',
      Buffer.from('From: a@example.org\r\nSubject: late\r\nMessage-ID: <late@x>\r\n\r\nlate\r\n'),
    );

    const second = await runPass(account);
    assert.equal(second.summary.exitCode, 0, JSON.stringify(second.summary.errors));
    assert.equal(second.summary.flagsUpdated, 2);
    assert.equal(second.summary.deleted, 1);
    assert.equal(second.summary.added, 1);
    await assertBackupOf(corpus.server, account, { complete: true, folders: ['INBOX'] });
    const flags = await localFlags(account, 'INBOX');
    for (const m of await serverMessages(corpus.server, 'INBOX'))
      assert.equal(flags.get(m.uid), imapFlagsToMaildir(m.flags), `UID ${m.uid}`);

    const third = await runPass(account);
    assert.equal(third.summary.added + third.summary.flagsUpdated + third.summary.deleted, 0);
  });

  test('every folder is backed up through per-mailbox STATUS', async () => {
    const seen = { condstore: [] as boolean[], statusListed: 0 };
    const connect: RemoteConnector = async (account) => {
      const session = await connectImap(account);
      return {
        ...session,
        list: async () => {
          const listed = await session.list();
          seen.statusListed += listed.filter((m) => m.status !== undefined).length;
          return listed;
        },
        examine: async (mailbox) => {
          const examined = await session.examine(mailbox);
          seen.condstore.push(examined.condstore);
          return examined;
        },
      };
    };
    const account = await corpus.account();
    const { summary } = await runPass(account, { connect });
    assert.equal(seen.statusListed, 0, 'no LIST-STATUS');
    assert.ok(seen.condstore.length > 0 && seen.condstore.every((c) => !c), 'no CONDSTORE');
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    await assertBackupOf(corpus.server, account, { complete: true, folders: await serverFolders(corpus.server) });
  });
});
