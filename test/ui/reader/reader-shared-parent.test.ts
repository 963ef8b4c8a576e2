// The reader over two accounts that mbsync keeps in one directory (`Path ~/Mail/gmail-`,
// `Path ~/Mail/work-`): each account shows its own folders by their mbsync names, and the
// background indexer files each folder under its account and name.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { listIndexedFolders, openIndex } from '../../../src/archive/index.js';
import type { AccountConfig } from '../../../src/config/types.js';
import { archiveAccess } from '../../../src/reader/index.js';
import { readerRoots } from '../../../src/ui/reader/reader-roots.js';
import { mail, makeTempDir, writeMaildir } from '../../reader/make-maildir.js';
import { waitUntil } from '../../support/wait-until.js';
import { renderReader } from './reader-harness.js';

test("each account's folders are listed and indexed under it, without the folder prefix", async (t) => {
  const tmp = makeTempDir();
  const mailDir = join(tmp.path, 'Mail');
  const dirs = ['gmail-INBOX', 'gmail-Work', 'work-INBOX', 'work-Projects'];
  for (const dir of dirs) writeMaildir(join(mailDir, dir), [{ raw: mail({ Subject: 'hello' }), flags: 'S' }]);
  const account = (name: string) =>
    ({
      name,
      localPath: mailDir,
      folderPrefix: `${name}-`,
      inboxPath: join(mailDir, `${name}-INBOX`),
    }) as AccountConfig;
  const indexFile = join(tmp.path, 'index.sqlite');
  const r = renderReader({ roots: readerRoots([account('gmail'), account('work')]), indexFile });
  const archive = archiveAccess(indexFile);
  t.after(async () => {
    archive.close();
    await r.close();
    tmp.cleanup();
  });

  const frame = await r.waitFor((s) => s.includes('Projects'), 'the folder list');
  const sidebar = frame.split('\n').map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '));
  assert.deepEqual(sidebar.slice(1, 5), ['*gmail 1', 'Work 1', 'work 1', 'Projects 1']);
  await waitUntil(
    () => dirs.every((dir) => archive.folder(join(mailDir, dir))?.current === true),
    () => 'the background indexer never made every folder current',
    { timeoutMs: 120_000 },
  );
  const db = openIndex(indexFile)!;
  const folders = listIndexedFolders(db).map((f) => [f.account, f.name, f.path]);
  db.close();
  assert.deepEqual(folders, [
    ['gmail', 'INBOX', join(mailDir, 'gmail-INBOX')],
    ['gmail', 'Work', join(mailDir, 'gmail-Work')],
    ['work', 'INBOX', join(mailDir, 'work-INBOX')],
    ['work', 'Projects', join(mailDir, 'work-Projects')],
  ]);
});
