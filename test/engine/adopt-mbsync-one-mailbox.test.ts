// An mbsync Channel without Patterns (`Far :store:`, `Near :store:kept`) syncs one mailbox into the
// near mailbox it names: mailkeep keeps it in the same folder as mbsync and adopts mbsync's files
// through mbsync's state, instead of starting a second copy under the server's name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load-config.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';

const corpus = useCorpusServer();
let root: string;

before(async () => {
  root = await corpus.newRoot();
});

/** Message files of a Maildir folder (cur/ and new/). */
const files = async (dir: string) =>
  (await readdir(join(dir, 'cur')).catch(() => [])).length + (await readdir(join(dir, 'new')).catch(() => [])).length;

/**
 * mbsync, then mailkeep, on a Channel without Patterns whose near box is `nearBox` (the store's
 * Inbox at `inbox` if given): the folder mbsync filled, its file count, and mailkeep's pass.
 */
async function mbsyncThenMailkeep(name: string, nearBox: string, inbox?: string) {
  const home = join(root, name);
  const rc = join(home, 'mbsyncrc');
  const account = dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', ...(inbox ? { inbox } : {}) });
  const text = mbsyncrc([account])
    .replace('Near :test-local:', `Near :test-local:${nearBox}`)
    .replace(/^Patterns .*\n/m, '');
  await mkdir(join(home, 'Mail', 'test'), { recursive: true });
  await writeFile(rc, text);
  await promisify(execFile)('mbsync', ['-q', '-c', rc, '-a'], { env: { ...process.env, HOME: home } });
  const kept = join(home, 'Mail', 'test', nearBox);
  const byMbsync = await files(kept);
  assert.ok(byMbsync > 0, `mbsync stored INBOX in Path/${nearBox}`);

  const env = { XDG_CONFIG_HOME: join(home, 'xdg', 'config'), XDG_STATE_HOME: join(home, 'xdg', 'state') };
  const config = await loadConfig({ configPath: rc, home, env });
  const pass = await runAccounts(config.accounts);
  assert.equal(pass.summary.exitCode, 0, JSON.stringify(pass.summary.errors));
  return { home, kept, byMbsync, ...pass };
}

test("a Channel without Patterns: the near box is the folder, mbsync's files are adopted", async () => {
  const { home, kept, byMbsync, summary, events } = await mbsyncThenMailkeep('one-mailbox', 'kept');
  const notices = events.flatMap((e) => (e.type === 'notice' ? [`${e.mailbox ?? ''}: ${e.message}`] : []));
  assert.ok(
    notices.some((n) => new RegExp(`^INBOX: ${byMbsync} messages adopted \\(${byMbsync} by mbsync's state`).test(n)),
    notices.join('\n'),
  );
  assert.equal(await files(kept), byMbsync + summary.added, 'what mbsync skipped is added beside');
  assert.equal(await files(join(home, 'Mail', 'test', 'INBOX')), 0, 'no second copy under the server name');
});

test("`Near :local:Inbox` is a folder under Path, as mbsync keeps it, not the store's Inbox", async () => {
  const { home, kept, byMbsync, summary } = await mbsyncThenMailkeep('near-inbox', 'Inbox', '~/Mail/test/inbox');
  assert.equal(await files(kept), byMbsync + summary.added);
  assert.deepEqual((await readdir(join(home, 'Mail', 'test'))).sort(), ['Inbox'], 'no copy in the store Inbox');
});
