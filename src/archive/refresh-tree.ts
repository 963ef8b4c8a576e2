// A whole account's tree (whatever wrote it: mailkeep, mbsync, OfflineIMAP): every Maildir under
// its root refreshed, and the rows of folders no longer there dropped. A tree with a folder prefix
// (mbsync's `Path ~/Mail/gmail-`) shares its directory with other trees: only its own rows go.
import path from 'node:path';
import { findMaildirs, isPathInside, mailboxDisplayName, treeHolds, type MaildirTree } from '../maildir/index.js';
import { refreshFolder, type FolderChanges } from './refresh-folder.js';
import type { FolderRef, IndexWriter } from './write-rows.js';

export interface IndexRoot extends MaildirTree {
  account: string;
}

export interface TreeProgress {
  account: string;
  folder: string;
  foldersDone: number;
  foldersTotal: number;
  /** Files read in this folder so far, of how many new ones. */
  filesDone: number;
  filesTotal: number;
}

export interface TreeChanges extends FolderChanges {
  folders: number;
}

export async function refreshTree(
  writer: IndexWriter,
  root: IndexRoot,
  onProgress?: (progress: TreeProgress) => void,
  options: { force?: boolean } = {},
): Promise<TreeChanges> {
  const tree: MaildirTree = { ...root, path: path.resolve(root.path) };
  // A directory that could not be listed keeps the rows of the folders the index had below it.
  const unlistable: string[] = [];
  const unlisted: string[] = [];
  const found = await findMaildirs(tree, (dir, why) => {
    if (why.kind !== 'unlistable') return;
    unlistable.push(dir);
    unlisted.push(`cannot list ${dir} (${why.code})`);
  });
  const total: TreeChanges = { folders: found.length, added: 0, renamed: 0, removed: 0, unreadable: 0, unlisted };
  const present = new Set(found.map((f) => f.path));
  writer.db.transaction(() => {
    for (const known of writer.folderPaths()) {
      if (treeHolds(tree, known) && !present.has(known) && !unlistable.some((dir) => isPathInside(known, dir))) {
        writer.removeFolder(known);
      }
    }
  })();
  found.forEach((box, index) => {
    const ref: FolderRef = { path: box.path, account: root.account, name: mailboxDisplayName(box.name) };
    const report = (filesDone: number, filesTotal: number) =>
      onProgress?.({
        account: root.account,
        folder: ref.name,
        foldersDone: index,
        foldersTotal: found.length,
        filesDone,
        filesTotal,
      });
    report(0, 0);
    const changes = refreshFolder(writer, ref, { ...options, onFiles: report });
    total.added += changes.added;
    total.renamed += changes.renamed;
    total.removed += changes.removed;
    total.unreadable += changes.unreadable;
    total.unlisted.push(...changes.unlisted);
  });
  return total;
}
