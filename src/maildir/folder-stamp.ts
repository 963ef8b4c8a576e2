// A cheap fingerprint of a Maildir's contents: any file added, removed or renamed in cur/ or new/
// changes that directory's mtime, and a folder made anew has other inodes. Two stats, no listing.
// Linux 6.13+ gives a change made after a stat a finer timestamp; older kernels may miss an edit
// made within the same clock tick (a few ms) as mailkeep's last write there, until the next change.
import { statSync } from 'node:fs';
import path from 'node:path';

/** `<inode>:<mtime ms>` of cur/ and new/ (mtimeMs keeps microseconds); null when either is missing (a new or moved folder). */
// Synchronous: a stat answered from the inode cache takes microseconds, a thread-pool round trip
// costs more than that; an unchanged pass takes the stamps of every mailbox.
export function readFolderStamp(dir: string): string | null {
  const stamps: string[] = [];
  for (const sub of ['cur', 'new']) {
    let stat;
    try {
      stat = statSync(path.join(dir, sub), { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (stat === undefined) return null;
    stamps.push(`${stat.ino}:${stat.mtimeMs}`);
  }
  return stamps.join('/');
}
