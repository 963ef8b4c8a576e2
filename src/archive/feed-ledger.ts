// The folders a sync's feed may leave behind: one file per process beside the index
// (`archive.sqlite.feed-<pid>`), a JSON line per folder, written as each folder's pass begins and
// removed once the worker has indexed everything it was given. A sync killed after a folder's
// state was saved, before the worker committed its rows, leaves that folder unchanged for every
// later pass, which then skips it: nothing would index those messages but `mailkeep index`. The
// file left by a process that is gone names them, and the next feed refreshes those folders (by
// their stamps: an unchanged one costs two stats). Not fsynced: it must survive the process, and
// the index is a cache.
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory } from '../files/make-directory.js';
import { isProcessAlive } from '../maildir/index.js';
import type { FolderRef } from './write-rows.js';
import { removeQuietly } from '../files/remove-quietly.js';

export interface FeedLedger {
  /** Folders whose feed a process now gone did not finish: to refresh. Now noted in this one's file. */
  readonly inherited: FolderRef[];
  /** A folder whose files are about to change; noted once. */
  note(folder: FolderRef): void;
  /** The worker indexed all it was given: no folder is left behind. */
  finished(): void;
}

export function openFeedLedger(indexFile: string): FeedLedger {
  const dir = path.dirname(indexFile);
  const prefix = `${path.basename(indexFile)}.feed-`;
  const own = path.join(dir, `${prefix}${process.pid}`);
  const noted = new Set<string>();
  // Opened at the first note and kept: a pass notes up to every folder (~5 µs a line, where opening
  // the file for each cost ~30 µs).
  let fd: number | undefined;
  const note = (folder: FolderRef) => {
    if (noted.has(folder.path)) return;
    noted.add(folder.path);
    try {
      if (fd === undefined) {
        makeDirectory(dir, 0o700);
        fd = openSync(own, 'a', 0o600);
      }
      writeSync(fd, `${JSON.stringify(folder)}\n`);
    } catch {
      // a cache that cannot be written: the index reports its own failures
    }
  };
  const inherited: FolderRef[] = [];
  for (const file of leftLedgers(dir, prefix)) {
    for (const folder of readLedger(file)) {
      if (noted.has(folder.path)) continue;
      note(folder);
      inherited.push(folder);
    }
    removeQuietly(file);
  }
  const finished = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    noted.clear();
    removeQuietly(own);
  };
  return { inherited, note, finished };
}

/** The ledgers of processes that are gone (a missing directory has none). */
function leftLedgers(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      if (!name.startsWith(prefix)) return false;
      const pid = Number(name.slice(prefix.length));
      return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid);
    })
    .map((name) => path.join(dir, name));
}

/** Its readable lines (a line torn by a crash is skipped: its folder was not changed yet). */
function readLedger(file: string): FolderRef[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const folders: FolderRef[] = [];
  for (const line of text.split('\n')) {
    try {
      const folder = JSON.parse(line) as Partial<FolderRef>;
      if (typeof folder.path === 'string' && typeof folder.account === 'string' && typeof folder.name === 'string')
        folders.push({ path: folder.path, account: folder.account, name: folder.name });
    } catch {
      // an empty or torn line
    }
  }
  return folders;
}
