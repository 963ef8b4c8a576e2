// `mkdir -p` that ends. Node 20's `mkdir(dir, { recursive: true })` (sync and async) spins at
// full CPU forever when a parent exists but cannot hold the child: a path under /proc, or a
// symbolic link to a directory that is gone (a Maildir on a disk that is not mounted). There
// mkdir answers ENOENT, Node creates the parent (EEXIST) and tries the child again, endlessly
// (nodejs/node: the same walk as bun's oven-sh/bun#36162). Here each level is made once, in order.
import { mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { MaildirError } from './errors.js';

/**
 * Makes `dir` and its missing parents (each with `mode`); returns the first directory it made, or
 * undefined when `dir` was there already, as `mkdir(dir, { recursive: true })` does. Throws the
 * system's error (ENOENT, EACCES, EEXIST for a file in the way) naming the path at fault, or a
 * MaildirError for a symbolic link to nothing.
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
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(level))
        throw danglingOr(error, dir, level);
    }
  }
  return missing[0];
}

/** Follows links: a link to a directory is one. Unreadable is "not a directory" (mkdir then says why). */
function isDirectory(at: string): boolean {
  return statOf(at)?.isDirectory() ?? false;
}

/** EEXIST for a name that stat cannot follow is a symbolic link to nothing: said so. */
function danglingOr(error: unknown, dir: string, level: string): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || statOf(level) !== undefined) return error;
  const said = `cannot create ${dir}: ${level} is a symbolic link to a missing directory (a disk not mounted?)`;
  return new MaildirError('IO', level, said, { cause: error });
}

/** stat's answer (following links); undefined when nothing is there, null when it cannot be read. */
function statOf(at: string): Stats | undefined | null {
  try {
    return statSync(at, { throwIfNoEntry: false });
  } catch {
    return null;
  }
}
