// A message already stored in another folder of the account, placed into this one without
// downloading it again: a hard link (one inode, so one copy on disk), or a copy where the
// filesystem refuses links (another device, no hard links, too many links).
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';

export type PlacedBy = 'link' | 'copy';

/** link(2) errors that mean "this filesystem will not link these two", not "the file is gone". */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Makes `target` (a new name in cur/ or new/) hold `source`'s bytes. A copy is written to `tmp`,
 * fsynced (unless `fsync` is false), given the source's mtime (the arrival date) and renamed, so
 * no reader ever sees it half-written. Throws the system error (ENOENT: `source` vanished).
 */
export async function placeStoredFile(source: string, target: string, tmp: string, fsync: boolean): Promise<PlacedBy> {
  try {
    await fs.link(source, target);
    return 'link';
  } catch (error) {
    if (!NO_LINK.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  try {
    await fs.copyFile(source, tmp, fsConstants.COPYFILE_EXCL);
    const { atime, mtime } = await fs.stat(source);
    const handle = await fs.open(tmp, 'r+');
    try {
      await handle.utimes(atime, mtime);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
    return 'copy';
  } catch (error) {
    await fs.unlink(tmp).catch(() => undefined);
    throw error;
  }
}
