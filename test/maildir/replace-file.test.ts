// replaceFile, the one way a small file is replaced: its system calls as strace sees them (a
// sign-in's file fsynced before its rename and its directory after, a per-mailbox state never),
// its mode, and a failure that leaves the old file and no temp file.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replaceFile, type ReplaceOptions } from '../../src/maildir/durable-fs.js';
import { MaildirError } from '../../src/maildir/errors.js';
import { immutableSkip, withImmutableFile } from '../support/immutable-file.js';
import { tracedReplace } from '../support/traced-replace.js';
import { useTempDir } from './temp-dir.js';

const root = await useTempDir('replace-file');
const CHILD = fileURLToPath(new URL('./fixtures/replace-file.ts', import.meta.url));
let dirs = 0;

/** A directory holding `name` with `old` in it. */
function dirWith(name: string, old: string): { dir: string; file: string } {
  const dir = path.join(root, `d${++dirs}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, name), old);
  return { dir, file: path.join(dir, name) };
}

const traced = (file: string, options: ReplaceOptions) =>
  tracedReplace(file, CHILD, [file, 'new', JSON.stringify(options)]);

test('fsync: the file is created 0600, fsynced before the rename, and its directory after', () => {
  const { file } = dirWith('oauth-refresh-token', 'old\n');
  assert.deepEqual(traced(file, { fsync: true, mode: 0o600 }), ['create 0600', 'fsync file', 'rename', 'fsync dir']);
  assert.equal(readFileSync(file, 'utf8'), 'new');
});

test('without fsync (a per-mailbox state): no fsync at all, only the create and the rename', () => {
  const { file } = dirWith('INBOX.json', '{}\n');
  assert.deepEqual(traced(file, {}), ['create 0600', 'rename']);
  assert.equal(readFileSync(file, 'utf8'), 'new');
});

test('mode: given, the file has it exactly whatever the umask; not given, 0600 less the umask', async () => {
  const { dir, file } = dirWith('mailkeep.timer', 'old');
  const umask = process.umask(0o077);
  try {
    await replaceFile(file, 'unit', { mode: 0o644 });
    assert.equal(statSync(file).mode & 0o777, 0o644);
    await replaceFile(file, 'state');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    process.umask(0o277);
    await replaceFile(file, 'token', { mode: 0o600 });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  } finally {
    process.umask(umask);
  }
  assert.deepEqual(readdirSync(dir), ['mailkeep.timer']);
});

test(
  'a replace that fails keeps the old file, leaves no temp file, and names the file in one line',
  { skip: immutableSkip },
  async () => {
    const { dir, file } = dirWith('oauth-refresh-token', 'old\n');
    await withImmutableFile(file, () =>
      assert.rejects(replaceFile(file, 'new\n', { fsync: true, mode: 0o600 }), (error: unknown) => {
        assert.ok(error instanceof MaildirError);
        assert.equal(error.message, `cannot write ${file}: operation not permitted (EPERM)`);
        return true;
      }),
    );
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
    assert.deepEqual(readdirSync(dir), ['oauth-refresh-token']);
  },
);
