// A cheap fingerprint of a Maildir's contents: any file added, removed or renamed in cur/ or new/
// changes that directory's mtime, and a folder made anew has other inodes. Two stats, no listing.
// Linux 6.13+ gives a change made after a stat a finer timestamp; older kernels may miss an edit
// made within the same clock tick (a few ms) as mailkeep's last write there, until the next change.
import fs from 'node:fs/promises';
import path from 'node:path';

/** `<inode>:<mtime ms>` of cur/ and new/ (mtimeMs keeps microseconds); null when either is missing (a new or moved folder). */
export async function readFolderStamp(dir: string): Promise<string | null> {
  const stats = await Promise.all(['cur', 'new'].map((sub) => fs.stat(path.join(dir, sub)).catch(() => null)));
  if (stats.some((stat) => stat === null)) return null;
  return stats.map((stat) => `${stat!.ino}:${stat!.mtimeMs}`).join('/');
}
