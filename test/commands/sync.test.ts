// `mailkeep sync` end to end with an mbsyncrc against the private Dovecot: --json shape, human
// output, exit codes (lock held, bad password, unknown target), no password in any output.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { jsonEventLine, resolveTargets } from '../../src/commands/sync.js';
import { acquireAccountLock } from '../../src/engine/account-lock.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { commandStateDir, runSyncCommand } from '../support/sync-command.js';

const corpus = useCorpusServer();
let root: string;

before(async () => {
  root = await corpus.newRoot();
});

async function run(
  args: string[],
  password = corpus.server.user.password,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(root, `mbsyncrc-${password.length}`);
  await writeFile(
    file,
    mbsyncrc([dovecotAccount(corpus.server, { name: 'test', path: join(root, 'mail'), password: { pass: password } })]),
  );
  return runSyncCommand(root, ['-c', file, ...args]);
}

describe('mailkeep sync', () => {
  test('--json: one event per line, the last a summary; exit 0', async () => {
    const { code, stdout, stderr } = await run(['--json']);
    assert.equal(code, 0, stderr);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; summary?: Record<string, unknown> });
    assert.ok(events.some((e) => e.type === 'mailbox-done'));
    const last = events.at(-1)!;
    assert.equal(last.type, 'summary');
    for (const key of ['mailboxes', 'added', 'flagsUpdated', 'deleted', 'bytes', 'errors', 'exitCode'])
      assert.ok(key in last.summary!, key);
    assert.ok((last.summary!.added as number) > 0);
  });

  test('human output: a summary line, nothing to do on a rerun; ACCOUNT:MAILBOX targets one mailbox', async () => {
    const { code, stdout, stderr } = await run(['test:INBOX', '--verbose']);
    assert.equal(code, 0);
    // --verbose says how the session is carried, and which rule decided.
    assert.match(stderr, /^mailkeep: test: connected, COMPRESS off \(the server does not offer COMPRESS=DEFLATE\)$/m);
    assert.match(stdout, /^test\/INBOX \+0 ~0 -0 /m);
    assert.match(stdout, /1 mailbox in 1 account: \+0 ~0 -0/);
  });

  test('the archive index is fed by a pass that stores mail; a pass with nothing to do never opens it', async () => {
    const indexFile = join(root, '.cache', 'mailkeep', 'archive.sqlite');
    assert.equal((await run([])).code, 0);
    assert.ok(existsSync(indexFile), 'the passes that stored mail opened the index');
    rmSync(indexFile);
    const { code, stdout } = await run([]);
    assert.equal(code, 0);
    assert.match(stdout, /\+0 ~0 -0/);
    assert.equal(existsSync(indexFile), false, 'a no-op pass started the index worker');
  });

  test('a held lock exits 2 with one clear line', async () => {
    const lock = await acquireAccountLock(commandStateDir(root), 'test');
    try {
      const { code, stderr } = await run([]);
      assert.equal(code, 2);
      assert.match(stderr, /being synced/);
      assert.equal(
        stderr
          .trim()
          .split('\n')
          .filter((l) => /being synced/.test(l)).length,
        1,
        stderr,
      );
    } finally {
      await lock.release();
    }
  });

  test('a wrong password exits 2 and is never printed', async () => {
    const { code, stdout, stderr } = await run(['--json'], 'wrong-secret-pw');
    assert.equal(code, 2);
    assert.match(stdout, /AUTH_FAILED/);
    assert.doesNotMatch(stdout + stderr, /wrong-secret-pw/);
  });

  test('an unknown account or group exits 2', async () => {
    const { code, stderr } = await run(['nosuch']);
    assert.equal(code, 2);
    assert.match(stderr, /no account or group named nosuch/);
  });
});

test('resolveTargets: accounts, ACCOUNT:BOX lists and groups', () => {
  const source = { kind: 'mbsyncrc' as const, path: '/rc' };
  const config = {
    accounts: [{ name: 'a' }, { name: 'b' }] as never[],
    groups: { all: ['a', 'b:INBOX,Sent'] },
    source,
  };
  assert.deepEqual(resolveTargets(['all'], config), [
    { account: 'a' },
    { account: 'b', mailbox: 'INBOX' },
    { account: 'b', mailbox: 'Sent' },
  ]);
  assert.equal(resolveTargets(['c'], config), 'no account or group named c in /rc');
});

test("resolveTargets: as on mbsync's command line, an empty BOX is INBOX and a group wins over a channel", () => {
  const source = { kind: 'mbsyncrc' as const, path: '/rc' };
  const config = { accounts: [{ name: 'a' }, { name: 'b' }] as never[], groups: { a: ['b'] }, source };
  assert.deepEqual(resolveTargets(['b:', 'b:Sent,'], config), [
    { account: 'b', mailbox: 'INBOX' },
    { account: 'b', mailbox: 'Sent' },
    { account: 'b', mailbox: 'INBOX' },
  ]);
  assert.deepEqual(resolveTargets(['a'], config), [{ account: 'b' }]);
});

test('resolveTargets: a channel without Patterns takes no mailbox list (mbsync refuses it too)', () => {
  const source = { kind: 'mbsyncrc' as const, path: '/rc' };
  const config = { accounts: [{ name: 'sent', nearMailbox: 'sent' }] as never[], source };
  assert.deepEqual(resolveTargets(['sent'], config), [{ account: 'sent' }]);
  const problem = resolveTargets(['sent:Archive'], config);
  assert.match(typeof problem === 'string' ? problem : '', /^sent syncs one mailbox .*sent:Archive cannot pick/);
});

test('--json lines escape C1 controls, bidi controls and U+2028/U+2029, and stay valid JSON', () => {
  const message = 'a\u009b31mb\u202ec\u2066d\u2028e\u2029f\u007fg\u001bh';
  const line = jsonEventLine({ type: 'notice', account: 'x', message, at: 0 });
  assert.ok(line.endsWith('}\n'));
  assert.doesNotMatch(
    line.slice(0, -1),
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
  );
  assert.match(line, /a\\u009b31mb\\u202ec\\u2066d\\u2028e\\u2029f\\u007fg\\u001bh/);
  assert.equal((JSON.parse(line) as { message: string }).message, message);
});
