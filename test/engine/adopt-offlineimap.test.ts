// Taking over a Maildir that OfflineIMAP (Debian offlineimap3) wrote, against the private Dovecot:
// its folders are flat with '.' and named in modified UTF-7 (Archive.Z&APw-rich), its files carry
// its own `,U=` and `,FMD5=`; there is no mbsync state. mailkeep keeps writing into those folders,
// adopts each file by Message-ID and size, downloads only what OfflineIMAP did not store as the
// server sends it (it rewrites some broken messages), and touches none of its files.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { serverForm } from '../../src/maildir/server-form.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { serverFolders, serverMessages } from '../support/server-mail.js';
import { ensureProgram } from '../support/system-packages.js';

const corpus = useCorpusServer();

/** Every message file under `tree`: path relative to it → its bytes. */
async function messageFiles(tree: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(tree, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !['cur', 'new'].includes(basename(entry.parentPath))) continue;
    const file = join(entry.parentPath, entry.name);
    files.set(relative(tree, file), await readFile(file));
  }
  return files;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function runOfflineImap(root: string, tree: string): Promise<void> {
  const { server } = corpus;
  const rc = join(root, 'offlineimaprc');
  await writeFile(
    rc,
    [
      '[general]',
      'accounts = test',
      `metadata = ${join(root, 'offlineimap-state')}`,
      '[Account test]',
      'localrepository = local',
      'remoterepository = remote',
      '[Repository local]',
      'type = Maildir',
      `localfolders = ${tree}`,
      '[Repository remote]',
      'type = IMAP',
      'remotehost = localhost', // OfflineIMAP matches the certificate by DNS name only
      `remoteport = ${server.imapsPort}`,
      'ssl = yes',
      `sslcacertfile = ${server.caFile}`,
      `remoteuser = ${server.user.user}`,
      `remotepass = ${server.user.password}`,
      'readonly = True',
      '',
    ].join('\n'),
  );
  const program = ensureProgram('offlineimap', 'offlineimap3');
  await promisify(execFile)(program, ['-c', rc, '-o', '-u', 'basic'], { env: { ...process.env, HOME: root } }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`offlineimap failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-2000));
    },
  );
}

test('a Maildir OfflineIMAP wrote is adopted by Message-ID and size; only what it altered is downloaded', async () => {
  const root = await corpus.newRoot();
  const tree = join(root, 'offlineimap-mail');
  await runOfflineImap(root, tree);
  const byOfflineImap = await messageFiles(tree);
  const onServer: string[] = [];
  for (const folder of await serverFolders(corpus.server))
    for (const m of await serverMessages(corpus.server, folder)) onServer.push(m.sha256);
  const asServerSends = new Set([...byOfflineImap.values()].map((bytes) => sha256(serverForm(bytes))));
  const altered = onServer.filter((digest) => !asServerSends.has(digest)).length;
  assert.ok(byOfflineImap.size > 20, 'OfflineIMAP stored the corpus');
  assert.ok(altered < byOfflineImap.size / 4, `OfflineIMAP stored most messages as sent (${altered} not)`);

  const account = { ...(await corpus.account()), localPath: tree, inboxPath: join(tree, 'INBOX'), flatten: '.' };
  const first = await runAccounts([account]);
  assert.equal(first.summary.exitCode, 0, JSON.stringify(first.summary.errors));
  assert.equal(first.summary.added, altered, 'only the messages OfflineIMAP did not store as sent are downloaded');
  const notices = first.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
  assert.ok(
    notices.some((n) => /^\d+ messages adopted by Message-ID and size, \d+ to download$/.test(n)),
    notices.join('\n'),
  );
  assert.ok(!notices.some((n) => /mbsync/.test(n)), 'a tree without mbsync state is not said to lack one');

  const after = await messageFiles(tree);
  for (const [file, bytes] of byOfflineImap) assert.deepEqual(after.get(file), bytes, `${file} is kept as it was`);
  assert.equal(after.size, byOfflineImap.size + altered, 'no folder started anew beside OfflineIMAP’s');
  const stored = new Set([...after.values()].map((bytes) => sha256(serverForm(bytes))));
  assert.deepEqual(
    onServer.filter((digest) => !stored.has(digest)),
    [],
    'every server message is held as the server sends it',
  );

  const second = await runAccounts([account]);
  assert.deepEqual([second.summary.added, second.summary.bytes], [0, 0], 'a second run downloads nothing');
});
