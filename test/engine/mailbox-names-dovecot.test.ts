// Mailbox names that need care on the wire, against Dovecot: brackets (sent as atoms), quotes
// and backslashes (quoted), `&` and non-ASCII (modified UTF-7), spaces, and a STARTTLS session.
// Each folder must arrive whole under its UTF-8 name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localMessages } from '../support/backup-check.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';
import { createFolderWith, serverFolders } from '../support/server-mail.js';

const corpus = useCorpusServer({ empty: true });
const NAMES = ['Foo[Bar', 'Foo]Bar', 'Say "hi"', 'Back\\slash', 'R&D', 'Ünïcödé 台北', 'With  two spaces', 'Emoji 📬'];

describe('awkward mailbox names', () => {
  test('every folder arrives whole under its UTF-8 name, over IMAPS and over STARTTLS', async () => {
    for (const name of NAMES) await createFolderWith(corpus.server, name, 2);
    const onServer = await serverFolders(corpus.server);
    // Dovecot may refuse a name (e.g. a backslash); only those it holds are expected back.
    const expected = NAMES.filter((name) => onServer.includes(name));
    assert.ok(expected.length >= NAMES.length - 1, `Dovecot took ${JSON.stringify(expected)}`);
    for (const tls of ['imaps', 'starttls'] as const) {
      const account = await corpus.account(tls === 'starttls' ? { tls, port: corpus.server.imapPort } : {});
      const { summary } = await runPass(account);
      assert.equal(summary.exitCode, 0, `${tls}: ${JSON.stringify(summary.errors)}`);
      for (const name of expected) {
        const local = await localMessages(account, name);
        assert.equal(local.length, 2, `${tls}: ${name}`);
      }
    }
  });
});
