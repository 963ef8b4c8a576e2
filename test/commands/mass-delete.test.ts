// `mailkeep sync --allow-mass-delete` from the command line to the engine, on a mirror (Expunge
// Near): without the flag a mailbox that lost more than half its messages keeps them (exit 1, the
// guard named on stderr); with it the loss is mirrored. A mailbox that vanished from the server is
// kept either way: the flag releases the per-mailbox guard, never a whole folder (README).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localMessages } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { createFolderWith, deleteFolder, expunge, serverMessages } from '../support/server-mail.js';
import { commandStateDir, runSyncCommand, writePlainRc } from '../support/sync-command.js';

const corpus = useCorpusServer({ empty: true });

test('--allow-mass-delete mirrors a mass loss; a vanished mailbox stays with or without it', async () => {
  await createFolderWith(corpus.server, 'Shrinks', 6);
  await createFolderWith(corpus.server, 'Vanishes', 3);
  const root = await corpus.newRoot();
  const rc = await writePlainRc(corpus.server, root, { expunge: 'Near', patterns: 'Shrinks Vanishes' });
  const account = corpus.plainAccount(root, corpus.server.imapPort, { stateDir: commandStateDir(root) });
  const sync = (...args: string[]) => runSyncCommand(root, ['-c', rc, ...args]);
  assert.equal((await sync()).code, 0);
  const vanished = await localMessages(account, 'Vanishes');
  assert.equal(vanished.length, 3);

  for (const m of (await serverMessages(corpus.server, 'Shrinks')).slice(0, 4))
    await expunge(corpus.server, 'Shrinks', m.uid);
  await deleteFolder(corpus.server, 'Vanishes');

  const guarded = await sync();
  assert.equal(guarded.code, 1, guarded.stderr);
  assert.match(guarded.stderr, /4 of 6 messages in Shrinks vanished .*--allow-mass-delete/);
  assert.equal((await localMessages(account, 'Shrinks')).length, 6, 'nothing deleted without the flag');

  const allowed = await sync('--allow-mass-delete');
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /Shrinks \+0 ~0 -4\b/);
  assert.deepEqual(
    (await localMessages(account, 'Shrinks')).map((m) => m.sha256).sort(),
    (await serverMessages(corpus.server, 'Shrinks')).map((m) => m.sha256).sort(),
    'the loss is mirrored',
  );
  assert.match(allowed.stderr, /Vanishes: gone from the server; local copy kept \(3 messages\)/);
  assert.deepEqual(await localMessages(account, 'Vanishes'), vanished, 'a vanished mailbox is kept even with the flag');
});
