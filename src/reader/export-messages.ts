// Writes messages of a Maildir folder out, for `mailkeep export` and the reader's `E`: into one
// mboxrd file (export-mbox.ts), or one `.eml` file per message named by date and subject. Like
// saving an attachment, it writes only new files the user named, never over one, never into a
// Maildir: src/maildir/ stays the only code that writes mail files into Maildirs. Files are
// streamed, so a big message is never held whole.
import { createReadStream } from 'node:fs';
import { fsPath } from '../files/byte-names.js';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { mboxFromLine, mboxrdBody } from './export-mbox.js';
import { isMaildirSubdir, openNewFile, writeFailure } from './save-attachment.js';
import type { IndexEntry } from './types.js';

export type ExportTarget = { format: 'mbox'; file: string } | { format: 'eml'; dir: string };

/** A message file and what its `From ` line and .eml name are made of. */
export type ExportItem = { path: string } & Pick<IndexEntry, 'from' | 'subject' | 'date'>;

export interface ExportResult {
  written: number;
  /** Files that vanished before they were read (renamed by a sync meanwhile), by name. */
  skipped: string[];
}

/** Throws a one-line Error naming the file or directory at fault; a half-written file is removed. */
export async function exportMessages(
  items: readonly ExportItem[],
  target: ExportTarget,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  const result: ExportResult = { written: 0, skipped: [] };
  const mbox = target.format === 'mbox' ? await createMbox(target.file) : undefined;
  try {
    for (const item of items) {
      const source = item.path;
      const written = mbox
        ? await appendToMbox(mbox.handle, source, item)
        : await writeEml((target as { dir: string }).dir, source, item);
      if (written) result.written += 1;
      else result.skipped.push(item.path);
      onProgress?.(result.written + result.skipped.length, items.length);
    }
    await mbox?.handle.close();
  } catch (error) {
    if (mbox) {
      await mbox.handle.close().catch(() => undefined);
      await unlink(mbox.path).catch(() => undefined);
    }
    throw error;
  }
  return result;
}

async function createMbox(file: string): Promise<{ path: string; handle: FileHandle }> {
  const shown = sanitizeForTerminal(file);
  if (await isMaildirSubdir(dirname(file))) throw new Error(`refusing to write ${shown}: it is in a Maildir`);
  try {
    return { path: file, handle: await open(file, 'wx', 0o600) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EEXIST' ? `${shown} exists; not overwritten` : `cannot create ${shown}: ${code}`, {
      cause: error,
    });
  }
}

/** The address inside `Name <addr>`, or the whole text. */
function senderAddress(from: string): string {
  return /<([^<>]*)>/.exec(from)?.[1] ?? from;
}

async function appendToMbox(handle: FileHandle, source: string, item: ExportItem): Promise<boolean> {
  // The file's mtime is the server's INTERNALDATE (the arrival date), as a `From ` line wants.
  const arrived = await stat(fsPath(source)).catch(() => undefined);
  if (arrived === undefined) return false;
  try {
    await handle.write(mboxFromLine(senderAddress(item.from), arrived.mtime));
    for await (const chunk of mboxrdBody(createReadStream(fsPath(source)))) await handle.write(chunk);
  } catch (error) {
    throw new Error(`cannot export ${sanitizeForTerminal(basename(item.path))}: ${writeFailure(error)}`, {
      cause: error,
    });
  }
  return true;
}

/** `2024-03-05 1432 Subject.eml` (UTC), the subject's slashes made dashes. */
export function emlName(item: Pick<ExportItem, 'date' | 'subject'>): string {
  const date = new Date(Number.isFinite(item.date) ? item.date : 0).toISOString();
  const stamp = `${date.slice(0, 10)} ${date.slice(11, 13)}${date.slice(14, 16)}`;
  const subject = item.subject.replace(/[\\/]/g, '-').trim() || '(no subject)';
  return `${stamp} ${subject}.eml`;
}

async function writeEml(dir: string, source: string, item: ExportItem): Promise<boolean> {
  const input = await open(fsPath(source), 'r').catch(() => undefined);
  if (input === undefined) return false;
  const { path, handle, shownDir } = await openNewFile(dir, emlName(item)).catch(async (error: unknown) => {
    await input.close();
    throw error;
  });
  try {
    await pipeline(input.createReadStream(), handle.createWriteStream());
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw new Error(
      `cannot export ${sanitizeForTerminal(basename(item.path))} into ${shownDir}: ${writeFailure(error)}`,
      {
        cause: error,
      },
    );
  }
  return true;
}
