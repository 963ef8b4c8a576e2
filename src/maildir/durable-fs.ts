// Small durable-file primitives shared by the Maildir folder and the engine's state files.
import fs from 'node:fs/promises';
import path from 'node:path';
import { toMaildirError } from './errors.js';

/** Makes a directory's entries (creates, renames, unlinks) survive a crash. */
export async function fsyncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toMaildirError(error, 'sync', dir);
  }
}

let sequence = 0;

/**
 * Replaces `file` atomically: a sibling temp file (exclusive, 0600) is written, renamed over
 * `file`; with `fsync`, the temp file is fsynced before and the directory after the rename.
 * A crash leaves the old or the new content, never a mix (without `fsync`, once the system has
 * written it back). Throws MaildirError (DISK_FULL / IO) naming the file.
 */
export async function replaceFile(file: string, data: string | Buffer, { fsync }: { fsync: boolean }): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++sequence}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.unlink(tmp).catch(() => undefined);
    throw toMaildirError(error, 'write', file);
  }
  if (fsync) await fsyncDirectory(dir);
}
