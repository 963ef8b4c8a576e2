// `mailkeep index`, `search` and `export` over two accounts that mbsync keeps in one directory
// (`Path ~/Mail/gmail-`, `Path ~/Mail/work-`): each folder indexed once, under its own account and
// by its mbsync name, so that `folder:` finds it by that name; ACCOUNT:MAILBOX exports that folder.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { defaultIndexFile, listIndexedFolders, openIndex } from '../../src/archive/index.js';
import { parseCommandLine } from '../../src/cli-args.js';
import { runExport } from '../../src/commands/export.js';
import { runIndex } from '../../src/commands/index-command.js';
import { runSearch } from '../../src/commands/search.js';
import { mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';
import { captureOutput } from '../support/sync-command.js';

const tmp = makeTempDir('mailkeep-index-shared-');
after(tmp.cleanup);
const mailDir = path.join(tmp.path, 'Mail');
const env = { XDG_CACHE_HOME: path.join(tmp.path, 'cache') };
const rc = path.join(tmp.path, 'mbsyncrc');

const account = (name: string) => [
  `IMAPAccount ${name}`,
  'Host 127.0.0.1',
  'User nobody',
  'Pass unused',
  'SSLType None',
  '',
  `IMAPStore ${name}-remote`,
  `Account ${name}`,
  '',
  `MaildirStore ${name}-local`,
  `Path ${mailDir}/${name}-`,
  `Inbox ${mailDir}/${name}-INBOX`,
  'SubFolders Verbatim',
  '',
  `Channel ${name}`,
  `Far :${name}-remote:`,
  `Near :${name}-local:`,
  'Patterns *',
  '',
];
writeFileSync(rc, [...account('gmail'), ...account('work')].join('\n'));
for (const [dir, subject] of [
  ['gmail-INBOX', 'gmail inbox'],
  ['gmail-Work', 'gmail work'],
  ['work-INBOX', 'work inbox'],
  ['work-Projects', 'work projects'],
])
  writeMaildir(path.join(mailDir, dir!), [{ raw: mail({ Subject: subject! }), flags: 'S' }]);

async function cli(...args: string[]) {
  const command = parseCommandLine(args);
  return captureOutput(async (out) => {
    const io = { ...out, home: tmp.path, env };
    if (command.kind === 'index') return runIndex(command, io);
    if (command.kind === 'search') return runSearch(command, io);
    if (command.kind === 'export') return runExport(command, io);
    throw new Error(`not index, search or export: ${args.join(' ')}`);
  });
}

test("each account's folders are indexed under it by their mbsync names, and folder: finds them", async () => {
  const built = await cli('index', '-c', rc);
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stdout, /indexed 4 folders: \+4 ~0 -0/);
  const db = openIndex(defaultIndexFile(env, tmp.path))!;
  const folders = listIndexedFolders(db).map(({ account, name, path: dir }) => [account, name, path.basename(dir)]);
  db.close();
  assert.deepEqual(folders, [
    ['gmail', 'INBOX', 'gmail-INBOX'],
    ['gmail', 'Work', 'gmail-Work'],
    ['work', 'INBOX', 'work-INBOX'],
    ['work', 'Projects', 'work-Projects'],
  ]);
  const found = await cli('search', 'folder:Work', '--files');
  assert.equal(found.code, 0, found.stderr);
  assert.equal(
    found.stdout
      .trim()
      .split('\n')
      .map((file) => path.basename(path.dirname(path.dirname(file))))
      .join(),
    'gmail-Work',
  );
});

test("ACCOUNT:MAILBOX exports the account's own folder of the shared directory", async () => {
  for (const [source, subject] of [
    ['gmail:Work', 'gmail work'],
    ['work:INBOX', 'work inbox'],
  ]) {
    const dir = path.join(tmp.path, 'eml', source!.replace(':', '-'));
    mkdirSync(dir, { recursive: true });
    const run = await cli('export', '-c', rc, source!, '--eml', dir);
    assert.equal(run.code, 0, run.stderr);
    const files = readdirSync(dir);
    assert.equal(files.length, 1, files.join());
    assert.match(readFileSync(path.join(dir, files[0]!), 'utf8'), new RegExp(`^Subject: ${subject}$`, 'm'));
  }
});
