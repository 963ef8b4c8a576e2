// A message file that could not be read, or a cur/ or new/ that could not be listed, as the reader,
// the index and export name it: `cannot read PATH: permission denied (EACCES)`.
import { basename } from 'node:path';
import { errnoWords } from '../text/errno-words.js';

export interface Unreadable {
  path: string;
  /** A cur/ or new/ that could not be listed, not a file that could not be read. */
  listing: boolean;
  /** The error's code (ENOENT: gone since the listing), if it has one. */
  code?: string;
  /** `permission denied (EACCES)`, or the error's message. */
  reason: string;
}

export function unreadable(path: string, listing: boolean, error: unknown): Unreadable {
  const code = (error as NodeJS.ErrnoException).code;
  // Node reads a name that is not UTF-8 with U+FFFD: not a file gone since the listing.
  if (code === 'ENOENT' && basename(path).includes('\uFFFD')) return { path, listing, reason: 'its name is not UTF-8' };
  const reason = code !== undefined ? errnoWords(code) : error instanceof Error ? error.message : String(error);
  return { path, listing, ...(code !== undefined ? { code } : {}), reason };
}

/** A directory that could not be listed, by its error's code. */
export function unlistable(dir: string, code: string): Unreadable {
  return { path: dir, listing: true, code, reason: errnoWords(code) };
}

/** `cannot read PATH: permission denied (EACCES)`, `cannot list PATH: …`. */
export function unreadableLine(problem: Unreadable): string {
  return `cannot ${problem.listing ? 'list' : 'read'} ${problem.path}: ${problem.reason}`;
}
