// mbsync names each near folder Path + near prefix + server name, as text: a MaildirStore `Path`
// written without its trailing '/' (`Path ~/Mail/test-`) or a near prefix without one
// (`Near :test-local:gmail-`) starts each folder's name. mailkeep stores there too and adopts
// mbsync's files through its state, instead of starting a second copy elsewhere.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load-config.js';
import { runAccounts, useCorpusServer } from '../support/corpus-server.js';
import { dovecotAccount, mbsyncrc, type RcAccount } from '../support/mbsyncrc.js';

const corpus = useCorpusServer();
let root: string;

before(async () => {
  root = await corpus.newRoot();
});

const ALL_FOLDERS = ['Archive/2024', 'Archive/Zürich', 'INBOX', 'Sent Items', 'Work & Play', 'Überweisungen/Belege'];

/**
 * Runs mbsync, then mailkeep on its tree: mbsync wrote `expected` (among others) in `dir`; mailkeep
 * adopts every folder through mbsync's state and adds no entry to `dir`. Returns the home.
 */
async function mbsyncThenMailkeep(name: string, text: string, pathDir: string, dir: string, expected: string[]) {
  const home = join(root, name);
  const rc = join(home, 'mbsyncrc');
  // mbsync 1.4 opens Path as a directory before it stores anything.
  await mkdir(join(home, pathDir), { recursive: true });
  await writeFile(rc, text);
  await promisify(execFile)('mbsync', ['-q', '-c', rc, '-a'], { env: { ...process.env, HOME: home } });
  const byMbsync = (await readdir(join(home, dir))).sort();
  for (const entry of expected) assert.ok(byMbsync.includes(entry), `${entry} in ${byMbsync.join()}`);

  const env = { XDG_CONFIG_HOME: join(home, 'xdg', 'config'), XDG_STATE_HOME: join(home, 'xdg', 'state') };
  const config = await loadConfig({ configPath: rc, home, env });
  assert.deepEqual(
    config.warnings.filter((w) => !/Pass:/.test(w)),
    [],
  );
  const { summary, events } = await runAccounts(config.accounts);
  assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  const adopted = events.flatMap((e) =>
    e.type === 'notice' && /^(\d+) messages adopted \(\1 by mbsync's state[,)]/.test(e.message) ? [e.mailbox] : [],
  );
  assert.deepEqual(adopted.sort(), ALL_FOLDERS);
  assert.deepEqual((await readdir(join(home, dir))).sort(), byMbsync, 'no folder beside mbsync’s');
  return home;
}

test("Path without '/': mailkeep stores each folder at Path + name and adopts all of mbsync's folders", async () => {
  const text = mbsyncrc([
    dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', inbox: '~/Mail/test-INBOX' }),
  ]).replace('Path ~/Mail/test/', 'Path ~/Mail/test-');
  const home = await mbsyncThenMailkeep('path', text, 'Mail/test-', 'Mail', ['test-Archive', 'test-Sent Items']);
  assert.deepEqual(await readdir(join(home, 'Mail', 'test-')), [], 'nothing inside the Path directory itself');
});

test("a near prefix without '/' (Legacy): mailkeep stores at Path + prefix + name, INBOX included, and adopts them all", async () => {
  const text = mbsyncrc([
    dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', subFolders: 'Legacy' }),
  ]).replace('Near :test-local:', 'Near :test-local:gmail-');
  await mbsyncThenMailkeep('near', text, 'Mail/test', 'Mail/test', ['gmail-INBOX', 'gmail-Archive']);
});

const nearPrefixes: [string, Partial<Omit<RcAccount, 'user'>>, string, string[]][] = [
  // [near prefix and style, store settings, the directory mbsync fills, some of its entries there]
  ['Verbatim INBOX/old-', { inbox: '~/Mail/test/Inbox' }, 'Mail/test/Inbox', ['old-INBOX', 'old-Archive']],
  ['Legacy old/', { subFolders: 'Legacy' }, 'Mail/test/old', ['.INBOX', '.Archive', '.Sent Items']],
  [
    'Maildir++ work/',
    { subFolders: 'Maildir++', inbox: '~/Mail/test' },
    'Mail/test',
    ['.work.INBOX', '.work.Archive.2024'],
  ],
  ['Flatten . old/', { flatten: '.' }, 'Mail/test', ['old.INBOX', 'old.Archive.2024']],
];

for (const [label, store, dir, expected] of nearPrefixes) {
  test(`a near prefix with '/', ${label}: mailkeep stores where mbsync does and adopts all of mbsync's folders`, async () => {
    const near = label.split(' ').at(-1)!;
    const text = mbsyncrc([dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test', ...store })]).replace(
      'Near :test-local:',
      `Near :test-local:${near}`,
    );
    await mbsyncThenMailkeep(label.replace(/\W+/g, '-'), text, 'Mail/test', dir, expected);
  });
}

for (const near of ['Archive', 'arch']) {
  const what = near === 'Archive' ? 'the same box on both sides' : 'another Near box';
  test(`\`Far :r:Archive\`, \`Near :l:${near}\`, Patterns (${what}): stored where mbsync does, mbsync adopted`, async () => {
    const home = join(root, `box-${near}`);
    const rc = join(home, 'mbsyncrc');
    const text = mbsyncrc([dovecotAccount(corpus.server, { name: 'test', path: '~/Mail/test' })])
      .replace('Far :test-remote:', 'Far :test-remote:Archive')
      .replace('Near :test-local:', `Near :test-local:${near}`);
    await mkdir(join(home, 'Mail', 'test'), { recursive: true });
    await writeFile(rc, text);
    await promisify(execFile)('mbsync', ['-q', '-c', rc, '-a'], { env: { ...process.env, HOME: home } });
    const folders = async () =>
      (await readdir(join(home, 'Mail', 'test', near))).filter((e) => !/^(cur|new|tmp|\.)/.test(e)).sort();
    const byMbsync = await folders();
    assert.deepEqual(byMbsync, ['2024', 'Z&APw-rich'], 'mbsync 1.4 keeps the server form');

    const env = { XDG_CONFIG_HOME: join(home, 'xdg', 'config'), XDG_STATE_HOME: join(home, 'xdg', 'state') };
    const config = await loadConfig({ configPath: rc, home, env });
    assert.deepEqual(config.accounts[0]!.patterns, ['Archive*']);
    const { summary, events } = await runAccounts(config.accounts);
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    const adopted = events.flatMap((e) =>
      e.type === 'notice' && /^(\d+) messages adopted \(\1 by mbsync's state[,)]/.test(e.message) ? [e.mailbox] : [],
    );
    assert.deepEqual(adopted.sort(), ['Archive/2024', 'Archive/Zürich']);
    assert.deepEqual(await readdir(join(home, 'Mail', 'test')), [near], 'no folder beside mbsync’s');
    assert.deepEqual(await folders(), byMbsync);
  });
}
