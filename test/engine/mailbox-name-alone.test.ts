// A server name its folder cannot take (under Flatten ".", a name holding "."; mbsync refuses it
// too) costs that mailbox alone: the account's other mailboxes are synced, the pass ends 1, not 2.
// Over LIST-STATUS the mailboxes are planned before any is synced, where it failed the account.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { createFolderWith } from '../support/server-mail.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer();

test('a mailbox name the Flatten delimiter cannot take fails alone; the others are synced', async () => {
  await createFolderWith(corpus.server, 'Dotted.Name', 2);
  const account = await corpus.account({ flatten: '.', patterns: ['*'] });
  const { summary } = await runPass(account);
  assert.equal(summary.exitCode, 1, JSON.stringify(summary.errors));
  assert.deepEqual(
    summary.errors.map((e) => [e.code, e.mailbox]),
    [['MAILBOX_NAME', 'Dotted.Name']],
  );
  assert.match(summary.errors[0]!.message, /leave it out with the pattern "!Dotted\.Name"\)$/);
  assert.ok(summary.added > 0, 'the other mailboxes are synced');
  const folders = await readdir(account.localPath);
  assert.ok(folders.includes('Archive.2024') && folders.includes('INBOX'), folders.join(', '));
});
