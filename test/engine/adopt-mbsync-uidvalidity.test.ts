// A tree taken over from mbsync, then the server renumbers a mailbox (a new UIDVALIDITY): mbsync's
// files are matched again by Message-ID and size in the form the server sends (their size on disk
// differs: LF line ends, X-TUID), so nothing is downloaded a second time and no duplicate appears.
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { runMbsync } from '../support/mbsync.js';
import { dovecotAccount } from '../support/mbsyncrc.js';
import { renumberFolder, serverMessages, testMessage } from '../support/server-mail.js';

const corpus = useCorpusServer();

async function messageFiles(dir: string): Promise<string[]> {
  const names = await Promise.all(['cur', 'new'].map((sub) => readdir(join(dir, sub)).catch(() => [])));
  return names.flat();
}

test("after a UIDVALIDITY change, mbsync's adopted files are re-matched, not downloaded again", async () => {
  const home = join(await corpus.newRoot(), 'home');
  const rc = join(home, 'mbsyncrc');
  await mkdir(home, { recursive: true });
  await runMbsync(home, rc, [dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', syncState: '*' })]);
  const env = { XDG_CONFIG_HOME: join(home, 'xdg', 'config'), XDG_STATE_HOME: join(home, 'xdg', 'state') };
  const { accounts } = await loadConfig({ configPath: rc, home, env });
  const first = await runAccounts(accounts);
  assert.equal(first.summary.exitCode, 0, JSON.stringify(first.summary.errors));
  const inbox = join(home, 'Mail', 'test', 'INBOX');
  const before = await messageFiles(inbox);
  assert.equal(before.length, (await serverMessages(corpus.server, 'INBOX')).length);
  assert.ok(before.filter((name) => /,U=\d+/.test(name)).length > 10, 'the folder holds the files mbsync wrote');

  const arrival = testMessage('INBOX', 900);
  await renumberFolder(corpus.server, 'INBOX', { drop: [], arrivals: [arrival], uidValidity: 777 });
  const second = await runAccounts(accounts);
  assert.equal(second.summary.exitCode, 0, JSON.stringify(second.summary.errors));
  assert.equal(second.summary.added, 1, 'only the arrival is downloaded');
  const notice = second.events.find((e) => e.type === 'notice' && /UIDVALIDITY/.test(e.message));
  assert.ok(notice?.type === 'notice');
  assert.match(notice.message, /fetching 1$/);
  const after = await messageFiles(inbox);
  assert.equal(after.length, before.length + 1, 'one file per server message, no duplicate');
  for (const name of before) assert.ok(after.includes(name), `${name} is kept as it was`);

  const third = await runAccounts(accounts);
  assert.deepEqual([third.summary.added, third.summary.deleted], [0, 0], 'the next pass works from the re-match');
});
