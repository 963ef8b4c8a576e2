// Which entries of a folder's cur/ and new/ hold messages to read: files, and links to files (a
// Maildir of links is what `mu find --format=links` makes of search results; mutt and notmuch
// follow them), never hidden names.
import { statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { fsPath } from '../files/byte-names.js';

/** `dir` is the cur/ or new/ the entry was listed in. */
export function isMessageFile(dir: string, entry: Dirent): boolean {
  if (entry.name.startsWith('.')) return false;
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  // Followed to a regular file only: never a device (/dev/zero), a FIFO, a directory or a loop.
  try {
    return statSync(fsPath(path.join(dir, entry.name))).isFile();
  } catch {
    return false;
  }
}
