// Creating a Maildir's cur/ new/ tmp/ without ever writing through a symlink inside the account's tree.
import { lstatSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { attempt, MaildirError, toMaildirError } from './errors.js';
import { makeDirectory } from '../files/make-directory.js';
import type { MailboxLayout } from './mailbox-path.js';
import { isPathInside } from './path-inside.js';

const DIR_MODE = 0o700;

/**
 * cur/ new/ tmp/ (and missing parents), all 0700; new directories are made durable. Below
 * `accountRoot` and for cur/ new/ tmp/, an existing symlink is refused rather than written through.
 */
export async function createMaildir(
  root: string,
  accountRoot: string | undefined,
  syncDirectory: ((dir: string) => Promise<void>) | undefined,
): Promise<void> {
  const base = accountRoot ?? root;
  const below = path
    .relative(base, root)
    .split(path.sep)
    .filter(Boolean)
    .map((_, i, parts) => path.join(base, ...parts.slice(0, i + 1)));
  // The usual case, every pass after the first: all there already, checked with synchronous
  // lstats (microseconds from the inode cache, less than one thread-pool round trip each).
  const checked = [...below, ...['cur', 'new', 'tmp'].map((sub) => path.join(root, sub))];
  if (checked.every((dir) => isRealDirectory(dir))) return;
  let highestCreated = makeAccountRoot(base, accountRoot !== undefined);
  for (const dir of checked) {
    if ((await makeRealDirectory(dir)) && highestCreated === undefined) highestCreated = dir;
  }
  if (highestCreated === undefined || syncDirectory === undefined) return;
  // fsync each directory that gained an entry, from the maildir up to the first pre-existing parent.
  for (let dir = root; ; dir = path.dirname(dir)) {
    await syncDirectory(dir);
    if (dir === path.dirname(highestCreated) || dir === path.dirname(dir)) break;
  }
}

/** Every mailbox of an account lives below its root: one it cannot make stops the account, with one line. */
function makeAccountRoot(base: string, isAccountRoot: boolean): string | undefined {
  try {
    return makeDirectory(base, DIR_MODE);
  } catch (error) {
    const failed = toMaildirError(error, 'create', base);
    if (!isAccountRoot) throw failed;
    throw new MaildirError(failed.code, failed.path, failed.message, { cause: error, scope: 'account' });
  }
}

/** The one of the account's roots that holds `dir` (the deepest, when Inbox lies under Path). */
export function accountRootOf(layout: MailboxLayout, dir: string): string {
  const roots = [layout.localPath, layout.inboxPath].map((p) => path.resolve(p)).sort((a, b) => b.length - a.length);
  const root = roots.find((r) => isPathInside(dir, r));
  if (root === undefined) {
    throw new MaildirError('IO', dir, `${dir} is outside the account's folders ${roots.join(' and ')}`);
  }
  return root;
}

function isRealDirectory(dir: string): boolean {
  try {
    return lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** Creates `dir` (its parent exists); true if it was created, an error if it is a symlink or no directory. */
async function makeRealDirectory(dir: string): Promise<boolean> {
  try {
    await fs.mkdir(dir, { mode: DIR_MODE });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw toMaildirError(error, 'create', dir);
  }
  const stat = await attempt('create', dir, () => fs.lstat(dir));
  if (stat.isSymbolicLink()) {
    const reason = 'mailkeep does not write through links inside a Maildir tree';
    throw new MaildirError('IO', dir, `${dir} is a symbolic link: ${reason}`);
  }
  if (!stat.isDirectory()) throw new MaildirError('IO', dir, `${dir} is not a directory`);
  return false;
}
