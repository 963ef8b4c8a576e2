// The folders and message files of a Maildir tree to restore, whatever wrote it (mailkeep, mbsync
// in any SubFolders style, Dovecot, OfflineIMAP): the maildir module finds and lists them.
import path from 'node:path';
import { findMaildirs, scanFolder, type SkippedDirectory } from '../maildir/index.js';
import { errnoWords } from '../text/errno-words.js';

export interface SourceFile {
  path: string;
  /** Relative to the source tree, for messages. */
  relative: string;
  /** Maildir letters from the name. */
  flags: string;
  /** Why it is no message and is not read (a directory inside cur/). */
  problem?: string;
}

export interface SourceFolder {
  /** UTF-8, `/`-separated; `INBOX` for the tree's root maildir. */
  name: string;
  files: SourceFile[];
  /** Why the folder cannot be read at all (its name is not UTF-8, it cannot be listed). */
  problem?: string;
}

const byName = new Intl.Collator('en', { numeric: true }).compare;

export async function listSourceFolders(root: string): Promise<SourceFolder[]> {
  const folders: SourceFolder[] = [];
  const skipped = (dir: string, why: SkippedDirectory) =>
    folders.push({
      name: path.relative(root, dir) || '.',
      files: [],
      problem: why.kind === 'undecodable' ? 'its name is not UTF-8' : `it cannot be listed: ${errnoWords(why.code)}`,
    });
  for (const found of await findMaildirs(root, skipped)) {
    const scan = await scanFolder(found.path);
    const files: SourceFile[] = [...scan.messages.values(), ...scan.duplicates, ...scan.foreign]
      .map(({ path: file, flags }) => ({ path: file, relative: path.relative(root, file), flags }))
      // Maildir names start with the time they were written: roughly the order they arrived.
      .sort((a, b) => byName(path.basename(a.path), path.basename(b.path)));
    for (const { path: file, reason } of scan.notMessages)
      files.push({ path: file, relative: path.relative(root, file), flags: '', problem: reason });
    folders.push({ name: found.name, files });
  }
  return folders;
}
