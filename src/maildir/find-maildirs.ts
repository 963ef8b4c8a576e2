// Every maildir under a root, whatever wrote it: verbatim nesting (a/b), Maildir++ dot folders at
// the root (.a.b, and ..a for INBOX children, as mbsync writes them) and mbsync's legacy
// style (top/.sub). Symlinks are never followed; cur/ new/ tmp/ are never descended into.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FoundMaildir {
  /** UTF-8, '/'-separated; 'INBOX' for the root itself. */
  name: string;
  path: string;
}

const MAILDIR_SUBDIRS = new Set(['cur', 'new', 'tmp']);
const MAX_DEPTH = 32;

/**
 * Why a directory under the root was left out: its name is not UTF-8 (it cannot be opened by its
 * decoded name), or it could not be listed (no permission, an I/O error): what is below it is unknown.
 */
export type SkippedDirectory = { kind: 'undecodable' } | { kind: 'unlistable'; code: string };

export async function findMaildirs(
  root: string,
  onSkipped?: (dir: string, why: SkippedDirectory) => void,
): Promise<FoundMaildir[]> {
  const found: FoundMaildir[] = [];
  const start = path.resolve(root);
  const rootIsMaildir = await isMaildir(start);
  if (rootIsMaildir) found.push({ name: 'INBOX', path: start });
  await walk(start, [], rootIsMaildir, 0, { found, onSkipped: onSkipped ?? (() => undefined) });
  return found.sort((a, b) =>
    a.name === 'INBOX' ? -1 : b.name === 'INBOX' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

async function walk(
  dir: string,
  parts: string[],
  dirIsMaildir: boolean,
  depth: number,
  out: { found: FoundMaildir[]; onSkipped: (dir: string, why: SkippedDirectory) => void },
): Promise<void> {
  if (depth >= MAX_DEPTH) return;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // Vanished (or a file by now): nothing was there to list.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') out.onSkipped(dir, { kind: 'unlistable', code });
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue; // Dirent does not follow symlinks
    const child = path.join(dir, entry.name);
    // Node decodes a name that is not UTF-8 with U+FFFD: that name leads nowhere.
    if (entry.name.includes('\uFFFD') && !(await fs.lstat(child).catch(() => undefined))) {
      out.onSkipped(child, { kind: 'undecodable' });
      continue;
    }
    let childParts: string[];
    if (entry.name.startsWith('.')) {
      // Hidden directories (.git, .notmuch) only count as folders inside a maildir.
      if (!dirIsMaildir || entry.name === '.' || entry.name === '..') continue;
      childParts = depth === 0 ? maildirPlusPlusName(entry.name) : [...parts, entry.name.slice(1)];
    } else {
      if (dirIsMaildir && MAILDIR_SUBDIRS.has(entry.name)) continue;
      childParts = [...parts, entry.name];
    }
    if (childParts.some((part) => part === '')) continue;
    const childIsMaildir = await isMaildir(child);
    if (childIsMaildir) out.found.push({ name: childParts.join('/'), path: child });
    await walk(child, childParts, childIsMaildir, depth + 1, out);
  }
}

/** `.a.b` → a/b; `..a.b` (mbsync's INBOX children) → INBOX/a/b. */
function maildirPlusPlusName(entry: string): string[] {
  return entry.startsWith('..') ? ['INBOX', ...entry.slice(2).split('.')] : entry.slice(1).split('.');
}

/** A cur/ makes a maildir, as for mutt: a tree kept in git, or copied by some tools, lacks its empty new/ and tmp/. */
async function isMaildir(dir: string): Promise<boolean> {
  return Boolean((await fs.lstat(path.join(dir, 'cur')).catch(() => undefined))?.isDirectory());
}
