// Bad local state: a corrupt or truncated state file, a Maildir edited by hand, a stale lock from
// a dead process, files a killed run left half-saved. Each is recovered without losing or
// doubling mail, and explained in one line.
import assert from 'node:assert/strict';
import { readdir, readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { LOCK_FILE } from '../../src/engine/account-lock.js';
import { mailboxStatePath } from '../../src/engine/mailbox-state.js';
import { assertBackupOf, localMessages } from '../support/backup-check.js';
import { syncOnce, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer();
const FOLDERS = ['INBOX', 'Sent Items'];

async function syncedAccount() {
  const account = corpus.plainAccount(await corpus.newRoot(), corpus.server.imapPort, { patterns: FOLDERS });
  assert.equal((await syncOnce(account)).summary.exitCode, 0);
  return account;
}

const notices = (events: Awaited<ReturnType<typeof syncOnce>>['events']) =>
  events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));

describe('bad local state is recovered without loss', () => {
  for (const [what, damage] of [
    ['corrupt', (file: string) => writeFile(file, '{"version":1,"mailbox":\u0000garbage')],
    ['truncated', (file: string) => truncate(file, 20)],
  ] as const) {
    test(`a ${what} state file: rerun stores nothing twice, says so in one line`, async () => {
      const account = await syncedAccount();
      const before = await localMessages(account, 'INBOX');
      await damage(mailboxStatePath(account.stateDir, 'INBOX'));
      const { summary, events } = await syncOnce(account);
      assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
      assert.equal(summary.added, 0, 'nothing downloaded again');
      assert.deepEqual(
        (await localMessages(account, 'INBOX')).map((m) => m.path),
        before.map((m) => m.path),
      );
      const said = notices(events).filter((n) => /state/i.test(n));
      assert.equal(said.length, 1, notices(events).join(' | '));
      assert.doesNotMatch(said[0]!, /\n/);
      await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS });
    });
  }

  test('a Maildir edited by hand: removed messages come back, a foreign file is kept, said in one line', async () => {
    const account = await syncedAccount();
    const stored = await localMessages(account, 'INBOX');
    await unlink(stored[0]!.path);
    await unlink(stored[5]!.path);
    const foreign = join(account.inboxPath, 'cur', 'hand-made.eml:2,S');
    await writeFile(foreign, 'From: me@example.org\r\nSubject: mine\r\n\r\nkeep me\r\n');
    const { summary, events } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.equal(summary.added, 2, 'only the two removed messages are downloaded again');
    assert.equal(await readFile(foreign, 'utf8'), 'From: me@example.org\r\nSubject: mine\r\n\r\nkeep me\r\n');
    assert.deepEqual(notices(events), ['2 messages missing locally; fetching them again']);
    await assertBackupOf(corpus.server, account, { complete: true, folders: FOLDERS });

    const again = await syncOnce(account);
    assert.equal(again.summary.added, 0);
    assert.deepEqual(notices(again.events), [], 'an untouched folder is skipped again');
  });

  test("an account's folder changed (setup wizard): the new folder is filled", async () => {
    const account = await syncedAccount();
    const moved = {
      ...account,
      localPath: join(account.localPath, '..', 'moved'),
      inboxPath: join(account.localPath, '..', 'moved', 'INBOX'),
    };
    const { summary } = await syncOnce(moved);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.ok(summary.added > 0);
    await assertBackupOf(corpus.server, moved, { complete: true, folders: FOLDERS });
  });

  test('a stale lock from a dead process is taken over with a one-line notice', async () => {
    const account = await syncedAccount();
    await writeFile(
      join(account.stateDir, LOCK_FILE),
      `${JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), account: 'test', startedAt: new Date(0).toISOString(), token: 'x' })}\n`,
    );
    const { summary, events } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const said = notices(events).filter((n) => /lock/i.test(n));
    assert.equal(said.length, 1);
    assert.doesNotMatch(said[0]!, /\n/);
    assert.ok(!(await readdir(account.stateDir)).includes(LOCK_FILE), 'lock released afterwards');
  });

  test("files a killed run left half-saved in the state dir are removed by the next run, no one else's", async () => {
    const account = await syncedAccount();
    const inbox = basename(mailboxStatePath(account.stateDir, 'INBOX'));
    const dead = await deadPid();
    // As replaceFile and the lock name them while they are written, before their rename.
    const left = [`.${inbox}.${dead}.3.tmp`, `.${LOCK_FILE}.${dead}.${randomUUID()}.tmp`];
    const running = `.${inbox}.${process.ppid}.1.tmp`;
    for (const name of [...left, running]) await writeFile(join(account.stateDir, name), '{"version":1,"mail');
    const { summary } = await syncOnce(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const now = await readdir(account.stateDir);
    assert.deepEqual(
      left.filter((name) => now.includes(name)),
      [],
      "the killed run's files are gone",
    );
    assert.ok(now.includes(running), "a live process's file is left to it");
  });
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}
