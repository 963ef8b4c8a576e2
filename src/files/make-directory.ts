// `mkdir -p` that ends and says what is wrong. Node 20's `mkdir(dir, { recursive: true })` (sync
// and async) spins at full CPU forever when a parent exists but mkdir answers ENOENT below it (a
// path under /proc): Node makes the parent (EEXIST) and tries the child again, endlessly (the same
// walk as bun's oven-sh/bun#36162). Below a symbolic link to a directory that is gone (a Maildir
// on a disk that is not mounted) it answers ENOTDIR or ENOENT for another path. Here each level is
// made once, in order, and such a link is named.
import { mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * Makes `dir` and its missing parents (each with `mode`); returns the first directory it made, or
 * undefined when `dir` was there already, as `mkdir(dir, { recursive: true })` does. Throws the
 * system's error (ENOENT, EACCES, EEXIST for a file in the way) naming the path at fault, or a
 * DanglingLinkError.
 */
export function makeDirectory(dir: string, mode: number): string | undefined {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !isDirectory(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level, { mode });
    } catch (error) {
      // Made by someone else meanwhile: fine if it is a directory now.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(level)) throw danglingOr(error, level);
    }
  }
  return missing[0];
}

/** Follows links: a link to a directory is one. Unreadable is "not a directory" (mkdir then says why). */
function isDirectory(at: string): boolean {
  return statOf(at)?.isDirectory() ?? false;
}

/** A symbolic link to a directory that is gone, met on the way to a directory below it. */
export class DanglingLinkError extends Error {
  override readonly name = 'DanglingLinkError';
  readonly code = 'ENOENT';
  constructor(readonly path: string) {
    super(`${path} is a symbolic link to a missing directory (a disk not mounted?)`);
  }
}

/** EEXIST for a name that stat cannot follow is a symbolic link to nothing: said so. */
function danglingOr(error: unknown, level: string): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || statOf(level) !== undefined) return error;
  return new DanglingLinkError(level);
}

/** stat's answer (following links); undefined when nothing is there, null when it cannot be read. */
function statOf(at: string): Stats | undefined | null {
  try {
    return statSync(at, { throwIfNoEntry: false });
  } catch {
    return null;
  }
}
