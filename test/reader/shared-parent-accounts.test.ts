// Two accounts in one directory, as mbsync places them with `Path ~/Mail/gmail-` and
// `Path ~/Mail/work-`: each account's folders are the ones with its prefix, named without it, in
// the reader's folder list and in the archive index; indexing one keeps the other's rows. One
// account's tree inside another's: each folder is the nearest tree's, in the list and the index.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { IndexWriter, listIndexedFolders, openIndex, refreshTree, refreshTrees } from '../../src/archive/index.js';
import type { AccountConfig } from '../../src/config/types.js';
import { listMailboxes } from '../../src/reader/list-mailboxes.js';
import { readerRoots } from '../../src/ui/reader/reader-roots.js';
import { mail, makeTempDir, writeMaildir } from './make-maildir.js';

const tmp = makeTempDir('mailkeep-shared-parent-');
after(tmp.cleanup);
const mailDir = path.join(tmp.path, 'Mail');

const account = (name: string): AccountConfig =>
  ({
    name,
    localPath: mailDir,
    folderPrefix: `${name}-`,
    inboxPath: path.join(mailDir, `${name}-INBOX`),
    subFolders: 'verbatim',
  }) as AccountConfig;
const accounts = [account('gmail'), account('work')];

const one = (subject: string) => [{ raw: mail({ Subject: subject }), flags: '' }];
writeMaildir(path.join(mailDir, 'gmail-INBOX'), one('gmail inbox'));
writeMaildir(path.join(mailDir, 'gmail-Work'), one('gmail work'));
writeMaildir(path.join(mailDir, 'gmail-Archive', '2024'), one('gmail 2024'));
writeMaildir(path.join(mailDir, 'work-INBOX'), one('work inbox'));
writeMaildir(path.join(mailDir, 'work-Sent'), one('work sent'));
// Another program's maildir in the shared directory belongs to neither account.
writeMaildir(path.join(mailDir, 'notes'), one('notes'));

const gmailFolders = [
  ['gmail', 'INBOX', 'gmail-INBOX'],
  ['gmail', 'Archive/2024', 'gmail-Archive/2024'],
  ['gmail', 'Work', 'gmail-Work'],
];
const workFolders = [
  ['work', 'INBOX', 'work-INBOX'],
  ['work', 'Sent', 'work-Sent'],
];
const onDisk = ([account, name, dir]: string[]) => ({ account, name, path: path.join(mailDir, dir!) });

test("the reader lists each account's own folders, named as mbsync names them", async () => {
  const listed = await listMailboxes(readerRoots(accounts));
  assert.deepEqual(
    listed.map(({ account, name, path }) => ({ account, name, path })),
    [...gmailFolders, ...workFolders].map(onDisk),
  );
});

test('the index keeps rows per account, and indexing one account leaves the other its rows', async () => {
  const db = openIndex(path.join(tmp.path, 'index.sqlite'))!;
  const writer = new IndexWriter(db);
  const [gmail, work] = readerRoots(accounts);
  const rows = () => listIndexedFolders(db).map(({ account, name, path }) => ({ account, name, path }));
  await refreshTree(writer, gmail!);
  await refreshTree(writer, work!);
  type Named = { account: string | undefined; name: string | undefined };
  const byName = (a: Named, b: Named) => (`${a.account}/${a.name}` < `${b.account}/${b.name}` ? -1 : 1);
  const expected = [...gmailFolders, ...workFolders].map(onDisk).sort(byName);
  assert.deepEqual(rows().sort(byName), expected);

  await refreshTree(writer, gmail!);
  assert.deepEqual(rows().sort(byName), expected, "gmail's refresh keeps work's rows");
  rmSync(path.join(mailDir, 'gmail-Work'), { recursive: true });
  await refreshTree(writer, work!);
  assert.ok(
    rows().some((row) => row.path === path.join(mailDir, 'gmail-Work')),
    "work's refresh leaves gmail's rows",
  );
  await refreshTree(writer, gmail!);
  assert.deepEqual(
    rows().sort(byName),
    expected.filter((row) => row.name !== 'Work'),
    'a folder gone from its own tree loses its rows',
  );
  db.close();
});

test("a tree inside another root's directory is listed once, under the nearest root", async () => {
  const maildir = path.join(tmp.path, 'Maildir');
  // mbsync's default `Inbox ~/Maildir` with `Path ~/Maildir/gmail/`, and a second account inside.
  writeMaildir(maildir, one('default inbox'));
  writeMaildir(path.join(maildir, 'gmail', 'Work'), one('gmail work'));
  writeMaildir(path.join(maildir, 'gmail', 'team', 'Sent'), one('team sent'));
  const gmail = { name: 'gmail', localPath: path.join(maildir, 'gmail'), inboxPath: maildir, subFolders: 'verbatim' };
  const team = {
    name: 'team',
    localPath: path.join(maildir, 'gmail', 'team'),
    inboxPath: path.join(maildir, 'gmail', 'team', 'INBOX'),
    subFolders: 'verbatim',
  };
  const listed = await listMailboxes(readerRoots([gmail, team] as AccountConfig[]));
  assert.deepEqual(
    listed.map((box) => [box.account, box.name]),
    [
      ['gmail', 'INBOX'],
      ['gmail', 'Work'],
      ['team', 'Sent'],
    ],
  );
});

test("nested trees in the index: each folder row is the nearest root's, as listed, in either order, and stays so", async () => {
  // `Path ~/Nested/` (gmail) holding `Path ~/Nested/team/` (team).
  const nested = path.join(tmp.path, 'Nested');
  for (const dir of ['INBOX', 'Work', 'team/INBOX', 'team/Sent']) writeMaildir(path.join(nested, dir), one(dir));
  const tree = (name: string, dir: string) =>
    ({ name, localPath: dir, inboxPath: path.join(dir, 'INBOX'), subFolders: 'verbatim' }) as AccountConfig;
  const roots = readerRoots([tree('gmail', nested), tree('team', path.join(nested, 'team'))]);
  const listed = (await listMailboxes(roots)).map((box) => `${box.account}:${box.name}`);
  assert.deepEqual(listed, ['gmail:INBOX', 'gmail:Work', 'team:INBOX', 'team:Sent']);

  const db = openIndex(path.join(tmp.path, 'nested.sqlite'))!;
  const writer = new IndexWriter(db);
  // Every name a refresh gives a folder's row: a second root naming it renames the row.
  const named: string[] = [];
  const folder = writer.folder.bind(writer);
  writer.folder = (ref) => {
    named.push(`${ref.account}:${ref.name}`);
    return folder(ref);
  };
  const rows = () => listIndexedFolders(db).map((f) => `${f.account}:${f.name}`);
  for (const order of [roots, [...roots].reverse(), roots]) {
    named.length = 0;
    await refreshTrees(writer, order);
    assert.deepEqual(rows().sort(), listed);
    assert.deepEqual(named.sort(), listed, 'each folder named once, by its nearest root');
  }
  rmSync(path.join(nested, 'team', 'Sent'), { recursive: true });
  await refreshTrees(writer, roots);
  assert.deepEqual(rows().sort(), ['gmail:INBOX', 'gmail:Work', 'team:INBOX'], 'a folder gone from the inner tree');
  db.close();
});
