// A full disk mid-sync (a small tmpfs mounted by the test; needs root): the sync stops cleanly
// with exit 1 and one line naming the path, nothing partial is visible, and after space is freed
// a rerun completes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertBackupOf } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { commandStateDir, runSyncCommand, writePlainRc } from '../support/sync-command.js';

const isRoot = process.getuid?.() === 0;
const corpus = useCorpusServer();
let disk: SmallDisk | undefined;
let root: string;

before(() => {
  if (!isRoot) return;
  disk = mountSmallDisk('256k');
  root = disk.root;
});

after(() => disk?.remove());

async function sync(): Promise<{ code: number; stderr: string }> {
  return runSyncCommand(root, ['-c', await writePlainRc(corpus.server, root), '--quiet']);
}

test(
  'full disk: clean stop naming the path, nothing partial, rerun completes after space is freed',
  {
    skip: isRoot ? false : 'needs root to mount a small tmpfs',
  },
  async () => {
    const full = await sync();
    assert.notEqual(full.code, 0, full.stderr);
    const lines = full.stderr
      .trim()
      .split('\n')
      .filter((l) => /space|full|ENOSPC/i.test(l));
    assert.ok(lines.length >= 1, full.stderr);
    assert.ok(
      lines.some((l) => l.includes(join(root, 'mail'))),
      `names the path: ${full.stderr}`,
    );
    const account = corpus.plainAccount(root, corpus.server.imapPort, { stateDir: commandStateDir(root) });
    await assertBackupOf(corpus.server, account, { complete: false });

    disk!.resize('200m');
    const rerun = await sync();
    assert.equal(rerun.code, 0, rerun.stderr);
    await assertBackupOf(corpus.server, account, { complete: true });
    assert.equal(full.code, 1, 'a full disk ends the sync with exit 1 (issue 8)');
  },
);
