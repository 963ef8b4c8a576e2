import fs from 'node:fs/promises';
import path from 'node:path';

const SUBDIRS = ['tmp', 'new', 'cur'];

/**
 * Removes a Maildir folder that holds nothing at all: cur/, new/ and tmp/ empty, nothing beside them
 * (a subfolder, another tool's state file keeps it). Whether it is gone (or was never there).
 */
export async function removeEmptyMaildir(dir: string): Promise<boolean> {
  const entries = await fs
    .readdir(dir)
    .catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : error));
  if (entries === null) return true;
  if (entries instanceof Error || entries.some((name) => !SUBDIRS.includes(name))) return false;
  for (const sub of entries) {
    if ((await fs.readdir(path.join(dir, sub)).catch(() => ['?'])).length > 0) return false;
  }
  for (const sub of entries) await fs.rmdir(path.join(dir, sub)).catch(() => undefined);
  return fs.rmdir(dir).then(
    () => true,
    () => false,
  );
}
