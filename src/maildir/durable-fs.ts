// Small file primitives shared by the Maildir folder and the engine's state files.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
 * Replaces `file` atomically but without fsync: a sibling temp file (exclusive, 0600) renamed over
 * it, so a reader sees the old or the new content, never a mix (after a crash, once the system
 * wrote it back). For files that can be rebuilt; synchronous, as a small file lands in the page
 * cache faster than a thread-pool round trip. Throws MaildirError (DISK_FULL / IO) naming the file.
 */
export function replaceFile(file: string, data: string | Buffer): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++sequence}.tmp`);
  try {
    try {
      writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw toMaildirError(error, 'write', file);
  }
}
