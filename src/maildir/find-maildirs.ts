// Every maildir under a root, whatever wrote it: verbatim nesting (a/b), Maildir++ dot folders at
// the root (.a.b, and ..a for INBOX children, as mbsync writes them) and mbsync's legacy
// style (top/.sub). Symlinks are never followed; cur/ new/ tmp/ are never descended into.
// A tree with a folder prefix (maildir-tree.ts) holds only the root's entries that start with it.
// In a tree Dovecot wrote, a dot folder's name may hold its listescape plugin's escapes.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MaildirTree } from './maildir-tree.js';
import { decodeFileName, fsPath, hasEscapedBytes } from '../files/byte-names.js';

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

interface Walk {
  found: FoundMaildir[];
  onSkipped: (dir: string, why: SkippedDirectory) => void;
  prefix: string;
  dotted: boolean;
  /** The root is a maildir Dovecot wrote: its dot folders' names are unescaped. */
  dovecot: boolean;
  /** Folders whose names are not UTF-8 are found, named as decodeFileName names them, not skipped. */
  keepUndecodable: boolean;
}

export interface FindOptions {
  /** For a reader that opens paths through fsPath: a name that is not UTF-8 is no reason to skip. */
  keepUndecodable?: boolean;
}

export async function findMaildirs(
  root: string | MaildirTree,
  onSkipped?: (dir: string, why: SkippedDirectory) => void,
  options: FindOptions = {},
): Promise<FoundMaildir[]> {
  const tree = typeof root === 'string' ? { path: root } : root;
  const prefix = tree.folderPrefix ?? '';
  const found: FoundMaildir[] = [];
  const start = path.resolve(tree.path);
  // With a prefix the directory is shared: its own cur/ is no folder of this tree.
  const rootIsMaildir = !prefix && (await isMaildir(start));
  if (rootIsMaildir) found.push({ name: 'INBOX', path: start });
  const dovecot = rootIsMaildir && (await isDovecotMaildir(start));
  await walk(start, [], rootIsMaildir, 0, {
    found,
    onSkipped: onSkipped ?? (() => undefined),
    prefix,
    dotted: tree.dotted === true,
    dovecot,
    keepUndecodable: options.keepUndecodable === true,
  });
  return found.sort((a, b) =>
    a.name === 'INBOX' ? -1 : b.name === 'INBOX' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

async function walk(dir: string, parts: string[], dirIsMaildir: boolean, depth: number, out: Walk): Promise<void> {
  if (depth >= MAX_DEPTH) return;
  let entries;
  try {
    entries = await fs.readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // Vanished (or a file by now): nothing was there to list.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') out.onSkipped(dir, { kind: 'unlistable', code });
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue; // Dirent does not follow symlinks
    const name = decodeFileName(entry.name);
    if (depth === 0 && !name.startsWith(out.prefix)) continue;
    const child = path.join(dir, name);
    if (hasEscapedBytes(name) && !out.keepUndecodable) {
      // Named as Node names it (U+FFFD) for those who open paths by their string.
      out.onSkipped(path.join(dir, entry.name.toString()), { kind: 'undecodable' });
      continue;
    }
    const childParts = folderParts(name, parts, depth, dirIsMaildir, out);
    if (childParts === undefined) continue;
    const childIsMaildir = await isMaildir(child);
    if (childIsMaildir) out.found.push({ name: childParts.join('/'), path: child });
    await walk(child, childParts, childIsMaildir, depth + 1, out);
  }
}

/** The folder name of a directory entry, in parts; undefined when the entry is no folder. */
function folderParts(
  entry: string,
  parts: string[],
  depth: number,
  dirIsMaildir: boolean,
  { prefix, dotted, dovecot }: Walk,
): string[] | undefined {
  let childParts: string[];
  if (depth === 0 && prefix) {
    // The tree's top folders, Path + name as mbsync writes them; the rest is other trees'.
    childParts = dotted ? entry.slice(prefix.length).split('.') : [entry.slice(prefix.length)];
  } else if (entry.startsWith('.')) {
    // Hidden directories (.git, .notmuch) only count as folders inside a maildir.
    if (!dirIsMaildir || entry === '.' || entry === '..') return undefined;
    if (depth > 0) childParts = [...parts, entry.slice(1)];
    else childParts = dovecot ? maildirPlusPlusName(entry).map(unescapeListescape) : maildirPlusPlusName(entry);
  } else {
    if (dirIsMaildir && MAILDIR_SUBDIRS.has(entry)) return undefined;
    childParts = [...parts, entry];
  }
  return childParts.some((part) => part === '') ? undefined : childParts;
}

/** `.a.b` → a/b; `..a.b` (mbsync's INBOX children) → INBOX/a/b. */
function maildirPlusPlusName(entry: string): string[] {
  return entry.startsWith('..') ? ['INBOX', ...entry.slice(2).split('.')] : entry.slice(1).split('.');
}

/**
 * Dovecot's listescape plugin writes a character a Maildir++ name cannot hold as `\` and two hex
 * digits: `.v1\2e2` is the folder `v1.2`, `\5c` a backslash, `\7e` a leading `~`. Printable ASCII
 * only (the names are modified UTF-7); a `/` inside one level (`Projects\2f2024`, on a server
 * whose separator is `.`) stays escaped: here `/` separates levels.
 */
function unescapeListescape(part: string): string {
  return part.replace(/\\([0-9a-fA-F]{2})/g, (escape, hex: string) => {
    const code = parseInt(hex, 16);
    return code < 0x20 || code > 0x7e || code === 0x2f ? escape : String.fromCharCode(code);
  });
}

/** Dovecot keeps its UID list (and index) in every maildir it has opened; mbsync and mailkeep do not. */
async function isDovecotMaildir(dir: string): Promise<boolean> {
  return Boolean(await fs.lstat(fsPath(path.join(dir, 'dovecot-uidlist'))).catch(() => undefined));
}

/** A cur/ makes a maildir, as for mutt: a tree kept in git, or copied by some tools, lacks its empty new/ and tmp/. */
async function isMaildir(dir: string): Promise<boolean> {
  return Boolean((await fs.lstat(fsPath(path.join(dir, 'cur'))).catch(() => undefined))?.isDirectory());
}
