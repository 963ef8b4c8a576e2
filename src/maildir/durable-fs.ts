// Small file primitives shared by the Maildir folder and the engine's state files.
import {
  closeSync,
  constants as fsConstants,
  fchmodSync,
  fsync,
  open,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { toMaildirError } from './errors.js';
import { isProcessAlive } from './process-alive.js';
import { makeDirectory } from '../files/make-directory.js';
import { removeQuietly } from '../files/remove-quietly.js';

/**
 * Makes a directory's entries (creates, renames, unlinks) survive a crash. Opened and closed with
 * direct system calls (microseconds, no journal wait); only the fsync goes to the thread pool.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  try {
    const fd = openSync(dir, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
    try {
      await syncDescriptor(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw toMaildirError(error, 'sync', dir);
  }
}

function syncDescriptor(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** Unlinks `file`; one already gone is no failure, any other is a MaildirError naming it. */
export async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toMaildirError(error, 'remove', file);
  }
}

let sequence = 0;

/** A file of ours on its way to its name: `.<name>.<pid>.<unique>.tmp` (replaceFile, the account lock). */
export function pendingFileName(file: string, unique: string | number): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${unique}.tmp`);
}

const PENDING = /^\..+\.(\d+)\.[0-9a-f-]+\.tmp$/;

/**
 * Removes from `dir` the pending files of processes that are gone (killed between writing one and
 * renaming it into place); a live process's are its own business.
 */
export function removeAbandonedPendingFiles(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(PENDING.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !isProcessAlive(pid)) rmSync(path.join(dir, name), { force: true });
  }
}

export interface ReplaceOptions {
  /**
   * fsync the file before the rename and its directory after: for what cannot be rebuilt (a
   * sign-in). Off for state written per mailbox per pass, where each fsync costs every sync time.
   */
  fsync?: boolean;
  /** The file's mode, exactly (the umask not applied); created no wider. Default 0600 less the umask. */
  mode?: number;
}

/**
 * Replaces `file` atomically: a sibling temp file (exclusive, 0600 or `mode`) renamed over it, so a
 * reader sees the old or the new content, never a mix (after a crash without `fsync`, once the
 * system wrote it back). The create, the fsyncs and the rename run in the thread pool: each may
 * wait for a journal commit while message files are fsynced, which would stall the main thread;
 * the few bytes are written and closed directly. Throws MaildirError (DISK_FULL / IO) naming the
 * file, or naming its directory when only the directory's fsync failed (the file is replaced then).
 */
export async function replaceFile(file: string, data: string | Buffer, options: ReplaceOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  const tmp = pendingFileName(file, ++sequence);
  const mode = options.mode ?? 0o600;
  try {
    const fd = await createExclusive(tmp, mode).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      makeDirectory(dir, 0o700);
      return createExclusive(tmp, mode);
    });
    try {
      if (options.mode !== undefined) fchmodSync(fd, options.mode);
      writeFileSync(fd, data);
      if (options.fsync) await syncDescriptor(fd);
    } finally {
      closeSync(fd);
    }
    await fs.rename(tmp, file);
  } catch (error) {
    removeQuietly(tmp);
    throw toMaildirError(error, 'write', file);
  }
  if (options.fsync) await fsyncDirectory(dir);
}

function createExclusive(file: string, mode: number): Promise<number> {
  return new Promise((resolve, reject) => open(file, 'wx', mode, (error, fd) => (error ? reject(error) : resolve(fd))));
}

/** Appends `text` to `file` (created 0600, its directory too) and fsyncs it. Throws MaildirError naming the file. */
export async function appendDurably(file: string, text: string): Promise<void> {
  try {
    makeDirectory(path.dirname(file), 0o700);
    const handle = await fs.open(file, 'a', 0o600);
    try {
      await handle.appendFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toMaildirError(error, 'write', file);
  }
}
