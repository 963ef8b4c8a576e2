// The write path: each message into tmp/ (exclusive create, 0600), fsync, then renamed into new/ or cur/.
import { closeSync, constants as fsConstants, fsync as fsyncFd, futimesSync, open as openFd, writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { mapBounded, mapSettledBounded } from './bounded-map.js';
import type { DirectorySyncs } from './directory-syncs.js';
import { attempt, toMaildirError } from './errors.js';
import { normalizeMaildirFlags } from './flags.js';
import { formatMessageName, formatUniqueName, type UniqueNameParts } from './naming.js';
import { RENAMES_AT_ONCE } from './rename-messages.js';
import type { IncomingMessage, StoredMessage } from './types.js';

/** The part of a file handle writeBatch uses; a test seam for full disks and write accounting. */
export interface WritableFile {
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  utimes(atime: Date, mtime: Date): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenWritableFile = (path: string, flags: number, mode: number) => Promise<WritableFile>;

export interface MessageWriter {
  root: string;
  /** Host part of new file names. */
  host: string;
  openFile: OpenWritableFile;
  /** fsync each file before its rename. */
  fsync: boolean;
  /** Set each file's mtime (and atime) to the server's INTERNALDATE. */
  copyArrivalDate: boolean;
  /** How many files are written and fsynced at once. */
  concurrency: number;
}

interface Written {
  tmpPath: string;
  stored: StoredMessage;
}

const FILE_MODE = 0o600;
const EXCLUSIVE_CREATE = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL;

// Per process, so names stay unique across folders and batches within one second.
let sequence = 0;

/**
 * Writes a batch; when it resolves every file's bytes are on disk, and their names are noted in
 * `changed` to be made durable. On any failure no file of the batch is left in tmp/ or stored.
 */
export async function writeMessages(
  writer: MessageWriter,
  messages: IncomingMessage[],
  changed: DirectorySyncs,
): Promise<StoredMessage[]> {
  const written = await mapSettledBounded(messages, writer.concurrency, (message) => writeTmp(writer, message));
  const failure = written.find((outcome) => outcome.status === 'rejected');
  const done = written.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  if (failure) {
    await removeTmpFiles(done);
    throw failure.reason;
  }
  try {
    await mapBounded(done, RENAMES_AT_ONCE, async (item) => {
      await attempt('rename', item.tmpPath, () => fs.rename(item.tmpPath, item.stored.path));
      changed.add(path.dirname(item.stored.path));
    });
  } catch (error) {
    await removeTmpFiles(done);
    throw error;
  }
  return done.map((item) => item.stored);
}

/**
 * Writes, stamps and closes with direct system calls, which land in the page cache in microseconds;
 * a thread-pool round trip each cost more CPU than the writing. open and fsync stay in the pool:
 * creating a file can wait for the journal while another file is fsynced.
 */
export async function openDirectFile(file: string, flags: number, mode: number): Promise<WritableFile> {
  // Plain descriptors, not FileHandles: a FileHandle would close its number again when collected.
  const fd = await new Promise<number>((resolve, reject) =>
    openFd(file, flags, mode, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  let open = true;
  return {
    write: async (buffer, offset, length) => ({ bytesWritten: writeSync(fd, buffer, offset, length) }),
    utimes: async (atime, mtime) => futimesSync(fd, atime, mtime),
    sync: () => new Promise((resolve, reject) => fsyncFd(fd, (error) => (error ? reject(error) : resolve()))),
    // Once only, even if it failed: the number may already belong to a file opened since.
    close: async () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

/**
 * One message into tmp/. The file's failures become MaildirErrors (attempt), a streamed body's own
 * ones pass as they are. Two async steps for a body in one piece: each write, stamp, fsync and
 * close wrapped in an attempt of its own (and `for await` over that one piece) cost every message
 * several more promises, which lived as long as its fsync and so were promoted to V8's old space.
 */
async function writeTmp(writer: MessageWriter, message: IncomingMessage): Promise<Written> {
  const { tmpPath, uniqueName, file } = await createTmpFile(writer);
  let size = 0;
  try {
    if (Buffer.isBuffer(message.body)) {
      const body = message.body;
      await attempt('write', tmpPath, () => writeFully(file, body));
      size = body.length;
    } else {
      // Chunks are written as they arrive: a streamed body is never held whole in memory.
      for await (const chunk of message.body) {
        await attempt('write', tmpPath, () => writeFully(file, chunk));
        size += chunk.length;
      }
    }
    const date = writer.copyArrivalDate ? message.internalDate : undefined;
    await attempt('write', tmpPath, () => closeFile(file, writer.fsync, date));
  } catch (error) {
    await file.close().catch(() => undefined);
    await fs.unlink(tmpPath).catch(() => undefined);
    throw error;
  }
  const { uid, uidValidity } = message;
  const flags = normalizeMaildirFlags(message.flags);
  const name = formatMessageName({ ...uniqueName, uid, uidValidity, size, flags });
  const subdir = flags.includes('S') ? 'cur' : 'new';
  return { tmpPath, stored: { uid, uidValidity, flags, size, path: path.join(writer.root, subdir, name) } };
}

interface TmpFile {
  tmpPath: string;
  uniqueName: UniqueNameParts;
  file: WritableFile;
}

async function createTmpFile(writer: MessageWriter): Promise<TmpFile> {
  for (let tries = 0; ; tries++) {
    const uniqueName = { time: new Date(), seq: ++sequence, pid: process.pid, host: writer.host };
    const tmpPath = path.join(writer.root, 'tmp', formatUniqueName(uniqueName));
    try {
      return { tmpPath, uniqueName, file: await writer.openFile(tmpPath, EXCLUSIVE_CREATE, FILE_MODE) };
    } catch (error) {
      const nameTaken = (error as NodeJS.ErrnoException).code === 'EEXIST';
      if (!nameTaken || tries >= 5) throw toMaildirError(error, 'create', tmpPath);
    }
  }
}

async function writeFully(file: WritableFile, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length;) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Stamps the file with the arrival date if given, fsyncs it if asked, and closes it. */
async function closeFile(file: WritableFile, fsync: boolean, date?: Date): Promise<void> {
  if (date) await file.utimes(date, date);
  if (fsync) await file.sync();
  await file.close();
}

async function removeTmpFiles(written: readonly Written[]): Promise<void> {
  await Promise.all(written.map((item) => fs.unlink(item.tmpPath).catch(() => undefined)));
}
