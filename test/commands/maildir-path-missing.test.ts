// A Maildir path whose parent exists but cannot hold it: a symbolic link to a disk that is not
// mounted, or a place under /proc (where Node's own `mkdir -p` spins forever at full CPU); the
// sync stops the account at once with one line naming the link or the path, and exits 2. And a backed-up Maildir
// that is missing or empty (a disk not mounted at its mount point) is not downloaded again into
// that place: the account stops before it connects, saying how to start over.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { appendMessage, testMessage } from '../support/server-mail.js';
import { runSyncCommand } from '../support/sync-command.js';

let server: DovecotServer;
let root: string;

before(async () => {
  server = await startDovecot();
  root = await mkdtemp(join(tmpdir(), 'mailkeep-path-missing-'));
  for (let i = 0; i < 2; i++) await appendMessage(server, 'INBOX', testMessage('INBOX', i));
});

after(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function syncInto(name: string, path: string) {
  const rc = join(root, `${name}.mbsyncrc`);
  await writeFile(rc, mbsyncrc([dovecotAccount(server, { name, path })]));
  const run = await runSyncCommand(root, ['-c', rc]);
  // Besides the config's own notices (a password in the file).
  return { ...run, errors: run.stderr.split('\n').filter((line) => line && !/\.mbsyncrc:\d+:/.test(line)) };
}

test('a Maildir path through a symbolic link to a missing directory: one line naming the link, exit 2', async () => {
  const link = join(root, 'backup-disk');
  await symlink(join(root, 'not-mounted'), link);
  const { code, stderr, errors } = await syncInto('unmounted', join(link, 'Mail'));
  assert.equal(code, 2, stderr);
  assert.equal(errors.length, 1, stderr);
  assert.match(errors[0]!, /backup-disk is a symbolic link to a missing directory/);
});

test('a Maildir path under /proc: one line naming it, exit 2', async () => {
  const { code, stderr, errors } = await syncInto('procfs', '/proc/mailkeep-nowhere/Mail');
  assert.equal(code, 2, stderr);
  assert.equal(errors.length, 1, stderr);
  assert.match(errors[0]!, /cannot create \/proc\/mailkeep-nowhere\/Mail.* \(ENOENT\)/);
});

test('a backed-up Maildir that is missing or empty: the account stops before it connects, saying how to start over', async () => {
  const path = join(root, 'disk', 'Mail');
  const first = await syncInto('moved', path);
  assert.equal(first.code, 0, first.stderr);
  await rename(path, `${path}.away`);
  const missing = await syncInto('moved', path);
  assert.equal(missing.code, 2, missing.stderr);
  assert.equal(missing.errors.length, 1, missing.stderr);
  assert.match(
    missing.errors[0]!,
    /the Maildir \S+\/Mail is missing \(1 mailbox was backed up there\): is its disk mounted\? To download everything again, remove \S+moved$/,
  );
  // An empty mount point is no better: nothing is downloaded into it either.
  await mkdir(path);
  const empty = await syncInto('moved', path);
  assert.equal(empty.code, 2, empty.stderr);
  assert.match(empty.errors[0]!, /Mail is empty \(1 mailbox was backed up there\)/);
  assert.deepEqual(await readdir(path), []);
  // Mounted again: the pass goes on where it was, nothing downloaded twice.
  await rm(path, { recursive: true });
  await rename(`${path}.away`, path);
  const back = await syncInto('moved', path);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /\+0 /);
});
