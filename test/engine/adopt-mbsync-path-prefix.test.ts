// A MaildirStore `Path` written without its trailing '/' (`Path ~/Mail/test-`): mbsync joins each
// folder name onto it as text (~/Mail/test-Archive/2024). mailkeep stores there too and adopts
// mbsync's files through its state, instead of starting a second copy inside ~/Mail/test-/.
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

test("Path without '/': mailkeep stores each folder at Path + name and adopts all of mbsync's folders", async () => {
  const home = join(root, 'path-prefix');
  const rc = join(home, 'mbsyncrc');
  const text = mbsyncrc([
    dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', inbox: '~/Mail/test-INBOX' }),
  ]).replace('Path ~/Mail/test/', 'Path ~/Mail/test-');
  // mbsync 1.4 opens Path as a directory before it stores anything.
  await mkdir(join(home, 'Mail', 'test-'), { recursive: true });
  await writeFile(rc, text);
  await promisify(execFile)('mbsync', ['-q', '-c', rc, '-a'], { env: { ...process.env, HOME: home } });
  const byMbsync = (await readdir(join(home, 'Mail'))).sort();
  assert.ok(byMbsync.includes('test-Archive') && byMbsync.includes('test-Sent Items'), byMbsync.join(', '));

  const env = { XDG_CONFIG_HOME: join(home, 'xdg', 'config'), XDG_STATE_HOME: join(home, 'xdg', 'state') };
  const config = await loadConfig({ configPath: rc, home, env });
  assert.deepEqual(
    config.warnings.filter((w) => /Path/.test(w)),
    [],
  );
  const { summary, events } = await runAccounts(config.accounts);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  const adopted = events.flatMap((e) =>
    e.type === 'notice' && / messages adopted \(\d+ by mbsync's state/.test(e.message) ? [e.message.split(':')[0]] : [],
  );
  assert.deepEqual(adopted.sort(), [
    'Archive/2024',
    'Archive/Zürich',
    'INBOX',
    'Sent Items',
    'Work & Play',
    'Überweisungen/Belege',
  ]);
  assert.deepEqual((await readdir(join(home, 'Mail'))).sort(), byMbsync, 'no folder beside mbsync’s');
  assert.deepEqual(await readdir(join(home, 'Mail', 'test-')), [], 'nothing inside the Path directory itself');
});
