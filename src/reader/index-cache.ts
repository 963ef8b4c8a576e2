// The index cache lives outside the Maildir (XDG cache dir): one JSON file per mailbox, named by
// a hash of the mailbox's absolute path. Losing or corrupting it only costs a rescan.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IndexEntry } from './types.js';

const CACHE_VERSION = 1;

interface CacheFile {
  version: number;
  path: string;
  entries: IndexEntry[];
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mailkeep', 'index');
}

export function cacheFileFor(cacheDir: string, maildir: string): string {
  const hash = createHash('sha256').update(resolve(maildir)).digest('hex').slice(0, 32);
  return join(cacheDir, `${hash}.json`);
}

export async function loadIndexCache(cacheDir: string, maildir: string): Promise<IndexEntry[]> {
  try {
    const data = JSON.parse(await readFile(cacheFileFor(cacheDir, maildir), 'utf8')) as CacheFile;
    return data.version === CACHE_VERSION && data.path === resolve(maildir) && Array.isArray(data.entries)
      ? data.entries
      : [];
  } catch {
    return [];
  }
}

/** Best effort: a read-only or full cache dir must not stop the reader. */
export async function saveIndexCache(cacheDir: string, maildir: string, entries: IndexEntry[]): Promise<void> {
  const file = cacheFileFor(cacheDir, maildir);
  const data: CacheFile = { version: CACHE_VERSION, path: resolve(maildir), entries };
  try {
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
    await rename(tmp, file);
  } catch {
    // ignored on purpose, see above
  }
}
