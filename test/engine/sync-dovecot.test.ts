// The engine against the private Dovecot: byte-exact copies of the whole corpus (broken messages
// included), arrival dates, a rerun writes nothing, flags / new mail / expunges with keep and
// mirror, the mass-deletion guard, a UIDVALIDITY change, and a server left untouched.
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { localMessages, sha256 } from '../support/backup-check.js';
import {
  addFlags,
  appendMessage,
  expunge,
  serverFolders,
  serverMessages,
  setUidValidity,
} from '../support/server-mail.js';
import { runPass, useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer();
const accountFor = (overrides: Partial<AccountConfig> = {}) => corpus.account(overrides);
const pass = (account: AccountConfig, allowMassDelete = false) => runPass(account, { allowMassDelete });

/** Every file under the tree with its mtime: any write shows up here. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push(`${relative(dir, path)} ${(await stat(path)).mtimeMs}`);
  }
  return out.sort();
}

const letters = (flags: string[]) =>
  flags
    .map((f) => ({ '\\Seen': 'S', '\\Flagged': 'F', '\\Answered': 'R', '\\Draft': 'D', '\\Deleted': 'T' })[f] ?? '')
    .sort()
    .join('');

describe('sync against Dovecot', () => {
  test('byte-exact copy of every message, arrival dates as mtime, server untouched, rerun writes nothing', async () => {
    const folders = await serverFolders(corpus.server);
    const before = new Map(
      await Promise.all(folders.map(async (f) => [f, await serverMessages(corpus.server, f)] as const)),
    );
    const account = await accountFor();
    const first = await pass(account);
    assert.equal(first.summary.exitCode, 0, JSON.stringify(first.summary.errors));
    assert.equal(
      first.summary.added,
      [...before.values()].reduce((n, m) => n + m.length, 0),
    );
    for (const folder of folders) {
      const remote = before.get(folder)!;
      const local = await localMessages(account, folder);
      assert.deepEqual(
        local.map((m) => [m.uid, m.sha256, m.flags]),
        remote.map((m) => [m.uid, m.sha256, letters(m.flags)]),
        folder,
      );
      for (const [i, m] of local.entries())
        assert.equal(Math.floor(m.mtime / 1000), Math.floor(remote[i]!.internalDate.getTime() / 1000));
    }
    for (const folder of folders)
      assert.deepEqual(await serverMessages(corpus.server, folder), before.get(folder), `server ${folder} unchanged`);

    const snapshot = await listing(account.localPath);
    const second = await pass(account);
    assert.equal(second.summary.exitCode, 0);
    assert.equal(second.summary.added + second.summary.flagsUpdated + second.summary.deleted, 0);
    assert.equal(
      second.events.filter((e) => e.type === 'mailbox-plan').length,
      0,
      'unchanged mailboxes are not examined',
    );
    assert.deepEqual(await listing(account.localPath), snapshot);
  });

  test('keep: flag change and new mail arrive, an expunged message stays', async () => {
    const account = await accountFor();
    await pass(account);
    const [first, second] = await serverMessages(corpus.server, 'INBOX');
    await addFlags(corpus.server, 'INBOX', first!.uid, ['\\Flagged']);
    const raw = Buffer.from('From: a@example.org\r\nSubject: new\r\nMessage-ID: <new-keep@x>\r\n\r\nbody\r\n');
    const uid = await appendMessage(corpus.server, 'INBOX', raw, { flags: ['\\Seen'] });
    await expunge(corpus.server, 'INBOX', second!.uid);
    const { summary } = await pass(account);
    assert.equal(summary.exitCode, 0);
    const local = await localMessages(account, 'INBOX');
    assert.match(local.find((m) => m.uid === first!.uid)!.flags, /F/);
    assert.equal(local.find((m) => m.uid === uid)?.sha256, sha256(raw));
    assert.ok(
      local.some((m) => m.uid === second!.uid),
      'kept locally',
    );
    assert.equal(summary.deleted, 0);
  });

  test('mirror removes an expunged message; the mass-deletion guard stops bigger losses', async () => {
    const account = await accountFor({ deletions: 'mirror', patterns: ['Archive*', 'INBOX'] });
    await pass(account);
    const inbox = await serverMessages(corpus.server, 'INBOX');
    await expunge(corpus.server, 'INBOX', inbox[0]!.uid);
    const one = await pass(account);
    assert.equal(one.summary.deleted, 1);
    assert.ok(!(await localMessages(account, 'INBOX')).some((m) => m.uid === inbox[0]!.uid));

    const rest = (await serverMessages(corpus.server, 'INBOX')).slice(0, -1);
    const kept = (await localMessages(account, 'INBOX')).length;
    for (const m of rest) await expunge(corpus.server, 'INBOX', m.uid);
    const guarded = await pass(account);
    assert.equal(guarded.summary.exitCode, 1);
    assert.ok(guarded.summary.errors.some((e) => e.code === 'MASS_DELETE_GUARD' && e.mailbox === 'INBOX'));
    assert.equal((await localMessages(account, 'INBOX')).length, kept, 'nothing deleted');
    const allowed = await pass(account, true);
    assert.equal(allowed.summary.exitCode, 0);
    assert.equal((await localMessages(account, 'INBOX')).length, 1);
  });

  test('UIDVALIDITY change: nothing lost, nothing that matches fetched again', async () => {
    const account = await accountFor({ deletions: 'mirror' });
    await pass(account);
    const folder = (await serverFolders(corpus.server)).find((f) => f !== 'INBOX')!;
    const before = await localMessages(account, folder);
    await setUidValidity(corpus.server, folder, 999_999);
    const { summary, events } = await pass(account);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.equal(summary.added, 0);
    assert.equal(summary.deleted, 0);
    assert.ok(events.some((e) => e.type === 'notice' && /UIDVALIDITY/.test(e.message)));
    const after = await localMessages(account, folder);
    assert.deepEqual(after.map((m) => m.sha256).sort(), before.map((m) => m.sha256).sort());
    const again = await pass(account);
    assert.equal(again.summary.added + again.summary.deleted, 0, 'the re-match is remembered');
  });
});
