// A whole account's tree (whatever wrote it: mailkeep, mbsync, OfflineIMAP): every Maildir under
// its root refreshed, and the rows of folders no longer there dropped. A tree with a folder prefix
// (mbsync's `Path ~/Mail/gmail-`) shares its directory with other trees: only its own rows go.
// Trees refreshed together can nest (`Path ~/Mail/` and `Path ~/Mail/team/`): a folder is the
// nearest tree's (nearestTreeIndex, as the reader lists it), and the others leave it alone.
import path from 'node:path';
import {
  findMaildirs,
  isPathInside,
  mailboxDisplayName,
  nearestTreeIndex,
  unlistable,
  unreadableLine,
  type MaildirTree,
} from '../maildir/index.js';
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

/** Each root's tree in turn, each folder under the root nearest to it; their changes added up. */
export async function refreshTrees(
  writer: IndexWriter,
  roots: readonly IndexRoot[],
  onProgress?: (progress: TreeProgress) => void,
  options: { force?: boolean } = {},
): Promise<TreeChanges> {
  const total: TreeChanges = { folders: 0, added: 0, renamed: 0, removed: 0, unreadable: 0, unlisted: [], unread: [] };
  for (const index of roots.keys()) addTreeChanges(total, await refreshRoot(writer, roots, index, onProgress, options));
  return total;
}

/** One root's tree, alone. */
export async function refreshTree(
  writer: IndexWriter,
  root: IndexRoot,
  onProgress?: (progress: TreeProgress) => void,
  options: { force?: boolean } = {},
): Promise<TreeChanges> {
  return refreshRoot(writer, [root], 0, onProgress, options);
}

export function addTreeChanges(total: TreeChanges, changes: TreeChanges): void {
  total.folders += changes.folders;
  total.added += changes.added;
  total.renamed += changes.renamed;
  total.removed += changes.removed;
  total.unreadable += changes.unreadable;
  total.unlisted.push(...changes.unlisted);
  total.unread.push(...changes.unread);
}

/** The folders of `roots[index]` that no nearer root holds. */
async function refreshRoot(
  writer: IndexWriter,
  roots: readonly IndexRoot[],
  index: number,
  onProgress: ((progress: TreeProgress) => void) | undefined,
  options: { force?: boolean },
): Promise<TreeChanges> {
  const root = roots[index]!;
  const tree: MaildirTree = { ...root, path: path.resolve(root.path) };
  // Its folders: in its tree (with its prefix), and in no nearer root's.
  const owns = (folder: string) => nearestTreeIndex(roots, folder) === index;
  // A directory that could not be listed keeps the rows of the folders the index had below it.
  const unlistedDirs: string[] = [];
  const unlisted: string[] = [];
  const listed = await findMaildirs(tree, (dir, why) => {
    // Node reads a name that is not UTF-8 (Latin-1 'Entwürfe') as one that leads nowhere.
    if (why.kind === 'undecodable') return void unlisted.push(`cannot open ${dir}: its name is not UTF-8`);
    unlistedDirs.push(dir);
    unlisted.push(unreadableLine(unlistable(dir, why.code)));
  });
  const present = new Set(listed.map((f) => f.path));
  const found = listed.filter((box) => owns(box.path));
  const total: TreeChanges = { folders: 0, added: 0, renamed: 0, removed: 0, unreadable: 0, unlisted, unread: [] };
  writer.db.transaction(() => {
    for (const known of writer.folderPaths()) {
      if (present.has(known) || !owns(known)) continue;
      if (!unlistedDirs.some((dir) => isPathInside(known, dir))) writer.removeFolder(known);
    }
  })();
  found.forEach((box, done) => {
    const ref: FolderRef = { path: box.path, account: root.account, name: mailboxDisplayName(box.name) };
    const report = (filesDone: number, filesTotal: number) =>
      onProgress?.({
        account: root.account,
        folder: ref.name,
        foldersDone: done,
        foldersTotal: found.length,
        filesDone,
        filesTotal,
      });
    report(0, 0);
    addTreeChanges(total, { ...refreshFolder(writer, ref, { ...options, onFiles: report }), folders: 1 });
  });
  return total;
}
