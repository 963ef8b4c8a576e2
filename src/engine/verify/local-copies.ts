// The files a mailbox's folder holds for the server's UIDs, as the sync sees them (its own names of
// this UIDVALIDITY, plus the files its state says it adopted), each with the size its name records
// and the size it has now. Only read: nothing in the folder is touched, not even created.
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseMaildirName, scanFolder, type StoredMessage } from '../../maildir/index.js';
import { storedOf } from '../list-messages.js';

export interface LocalCopy {
  uid: number;
  path: string;
  /** The literal's length when it was stored (`,S=` of our names); undefined for another tool's file. */
  recordedSize?: number;
  /** Its size now; undefined when it vanished meanwhile. */
  actualSize?: number;
}

export async function localCopies(
  localDir: string,
  uidValidity: number,
  adopted: Readonly<Record<string, string>>,
): Promise<Map<number, LocalCopy>> {
  const copies = new Map<number, LocalCopy>();
  if (!(await stat(path.join(localDir, 'cur')).catch(() => undefined))?.isDirectory()) return copies;
  const scan = await scanFolder(localDir);
  const left = { ...adopted };
  const stored: Map<number, StoredMessage> = storedOf(scan.messages, left, uidValidity);
  for (const [uid, message] of stored) {
    const recordedSize = parseMaildirName(path.basename(message.path)).size;
    copies.set(uid, { uid, path: message.path, ...(recordedSize !== undefined ? { recordedSize } : {}) });
  }
  // Files of another tool (mbsync) that the sync adopted keep their own names.
  const foreignByBase = new Map(scan.foreign.map((file) => [file.base, file.path]));
  for (const [uid, base] of Object.entries(adopted)) {
    const file = foreignByBase.get(base);
    if (file !== undefined && !copies.has(Number(uid))) copies.set(Number(uid), { uid: Number(uid), path: file });
  }
  await Promise.all(
    [...copies.values()].map(async (copy) => {
      const size = (await lstat(copy.path).catch(() => undefined))?.size;
      if (size !== undefined) copy.actualSize = size;
    }),
  );
  return copies;
}
