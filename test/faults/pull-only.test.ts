// Pull-only on every kind of pass: the fault proxy records every command mailkeep sends in a first
// pass, incremental passes (QRESYNC, CONDSTORE only, neither), a resync after the server renumbered
// a mailbox under a new UIDVALIDITY, and a first pass that adopts files another tool wrote. Only
// commands that cannot change the server may appear. The proxy takes COMPRESS=DEFLATE out of the
// capabilities, so every command stays readable to it (a COMPRESS command would fail the check).
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { mailboxLocalPath } from '../../src/maildir/mailbox-path.js';
import { assertBackupOf } from '../support/backup-check.js';
import { syncOnce, useCorpusServer } from '../support/corpus-server.js';
import {
  addFlags,
  appendMessage,
  expunge,
  renumberFolder,
  serverMessages,
  testMessage,
} from '../support/server-mail.js';

const corpus = useCorpusServer({ proxy: true });

/** Commands that read only; FETCH only of items that do not set \Seen. */
const READ_ONLY = new Set([
  'CAPABILITY',
  'NOOP',
  'LOGOUT',
  'LOGIN',
  'AUTHENTICATE',
  'ID',
  'ENABLE',
  'NAMESPACE',
  'LIST',
  'LSUB',
  'STATUS',
  'EXAMINE',
  'FETCH',
  'SEARCH',
]);
const SETS_SEEN = /\b(BODY|BINARY)\[|\bRFC822(?!\.(SIZE|HEADER)\b)\b/i;

/** Why a command could change the server, or null. */
function mayChangeServer(text: string): string | null {
  const name = /^\S+ (?:UID )?([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
  if (!READ_ONLY.has(name)) return `${name} is not a read-only command`;
  if (name === 'FETCH' && SETS_SEEN.test(text)) return 'a FETCH without PEEK sets \\Seen';
  return null;
}

test('the check itself: what changes a mailbox is caught', () => {
  for (const bad of [
    'a SELECT INBOX',
    'a STORE 1 +FLAGS (\\Seen)',
    'a UID STORE 1 +FLAGS (\\Seen)',
    'a EXPUNGE',
    'a UID EXPUNGE 1',
    'a COPY 1 X',
    'a UID MOVE 1 X',
    'a APPEND X {3}',
    'a CREATE X',
    'a DELETE X',
    'a RENAME X Y',
    'a UID FETCH 1 (BODY[])',
    'a FETCH 1 (RFC822)',
    'a FETCH 1 RFC822.TEXT',
    'a UID FETCH 1:* (BINARY[1])',
    'a COMPRESS DEFLATE',
    'a SUBSCRIBE X',
  ]) {
    assert.ok(mayChangeServer(bad), bad);
  }
  for (const ok of [
    'a EXAMINE "INBOX" (QRESYNC (1 2))',
    'a UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[])',
    'a UID FETCH 3 (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)] RFC822.SIZE)',
    'a UID SEARCH ALL',
    'a LIST "" "*" RETURN (STATUS (MESSAGES))',
  ]) {
    assert.equal(mayChangeServer(ok), null, ok);
  }
});

test('first, incremental (QRESYNC, CONDSTORE, neither), resync, adoption: read-only commands only', async () => {
  corpus.proxy.stripCapability('COMPRESS=DEFLATE', { connections: 1000 });
  const root = await corpus.newRoot();
  const account = corpus.plainAccount(root, corpus.proxy.port, { deletions: 'mirror' });
  const passes: string[] = [];
  const recorded = async (what: string, acct: AccountConfig, expect: RegExp) => {
    const from = corpus.proxy.commands.length;
    const { summary } = await syncOnce(acct);
    assert.notEqual(summary.exitCode, 2, `${what}: ${JSON.stringify(summary.errors)}`);
    const sent = corpus.proxy.commands.slice(from).map((c) => c.text.replace(/^(\S+ LOGIN) .*/is, '$1 …'));
    assert.ok(
      sent.some((text) => expect.test(text)),
      `${what}: the pass did its work (${expect}); sent:\n${sent.join('')}`,
    );
    for (const text of sent) assert.equal(mayChangeServer(text), null, `${what}: ${text}`);
    passes.push(`${what}: ${sent.length} commands`);
  };

  await recorded('first pass', account, /BODY\.PEEK\[\]/);
  const change = async (i: number) => {
    const [first, second] = await serverMessages(corpus.server, 'INBOX');
    await appendMessage(corpus.server, 'INBOX', testMessage('INBOX', 1000 + i));
    await addFlags(corpus.server, 'INBOX', first!.uid, ['\\Flagged']);
    await expunge(corpus.server, 'INBOX', second!.uid);
  };
  await change(1);
  await recorded('incremental, QRESYNC', account, /EXAMINE .*QRESYNC/);
  await change(2);
  corpus.proxy.stripCapability('QRESYNC', { connections: 1000 });
  await recorded('incremental, CONDSTORE', account, /CHANGEDSINCE/);
  await change(3);
  corpus.proxy.stripCapability('CONDSTORE', { connections: 1000 });
  await recorded('incremental, neither', account, /EXAMINE/);
  corpus.proxy.clearRules();
  corpus.proxy.stripCapability('COMPRESS=DEFLATE', { connections: 1000 });

  await renumberFolder(corpus.server, 'Sent Items', {
    drop: [1],
    arrivals: [testMessage('Sent', 1)],
    uidValidity: 777,
  });
  await recorded('resync after UIDVALIDITY', account, /MESSAGE-ID/i);
  await assertBackupOf(corpus.server, account, { complete: true, folders: ['INBOX'] });

  // Another tool's copies of INBOX (no UID in their names) under a new account: adopted by Message-ID.
  const other = corpus.plainAccount(await corpus.newRoot(), corpus.proxy.port, { patterns: ['INBOX'] });
  const from = join(mailboxLocalPath(account, 'INBOX', '/'), 'cur');
  const to = mailboxLocalPath(other, 'INBOX', '/');
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(to, sub), { recursive: true });
  for (const [i, name] of (await readdir(from)).entries())
    await copyFile(join(from, name), join(to, 'cur', `1700000000.M${i}P1.othertool:2,S`));
  await recorded('adoption', other, /MESSAGE-ID/i);
  assert.equal(passes.length, 6, passes.join('; '));
});
