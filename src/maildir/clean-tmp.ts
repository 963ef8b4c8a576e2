// Clearing tmp/ of files whose writer is gone, without touching one another program may be writing.
import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { unlinkIfPresent } from './durable-fs.js';
import { attemptSync } from './errors.js';
import { parseUniqueName, sanitizeHost } from './naming.js';
import { isProcessAlive } from './process-alive.js';
import { isSetAside } from './set-aside.js';

/** Maildir practice (qmail, Dovecot): a tmp/ file untouched this long is abandoned, whoever wrote it. */
const ABANDONED_TMP_MS = 36 * 60 * 60 * 1000;

/**
 * Deletes the leftovers of `root`/tmp/ (see isOurLeftover) and files untouched for 36 hours;
 * returns how many. A set-aside file goes only when `keepSetAside` says nothing can find it.
 */
export async function cleanTmp(
  root: string,
  host: string,
  keepSetAside: (file: string) => boolean = () => true,
): Promise<number> {
  const tmp = path.join(root, 'tmp');
  const entries = attemptSync('list', tmp, () => readdirSync(tmp, { withFileTypes: true }));
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(tmp, entry.name);
    if (isSetAside(file)) {
      if (!keepSetAside(file)) await unlinkIfPresent(file);
      continue;
    }
    if (!(isOurLeftover(entry.name, host) || (await isAbandoned(file)))) continue;
    await unlinkIfPresent(file);
    removed++;
  }
  return removed;
}

/**
 * A tmp/ file of ours whose writer is gone: this process (its batches clean up after themselves)
 * or a dead one on this host. Another program's file (mbsync, a MUA) may be being written now.
 */
function isOurLeftover(name: string, host: string): boolean {
  const writer = parseUniqueName(name);
  if (writer === undefined || writer.host !== sanitizeHost(host)) return false;
  return writer.pid === process.pid || !isProcessAlive(writer.pid);
}

async function isAbandoned(file: string): Promise<boolean> {
  const stat = await fs.lstat(file).catch(() => undefined);
  return stat !== undefined && Date.now() - stat.mtimeMs > ABANDONED_TMP_MS;
}
