// A message's labels in a backup of a Gmail-like account: the account's folders holding the same
// file. mailkeep stores a message shown under several labels once and hard-links it into each
// folder, so the labels are the folders with a link to its inode — no state needed, and mbsync's
// separate copies simply have one label each.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import { fsPath } from '../files/byte-names.js';

export interface LabelFolder {
  /** `/`-separated name inside the account, as the sidebar shows it. */
  name: string;
  /** The Maildir (cur/ new/ tmp/) on disk. */
  path: string;
}

const inodeKey = (info: Stats) => `${info.dev}:${info.ino}`;

function messageFiles(folder: LabelFolder, keep: (name: string) => boolean = () => true): string[] {
  return ['cur', 'new'].flatMap((sub) => {
    let names: string[];
    try {
      names = readdirSync(fsPath(path.join(folder.path, sub)), 'utf8');
    } catch {
      return [];
    }
    return names.filter((name) => !name.startsWith('.') && keep(name)).map((name) => path.join(folder.path, sub, name));
  });
}

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(fsPath(file));
  } catch {
    return null;
  }
}

/**
 * The labels of one message file (the pager's header): the folders among `folders` that hold a
 * link to it, in their order; [] when it has no other link. Only names with the same `,S=` size
 * are looked at, so a big account costs a listing of each folder and a few stats.
 */
export function labelsOfFile(file: string, folders: readonly LabelFolder[]): string[] {
  const info = lstatOrNull(file);
  if (info === null || info.nlink < 2) return [];
  const size = `,S=${info.size}`;
  const sameSize = (name: string) => name.includes(`${size},`) || name.includes(`${size}:`);
  const key = inodeKey(info);
  return folders
    .filter((folder) =>
      messageFiles(folder, sameSize).some((other) => {
        const otherInfo = lstatOrNull(other);
        return otherInfo !== null && inodeKey(otherInfo) === key;
      }),
    )
    .map((folder) => folder.name);
}

/**
 * Every linked message of the account by inode, with its folders (for `~y`, which asks it of each
 * message of a mailbox): one stat per file of the account, built once per limit.
 */
export function labelIndex(folders: readonly LabelFolder[]): (file: string, own: string) => string[] {
  const byInode = new Map<string, string[]>();
  for (const folder of folders) {
    for (const file of messageFiles(folder)) {
      const info = lstatOrNull(file);
      if (info === null || info.nlink < 2) continue;
      const key = inodeKey(info);
      byInode.set(key, [...(byInode.get(key) ?? []), folder.name]);
    }
  }
  return (file, own) => {
    const info = lstatOrNull(file);
    return (info !== null && byInode.get(inodeKey(info))) || [own];
  };
}
