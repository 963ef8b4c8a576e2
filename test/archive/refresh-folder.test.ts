// Folder refresh: stamps spare unchanged folders, a flags-only rename costs no parse, files changed
// behind the index's back are seen; labels from hard links; read-only opens while a write is open.
import assert from 'node:assert/strict';
import { chmodSync, linkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  folderRows,
  IndexWriter,
  labelsOf,
  openIndex,
  listIndexedFolders,
  refreshFolder,
  refreshTree,
  rowsByIds,
  searchIds,
  searchIndex,
  SCHEMA_VERSION,
  type FolderRef,
} from '../../src/archive/index.js';
import { addMessage, mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';
import { withUnlistableDir, withUnreadableFile } from '../support/unprivileged.js';

function setup(t: { after: (fn: () => void) => void }) {
  const tmp = makeTempDir('mailkeep-refresh-');
  t.after(tmp.cleanup);
  const file = path.join(tmp.path, 'archive.sqlite');
  const db = openIndex(file)!;
  t.after(() => db.close());
  const inbox: FolderRef = { path: path.join(tmp.path, 'Mail'), account: 'me', name: 'INBOX' };
  return { tmp, file, db, writer: new IndexWriter(db), inbox };
}

const NOTHING_UNREAD = { unreadable: 0, unlisted: [], unread: [] };

const message = (subject: string, body = 'hello there') => ({
  raw: mail({ From: 'Ann <ann@example.org>', Subject: subject, Date: 'Tue, 2 Jan 2024 10:00:00 +0000' }, body),
});

test('a refresh reads new files once; an unchanged folder costs nothing; changes behind its back are seen', (t) => {
  const { writer, db, inbox } = setup(t);
  const [first, second] = writeMaildir(inbox.path, [message('first one'), message('second one')]);
  assert.deepEqual(refreshFolder(writer, inbox), { added: 2, renamed: 0, removed: 0, ...NOTHING_UNREAD });
  assert.deepEqual(refreshFolder(writer, inbox), { added: 0, renamed: 0, removed: 0, ...NOTHING_UNREAD });

  // A flags-only rename: the row follows without a parse (the content written over it is not read).
  writeFileSync(first!, mail({ From: 'x@example.org', Subject: 'changed content' }));
  const seen = first!.replace(/\/new\/(.*)$/, '/cur/$1:2,S');
  renameSync(first!, seen);
  assert.deepEqual(refreshFolder(writer, inbox), { added: 0, renamed: 1, removed: 0, ...NOTHING_UNREAD });
  const row = folderRows(db, inbox.path).find((r) => r.file === path.basename(seen))!;
  assert.equal(row.flags, 'S');
  assert.equal(row.dir, 'cur');
  assert.equal(row.subject, 'first one');
  assert.equal(searchIndex(db, 'is:unread').length, 1);

  rmSync(second!);
  addMessage(inbox.path, message('third one', 'fresh words'));
  assert.deepEqual(refreshFolder(writer, inbox), { added: 1, renamed: 0, removed: 1, ...NOTHING_UNREAD });
  assert.deepEqual(
    searchIndex(db, 'subject:one')
      .map((r) => r.subject)
      .sort(),
    ['first one', 'third one'],
  );
  assert.equal(searchIndex(db, 'fresh').length, 1);
  assert.equal(searchIndex(db, 'second').length, 0);
});

test('a cur/ that cannot be listed keeps its rows and is listed again at the next refresh', (t) => {
  const { writer, db, inbox } = setup(t);
  writeMaildir(inbox.path, [{ ...message('seen one'), flags: 'S' }, message('new one')]);
  assert.deepEqual(refreshFolder(writer, inbox), { added: 2, renamed: 0, removed: 0, ...NOTHING_UNREAD });
  // As root no permission stops a listing; a cur/ that is not a directory fails it all the same.
  const cur = path.join(inbox.path, 'cur');
  renameSync(cur, `${cur}.away`);
  writeFileSync(cur, '');
  addMessage(inbox.path, message('newer one'));
  const unlisted = [`cannot list ${cur}: not a directory (ENOTDIR)`];
  assert.deepEqual(refreshFolder(writer, inbox), {
    added: 1,
    renamed: 0,
    removed: 0,
    unreadable: 1,
    unlisted,
    unread: [],
  });
  assert.deepEqual(refreshFolder(writer, inbox), {
    added: 0,
    renamed: 0,
    removed: 0,
    unreadable: 1,
    unlisted,
    unread: [],
  });
  assert.equal(searchIndex(db, 'subject:one').length, 3);
  rmSync(cur);
  renameSync(`${cur}.away`, cur);
  assert.deepEqual(refreshFolder(writer, inbox), { added: 0, renamed: 0, removed: 0, ...NOTHING_UNREAD });
});

test('a link to a message file is indexed; links to a device, a directory or a loop are not', (t) => {
  const { tmp, writer, db, inbox } = setup(t);
  const [original] = writeMaildir(path.join(tmp.path, 'elsewhere'), [message('linked one', 'linked words')]);
  writeMaildir(inbox.path, []);
  const cur = path.join(inbox.path, 'cur');
  symlinkSync(original!, path.join(cur, '1700000000.linked:2,S'));
  symlinkSync('/dev/zero', path.join(cur, '1700000001.device:2,S'));
  symlinkSync(tmp.path, path.join(cur, '1700000002.directory:2,S'));
  symlinkSync('loop-b', path.join(cur, 'loop-a'));
  symlinkSync('loop-a', path.join(cur, 'loop-b'));
  assert.deepEqual(refreshFolder(writer, inbox), { added: 1, renamed: 0, removed: 0, ...NOTHING_UNREAD });
  assert.deepEqual(
    searchIndex(db, 'linked').map((r) => r.file),
    ['1700000000.linked:2,S'],
  );
});

test('labels are the folders holding a link to the same file', (t) => {
  const { writer, db, tmp, inbox } = setup(t);
  const [file] = writeMaildir(inbox.path, [message('labelled')]);
  const work: FolderRef = { path: path.join(tmp.path, 'Mail', '.Work'), account: 'me', name: 'Work' };
  writeMaildir(work.path, []);
  linkSync(file!, path.join(work.path, 'new', path.basename(file!)));
  refreshFolder(writer, inbox);
  refreshFolder(writer, work);
  const inInbox = searchIndex(db, 'folder:INBOX and label:Work');
  assert.equal(inInbox.length, 1);
  assert.deepEqual(labelsOf(db, inInbox[0]!.id), ['INBOX', 'Work']);
  assert.equal(searchIndex(db, 'label:Work').length, 2);
});

test('the index file is private to its owner, like the mail', (t) => {
  const { file } = setup(t);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('an index of another version is rebuilt with a notice; a read-only open never rebuilds', (t) => {
  const { file, db } = setup(t);
  db.pragma('user_version = 99');
  assert.equal(openIndex(file, { readonly: true }), undefined);
  const notices: string[] = [];
  const again = openIndex(file, { onNotice: (line) => notices.push(line) })!;
  t.after(() => again.close());
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /older version: rebuilding it/);
  assert.equal(again.pragma('user_version', { simple: true }), SCHEMA_VERSION);
});

test('a reader reads while a writer holds a transaction open (WAL)', (t) => {
  const { writer, db, file, inbox } = setup(t);
  writeMaildir(inbox.path, [message('before')]);
  refreshFolder(writer, inbox);
  const reader = openIndex(file, { readonly: true })!;
  t.after(() => reader.close());
  db.exec('BEGIN IMMEDIATE');
  db.prepare('DELETE FROM message').run();
  assert.equal(searchIndex(reader, 'before').length, 1);
  db.exec('COMMIT');
  assert.equal(searchIndex(reader, 'subject:before').length, 0);
});

test('searchIds gives the ids newest first and rowsByIds a page of them in that order', (t) => {
  const { writer, db, inbox } = setup(t);
  const dated = (subject: string, day: number) => ({
    raw: mail({ From: 'a@example.org', Subject: subject, Date: `${day} Jan 2024 10:00:00 +0000` }, 'same words'),
  });
  writeMaildir(inbox.path, [dated('middle', 2), dated('newest', 3), dated('oldest', 1)]);
  refreshFolder(writer, inbox);
  const ids = searchIds(db, 'same words');
  assert.deepEqual(
    rowsByIds(db, ids).map((r) => r.subject),
    ['newest', 'middle', 'oldest'],
  );
  assert.deepEqual(
    rowsByIds(db, [ids[2]!, 999_999, ids[0]!]).map((r) => r.subject),
    ['oldest', 'newest'],
  );
});

test('a tree refresh names folders as the reader does and drops the rows of folders gone', async (t) => {
  const { writer, db, tmp } = setup(t);
  const root = path.join(tmp.path, 'Tree');
  writeMaildir(root, [message('in inbox')]);
  writeMaildir(path.join(root, '.Archive.Z&APw-rich'), [message('in zurich')]);
  writeMaildir(path.join(root, '.Old'), [message('in old')]);
  const first = await refreshTree(writer, { account: 'mbsync', path: root });
  assert.deepEqual([first.folders, first.added], [3, 3]);
  assert.deepEqual(
    listIndexedFolders(db).map((f) => [f.account, f.name, f.total]),
    [
      ['mbsync', 'Archive/Zürich', 1],
      ['mbsync', 'INBOX', 1],
      ['mbsync', 'Old', 1],
    ],
  );
  rmSync(path.join(root, '.Old'), { recursive: true });
  await refreshTree(writer, { account: 'mbsync', path: root });
  assert.deepEqual(
    listIndexedFolders(db).map((f) => f.name),
    ['Archive/Zürich', 'INBOX'],
  );
  assert.equal(searchIndex(db, 'subject:old').length, 0);
  assert.equal(searchIndex(db, 'folder:archive/*').length, 1);
});

test('a folder directory that cannot be listed is named and keeps its rows; the others are refreshed', async (t) => {
  const { writer, db, tmp } = setup(t);
  const root = path.join(tmp.path, 'Tree');
  writeMaildir(path.join(root, 'Open'), [message('in open')]);
  writeMaildir(path.join(root, 'Locked', 'Inner'), [message('in inner')]);
  await refreshTree(writer, { account: 'me', path: root });
  addMessage(path.join(root, 'Open'), message('newer in open'));
  const locked = path.join(root, 'Locked');
  chmodSync(tmp.path, 0o755);
  const changes = await withUnlistableDir(locked, () => refreshTree(writer, { account: 'me', path: root }));
  assert.deepEqual(changes.unlisted, [`cannot list ${locked}: permission denied (EACCES)`]);
  assert.equal(changes.added, 1);
  assert.deepEqual(
    listIndexedFolders(db).map((f) => [f.name, f.total]),
    [
      ['Locked/Inner', 1],
      ['Open', 2],
    ],
  );
});

test('a message file that cannot be read is named, and read at the next refresh', async (t) => {
  const { writer, tmp, inbox } = setup(t);
  const [, locked] = writeMaildir(inbox.path, [message('open'), message('locked')]);
  chmodSync(tmp.path, 0o755);
  const changes = await withUnreadableFile(locked!, async () => refreshFolder(writer, inbox));
  assert.deepEqual(changes, {
    ...NOTHING_UNREAD,
    added: 1,
    renamed: 0,
    removed: 0,
    unreadable: 1,
    unread: [`cannot read ${locked}: permission denied (EACCES)`],
  });
  assert.deepEqual(refreshFolder(writer, inbox), { added: 1, renamed: 0, removed: 0, ...NOTHING_UNREAD });
});

test('each folder keeps its counts with its rows: adds, flag changes, removals, a folder gone', async (t) => {
  const { writer, db, tmp, inbox } = setup(t);
  const counted = () =>
    db
      .prepare(
        `SELECT f.name, count(m.id) AS total, coalesce(sum(m.flags NOT LIKE '%S%'), 0) AS unread
         FROM folder f LEFT JOIN message m ON m.folder = f.id GROUP BY f.id ORDER BY f.name`,
      )
      .all();
  const stored = () => listIndexedFolders(db).map(({ name, total, unread }) => ({ name, total, unread }));
  const [first, second] = writeMaildir(inbox.path, [message('one'), message('two'), message('three')]);
  const other: FolderRef = { path: path.join(tmp.path, 'Mail', '.Other'), account: 'me', name: 'Other' };
  writeMaildir(other.path, [message('elsewhere')]);
  refreshFolder(writer, inbox);
  refreshFolder(writer, other);
  assert.deepEqual(stored(), [
    { name: 'INBOX', total: 3, unread: 3 },
    { name: 'Other', total: 1, unread: 1 },
  ]);
  renameSync(first!, first!.replace(/\/new\/(.*)$/, '/cur/$1:2,S'));
  rmSync(second!);
  refreshFolder(writer, inbox);
  assert.deepEqual(stored(), [
    { name: 'INBOX', total: 2, unread: 1 },
    { name: 'Other', total: 1, unread: 1 },
  ]);
  assert.deepEqual(stored(), counted());
  writer.removeFolder(other.path);
  assert.deepEqual(stored(), [{ name: 'INBOX', total: 2, unread: 1 }]);
  assert.deepEqual(stored(), counted());
});
