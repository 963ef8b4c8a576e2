// Whether a path is a directory or lies below it, by the paths' text (links are not followed:
// a caller that needs real paths resolves them first).
import path from 'node:path';

/**
 * `file` is `dir` itself or below it. Only '..' and what is under it lie outside: a name that
 * merely starts with two dots (Maildir++'s INBOX child `..Sub`) is inside.
 */
export function isPathInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
