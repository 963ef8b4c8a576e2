// Taking over a Maildir mbsync wrote from the same mbsyncrc (issue 10), against the private
// Dovecot: with mbsync's state, and with the state removed (Message-ID + size fallback). mailkeep
// downloads only what mbsync skipped, leaves every mbsync file as it was, holds each server
// message exactly once, and a second run writes nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { before, test, type TestContext } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import type { SyncSummary } from '../../src/engine/events.js';
import { serverForm } from '../../src/maildir/server-form.js';
import { listMailboxes, loadMailboxIndex } from '../../src/reader/index.js';
import { encodeMailboxName } from '../../src/text/mutf7.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { runMbsync } from '../support/mbsync.js';
import { dovecotAccount } from '../support/mbsyncrc.js';
import { serverFolders, serverMessages } from '../support/server-mail.js';

const corpus = useCorpusServer();
let root: string;

before(async () => {
  root = await corpus.newRoot();
});

/** Every message file under the tree: path relative to it → sha256 of its bytes. */
async function snapshot(tree: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(tree, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !['cur', 'new'].includes(basename(entry.parentPath))) continue;
    const file = join(entry.parentPath, entry.name);
    files.set(
      relative(tree, file),
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return files;
}

/** Each server folder's messages, as sorted digests, and the same for what the tree holds there (server form). */
async function compareWithServer(
  tree: string,
): Promise<{ server: Record<string, string[]>; local: Record<string, string[]> }> {
  const result = { server: {} as Record<string, string[]>, local: {} as Record<string, string[]> };
  for (const folder of await serverFolders(corpus.server)) {
    result.server[folder] = (await serverMessages(corpus.server, folder)).map((m) => m.sha256).sort();
    const dir = join(tree, encodeMailboxName(folder));
    const digests: string[] = [];
    for (const sub of ['cur', 'new']) {
      for (const name of await readdir(join(dir, sub))) {
        digests.push(
          createHash('sha256')
            .update(serverForm(await readFile(join(dir, sub, name))))
            .digest('hex'),
        );
      }
    }
    result.local[folder] = digests.sort();
  }
  return result;
}

async function mailkeepSync(
  home: string,
  rc: string,
  xdg: string,
): Promise<{ summary: SyncSummary; notices: string[] }> {
  const env = { XDG_CONFIG_HOME: join(xdg, 'config'), XDG_STATE_HOME: join(xdg, 'state') };
  const config = await loadConfig({ configPath: rc, home, env });
  const { summary, events } = await runAccounts(config.accounts);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  return { summary, notices: events.flatMap((e) => (e.type === 'notice' ? [`${e.mailbox ?? ''}: ${e.message}`] : [])) };
}

/**
 * `syncState` as in the mbsyncrc (undefined = mbsync's default ~/.mbsync/); `state` before mailkeep
 * runs: kept, removed, or moved where mbsync 1.5 keeps it by default ($XDG_STATE_HOME/isync/).
 */
async function adoptScenario(
  t: TestContext,
  name: string,
  syncState: string | undefined,
  state: 'kept' | 'removed' | 'moved to isync/' = 'kept',
): Promise<void> {
  const removeState = state === 'removed';
  const home = join(root, name);
  const rc = join(home, 'mbsyncrc');
  await mkdir(home, { recursive: true });
  await runMbsync(home, rc, [dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', syncState })]);
  const tree = join(home, 'Mail', 'test');
  if (removeState) {
    for (const entry of await readdir(tree, { withFileTypes: true, recursive: true })) {
      if (entry.name.startsWith('.mbsyncstate')) await unlink(join(entry.parentPath, entry.name));
    }
    for (const entry of await readdir(join(home, '.mbsync')).catch(() => [])) {
      await unlink(join(home, '.mbsync', entry));
    }
  }
  if (state === 'moved to isync/') {
    await mkdir(join(home, 'xdg', 'state'), { recursive: true });
    await rename(join(home, '.mbsync'), join(home, 'xdg', 'state', 'isync'));
  }
  const byMbsync = await snapshot(tree);
  const serverTotal = Object.values((await compareWithServer(tree)).server).flat().length;
  const missing = serverTotal - byMbsync.size;
  assert.ok(missing > 0, 'mbsync skips some fixture messages (incomplete header), so there is something to complete');

  const first = await mailkeepSync(home, rc, join(home, 'xdg'));
  t.diagnostic(
    `${name}: mbsync stored ${byMbsync.size} of ${serverTotal}; mailkeep downloaded ${first.summary.added} messages, ${first.summary.bytes} bytes`,
  );
  assert.equal(first.summary.added, missing, 'only what mbsync did not store is downloaded');
  const inbox = first.notices.find((n) => /^INBOX: \d+ messages adopted \(.*\), \d+ to download$/.test(n));
  assert.ok(inbox, first.notices.join('\n'));
  t.diagnostic(inbox);
  assert.match(
    inbox,
    removeState
      ? /\(0 by mbsync's state .*, 30 by Message-ID and size\)/
      : /\(30 by mbsync's state, 0 by Message-ID and size\)/,
  );

  const after = await snapshot(tree);
  for (const [file, digest] of byMbsync) assert.equal(after.get(file), digest, `mbsync's ${file} is kept as it was`);
  assert.equal(after.size, serverTotal, 'one file per server message, no duplicate');
  const { server: onServer, local } = await compareWithServer(tree);
  assert.deepEqual(
    local,
    onServer,
    'the tree holds exactly the server messages (mbsync files in the form the server sends)',
  );

  const second = await mailkeepSync(home, rc, join(home, 'xdg'));
  assert.deepEqual(
    [second.summary.added, second.summary.bytes, second.summary.flagsUpdated, second.summary.deleted],
    [0, 0, 0, 0],
  );
  assert.deepEqual(await snapshot(tree), after, 'a second run writes nothing');

  // The reader opens the adopted tree as it is (mbsync's and mailkeep's files side by side).
  const boxes = await listMailboxes([{ account: 'test', path: tree }]);
  let indexed = 0;
  for (const box of boxes) indexed += (await loadMailboxIndex(box.path)).length;
  assert.deepEqual([boxes.reduce((sum, box) => sum + box.total, 0), indexed], [serverTotal, serverTotal]);
}

test('a Maildir mbsync wrote is adopted through its sync state', async (t) => {
  await adoptScenario(t, 'with-state', '*');
});

test("mbsync's state is found in its default place (~/.mbsync/)", async (t) => {
  await adoptScenario(t, 'default-state-dir', undefined);
});

test("mbsync 1.5's state is found in its default place ($XDG_STATE_HOME/isync/)", async (t) => {
  await adoptScenario(t, 'xdg-state-dir', undefined, 'moved to isync/');
});

test('without mbsync state, files are matched by Message-ID and size', async (t) => {
  await adoptScenario(t, 'without-state', '*', 'removed');
});
