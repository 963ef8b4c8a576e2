// `mailkeep restore` into a real Dovecot whose quota plugin limits the account's storage (and the
// size of one message). A full account refuses every APPEND the same way (`NO [OVERQUOTA] Quota
// exceeded (mailbox for user is full)`): restore stops at the first such refusal with one line,
// and a rerun once space is freed restores the rest, nothing twice. A message over the server's
// size limit (`NO [LIMIT] Mail size is larger than ...`) costs that message only. Dovecot refuses a
// message bigger than the whole quota in the same words as a full account: with imap_quota loaded
// (QUOTA, GETQUOTAROOT) its numbers tell the two apart, and such a message costs itself only.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCommandLine } from '../../src/cli-args.js';
import { runRestoreCommand } from '../../src/commands/restore.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { appendMessage, expunge, serverFolders, withClient } from '../support/server-mail.js';
import { captureOutput, homeEnv } from '../support/sync-command.js';

let server: DovecotServer;
/** The same quota, and QUOTA offered (imap_quota): GETQUOTAROOT tells what the account allows and uses. */
let counting: DovecotServer;
let root: string;
let rc: string;
/** The backup restored into each account (named as in the rc: `full` on server, `counted` on counting). */
const tree = (account = 'full') => join(root, `backup-${account}`);

before(async () => {
  [server, counting] = await Promise.all([
    startDovecot({ quotaStorage: '200k', maxMailSize: '50k' }),
    startDovecot({ quotaStorage: '200k', quotaCommands: true }),
  ]);
  root = await mkdtemp(join(tmpdir(), 'mailkeep-restore-quota-'));
  rc = join(root, 'mbsyncrc');
  const accounts = [
    dovecotAccount(server, { name: 'full', path: join(root, 'full') }),
    dovecotAccount(counting, { name: 'counted', path: join(root, 'counted') }),
  ];
  await writeFile(rc, mbsyncrc(accounts));
});

after(async () => {
  await Promise.all([server?.stop(), counting?.stop()]);
  if (root) await rm(root, { recursive: true, force: true });
});

const message = (id: string, bytes: number) =>
  Buffer.from(`From: a@example.org\r\nMessage-ID: <${id}@x>\r\nSubject: ${id}\r\n\r\n${'x'.repeat(bytes)}\r\n`);

async function put(folder: string, name: string, data: Buffer, account = 'full'): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(tree(account), folder, sub), { recursive: true });
  const file = join(tree(account), folder, 'cur', name);
  await writeFile(file, data);
  await utimes(file, new Date('2022-01-02T03:04:05Z'), new Date('2022-01-02T03:04:05Z'));
}

async function restore(account = 'full'): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = parseCommandLine(['restore', '-c', rc, tree(account), '--to', account]);
  if (command.kind !== 'restore') throw new Error('not a restore command line');
  return captureOutput((out) => runRestoreCommand(command, { ...out, home: root, env: homeEnv(root) }));
}

/** Every Message-ID on the server by folder, sorted (a duplicate shows twice). */
async function idsOnServer(on = server): Promise<Map<string, string[]>> {
  return withClient(on, async (client) => {
    const byFolder = new Map<string, string[]>();
    for (const box of await client.list()) {
      const lock = await client.getMailboxLock(box.path, { readOnly: true });
      try {
        const ids: string[] = [];
        if (client.mailbox !== false && client.mailbox.exists > 0)
          for await (const m of client.fetch('1:*', { envelope: true })) ids.push(m.envelope?.messageId ?? '');
        byFolder.set(box.path, ids.sort());
      } finally {
        lock.release();
      }
    }
    return byFolder;
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

test('a full account stops the restore at the first quota refusal with one line; after space is freed a rerun restores the rest, nothing twice', async () => {
  // 129,000 of the 204,800 bytes the account may hold: about seven of the backup's 10 kB messages fit.
  for (let i = 1; i <= 3; i++) await appendMessage(server, 'INBOX', message(`filler-${i}`, 43_000));
  for (let i = 1; i <= 6; i++) await put('INBOX', `${i}.a:2,S`, message(`inbox-${i}`, 10_000));
  await put('INBOX', '7.a:2,S', message('too-big', 60_000));
  for (let i = 1; i <= 6; i++) await put('Archive', `${i}.b:2,S`, message(`archive-${i}`, 10_000));
  for (let i = 1; i <= 3; i++) await put('Lists', `${i}.c:2,`, message(`lists-${i}`, 10_000));

  const first = await restore();
  assert.equal(first.code, 1, first.stderr);
  const errors = lines(first.stderr);
  // The message over the size limit costs itself only; it is named, and INBOX goes on.
  assert.match(
    errors[0]!,
    /INBOX: INBOX\/cur\/7\.a:2,S <too-big@x>: the server refused it: .*larger than the maximum size/,
  );
  assert.equal(errors.length, 2, first.stderr);
  const stored = await idsOnServer();
  const restored = [...stored.values()].flat().filter((id) => !id.startsWith('<filler-')).length;
  assert.ok(restored >= 6 && restored < 15, `${restored} restored`);
  const notRestored = 15 - restored;
  assert.match(
    errors[1]!,
    new RegExp(
      `^mailkeep: full: full \\(${server.user.user}@localhost\\) is over its quota: restore stopped in Archive at Archive/cur/\\d\\.b:2,S \\(\\[OVERQUOTA\\] Quota exceeded \\(mailbox for user is full\\).*\\); ${notRestored} messages not restored: free space there and run restore again$`,
    ),
  );
  // Nothing more was tried there: Lists, the folder after the one it stopped in, was never made.
  assert.ok(!(await serverFolders(server)).includes('Lists'));
  assert.match(first.stdout, new RegExp(`appended ${restored} / skipped 0 / failed ${notRestored + 1} `));

  for (let uid = 1; uid <= 3; uid++) await expunge(server, 'INBOX', uid);
  const second = await restore();
  assert.equal(second.code, 1, second.stderr);
  assert.deepEqual(lines(second.stderr).length, 1, second.stderr);
  assert.match(second.stdout, new RegExp(`appended ${notRestored} / skipped ${restored} / failed 1 `));
  assert.deepEqual(
    await idsOnServer(),
    new Map([
      ['INBOX', ids('inbox', 6)],
      ['Archive', ids('archive', 6)],
      ['Lists', ids('lists', 3)],
    ]),
  );
});

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `<${prefix}-${i + 1}@x>`);

test("with QUOTA, a message bigger than the account's whole quota costs itself only: named, and every other message is restored", async () => {
  for (let i = 1; i <= 5; i++) await put('INBOX', `${i}.a:2,S`, message(`inbox-${i}`, 10_000), 'counted');
  // 250,000 bytes where the account may hold 204,800: Dovecot refuses it as it refuses a full account.
  await put('INBOX', '3b.a:2,S', message('too-big', 250_000), 'counted');
  for (let i = 1; i <= 3; i++) await put('Archive', `${i}.b:2,S`, message(`archive-${i}`, 10_000), 'counted');

  const run = await restore('counted');
  assert.equal(run.code, 1, run.stderr);
  const errors = lines(run.stderr);
  assert.equal(errors.length, 1, run.stderr);
  assert.match(
    errors[0]!,
    /^mailkeep: INBOX: INBOX\/cur\/3b\.a:2,S <too-big@x>: bigger than the account's whole quota: 250,068 bytes, the quota is 204,800 \(\[OVERQUOTA\] Quota exceeded \(mailbox for user is full\)/,
  );
  assert.match(run.stdout, /appended 8 \/ skipped 0 \/ failed 1 /);
  assert.deepEqual(
    await idsOnServer(counting),
    new Map([
      ['INBOX', ids('inbox', 5)],
      ['Archive', ids('archive', 3)],
    ]),
  );
});

test('with QUOTA, an account that is full still stops the restore at once: the numbers say usage + size is over the limit', async () => {
  // The 8 messages restored above and 86 kB more: about 167 of 204.8 kB used, so Lists' six 10 kB
  // messages, one MULTIAPPEND, do not fit: none of them is bigger than the quota, so the account is full.
  for (let i = 1; i <= 2; i++) await appendMessage(counting, 'INBOX', message(`filler-${i}`, 43_000));
  for (let i = 1; i <= 6; i++) await put('Lists', `${i}.c:2,`, message(`lists-${i}`, 10_000), 'counted');
  for (let i = 1; i <= 2; i++) await put('Sent', `${i}.d:2,S`, message(`sent-${i}`, 10_000), 'counted');

  const run = await restore('counted');
  assert.equal(run.code, 1, run.stderr);
  const errors = lines(run.stderr);
  assert.equal(errors.length, 2, run.stderr);
  // The message too big is refused again (and named again); the account being full is what stops the run.
  assert.ok(
    errors.some((line) => /INBOX\/cur\/3b\.a:2,S <too-big@x>: bigger than the account's whole quota/.test(line)),
  );
  assert.match(
    errors.find((line) => line.includes('over its quota')) ?? run.stderr,
    /^mailkeep: counted: counted \(.*\) is over its quota: restore stopped in Lists at Lists\/cur\/1\.c:2, \(\[OVERQUOTA\] Quota exceeded \(mailbox for user is full\).*\); 8 messages not restored: free space there and run restore again$/,
  );
  // Nothing more was tried: Sent, the folder after the one it stopped in, was never made.
  assert.ok(!(await serverFolders(counting)).includes('Sent'));
  assert.deepEqual((await idsOnServer(counting)).get('Lists'), []);
});
