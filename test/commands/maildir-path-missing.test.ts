// A Maildir path whose parent exists but cannot hold it: a symbolic link to a disk that is not
// mounted, or a place under /proc. Node's own `mkdir -p` spins there forever at full CPU; the sync
// stops the account at once with one line naming the link, and exits 2.
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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
