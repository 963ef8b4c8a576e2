// An account's tree on disk. mbsync joins a MaildirStore's `Path` to folder names as text:
// `Path ~/Mail/gmail-` (or a Channel's `Near :local:gmail-`) keeps the folders at ~/Mail/gmail-INBOX,
// ~/Mail/gmail-Work…, beside other accounts' ~/Mail/work-… The tree is then the directory plus the
// prefix: only entries of the directory whose names start with it, named without it.
import path from 'node:path';
import { isPathInside } from './path-inside.js';

export interface MaildirTree {
  path: string;
  /** What the names of the tree's top-level entries start with (AccountConfig.folderPrefix). */
  folderPrefix?: string;
  /** After the prefix, a top-level name holds all its levels, joined by '.' (Maildir++: `.work.Sent.2024`). */
  dotted?: boolean;
}

/** Whether `file` is in the tree (or is its directory, when it has no prefix). */
export function treeHolds(tree: MaildirTree, file: string): boolean {
  if (!isPathInside(file, tree.path)) return false;
  if (!tree.folderPrefix) return true;
  const top = path.relative(path.resolve(tree.path), path.resolve(file)).split(path.sep)[0]!;
  return top.length > tree.folderPrefix.length && top.startsWith(tree.folderPrefix);
}

/**
 * The index of the tree a folder belongs to among trees that may hold it (-1: none does). Trees
 * can nest (mbsync's default `Inbox ~/Maildir` holding `Path ~/Maildir/gmail/`, or one account's
 * tree inside another's): the folder belongs to the nearest, the deepest directory; at one
 * directory, to the tree with a folder prefix; between trees alike, to the first.
 */
export function nearestTreeIndex(trees: readonly MaildirTree[], file: string): number {
  let nearest = -1;
  trees.forEach((tree, index) => {
    if (treeHolds(tree, file) && (nearest < 0 || isNearer(tree, trees[nearest]!))) nearest = index;
  });
  return nearest;
}

/** Of two trees holding one folder, one's directory holds the other's: the longer path is the deeper. */
function isNearer(a: MaildirTree, b: MaildirTree): boolean {
  const [lengthA, lengthB] = [path.resolve(a.path).length, path.resolve(b.path).length];
  return lengthA !== lengthB ? lengthA > lengthB : Boolean(a.folderPrefix) && !b.folderPrefix;
}
