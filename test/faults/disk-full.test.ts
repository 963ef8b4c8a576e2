// A full disk mid-sync (a small tmpfs mounted by the test; needs root): the sync stops cleanly
// with exit 1 and one line naming the path, nothing partial is visible, and after space is freed
// a rerun completes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertBackupOf } from '../support/backup-check.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { commandStateDir, runSyncCommand, writePlainRc } from '../support/sync-command.js';

const isRoot = process.getuid?.() === 0;
const corpus = useCorpusServer();
let root: string;
let mounted = false;

before(async () => {
  if (!isRoot) return;
  root = await mkdtemp(join(tmpdir(), 'mailkeep-full-'));
  await mkdir(join(root, 'mail'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', join(root, 'mail')]);
  mounted = true;
});

// Its own root, not corpus.newRoot(): unmounted before it is removed.
after(async () => {
  if (mounted) execFileSync('umount', [join(root, 'mail')]);
  if (root) await rm(root, { recursive: true, force: true });
});

async function sync(): Promise<{ code: number; stderr: string }> {
  return runSyncCommand(root, ['-c', await writePlainRc(corpus.server, root), '--quiet']);
}

test('full disk: clean stop naming the path, nothing partial, rerun completes after space is freed', {
  skip: isRoot ? false : 'needs root to mount a small tmpfs',
}, async () => {
  const full = await sync();
  assert.notEqual(full.code, 0, full.stderr);
  const lines = full.stderr.trim().split('\n').filter((l) => /space|full|ENOSPC/i.test(l));
  assert.ok(lines.length >= 1, full.stderr);
  assert.ok(lines.some((l) => l.includes(join(root, 'mail'))), `names the path: ${full.stderr}`);
  const account = corpus.plainAccount(root, corpus.server.imapPort, { stateDir: commandStateDir(root) });
  await assertBackupOf(corpus.server, account, { complete: false });

  execFileSync('mount', ['-o', 'remount,size=200m', join(root, 'mail')]);
  const rerun = await sync();
  assert.equal(rerun.code, 0, rerun.stderr);
  await assertBackupOf(corpus.server, account, { complete: true });
  assert.equal(full.code, 1, 'a full disk ends the sync with exit 1 (issue 8)');
});
