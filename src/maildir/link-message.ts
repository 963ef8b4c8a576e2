// A message already stored in another folder of the account, placed into this one without
// downloading it again: a hard link (one inode, so one copy on disk), or a copy where the
// filesystem refuses links (another device, no hard links, too many links).
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DirectorySyncs } from './directory-syncs.js';
import { toMaildirError } from './errors.js';
import { normalizeMaildirFlags } from './flags.js';
import { formatMessageName, formatUniqueName } from './naming.js';
import type { StoredMessage } from './types.js';
import type { MessageWriter } from './write-messages.js';

export type PlacedBy = 'link' | 'copy';

/** What to place: the stored file, and the name parts it gets in this folder. */
export interface StoredSource {
  source: string;
  uid: number;
  uidValidity: number;
  flags: string;
  size: number;
}

/** link(2) errors that mean "this filesystem will not link these two", not "the file is gone". */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

let sequence = 0;

/**
 * Puts `item.source`'s bytes into the Maildir at `root` under a new name of ours (cur/ when \Seen,
 * else new/, as a download would go). A copy is written to tmp/, fsynced (unless `fsync` is
 * false), given the source's mtime (the arrival date) and renamed, so no reader ever sees it
 * half-written. Throws the system error (ENOENT: the source vanished); durable after the folder's sync().
 */
export async function placeStoredMessage(
  root: string,
  host: string,
  item: StoredSource,
  fsync: boolean,
): Promise<{ stored: StoredMessage; by: PlacedBy }> {
  const flags = normalizeMaildirFlags(item.flags);
  for (let tries = 0; ; tries++) {
    const unique = { time: new Date(), seq: ++sequence, pid: process.pid, host };
    const name = formatMessageName({ ...unique, uid: item.uid, uidValidity: item.uidValidity, size: item.size, flags });
    const target = path.join(root, flags.includes('S') ? 'cur' : 'new', name);
    try {
      const by = await placeFile(item.source, target, path.join(root, 'tmp', formatUniqueName(unique)), fsync);
      return { stored: { uid: item.uid, uidValidity: item.uidValidity, flags, size: item.size, path: target }, by };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 5) throw error;
    }
  }
}

async function placeFile(source: string, target: string, tmp: string, fsync: boolean): Promise<PlacedBy> {
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

/**
 * placeStoredMessage for a folder: its new entry noted for the folder's sync(); a vanished source
 * (ENOENT) is thrown as is, any other failure as a MaildirError.
 */
export async function placeInFolder(
  writer: Pick<MessageWriter, 'root' | 'host' | 'fsync'>,
  item: StoredSource,
  changed: DirectorySyncs,
): Promise<{ stored: StoredMessage; by: PlacedBy }> {
  try {
    const placed = await placeStoredMessage(writer.root, writer.host, item, writer.fsync);
    changed.add(path.dirname(placed.stored.path));
    return placed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    throw toMaildirError(error, 'write', item.source);
  }
}
