// What a system call's error code says, in words (strerror(3)'s, where it has them), with the code
// beside them for searching: `cannot create ~/Mail: read-only file system (EROFS)`, `cannot connect
// to HOST (ADDRESS:PORT): connection refused (ECONNREFUSED)`.

const WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  ENOTEMPTY: 'directory not empty',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EBUSY: 'device or resource busy',
  EXDEV: 'not on the same file system',
  ESTALE: 'stale file handle',
  EINVAL: 'invalid argument',
  EADDRINUSE: 'address already in use',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'broken pipe',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EAI_AGAIN: 'name lookup failed for now',
};

/** `permission denied (EACCES)`; a code without words alone, in parentheses; `unknown error` without one. */
export function errnoWords(code: string | undefined): string {
  if (code === undefined) return 'unknown error';
  const words = WORDS[code];
  return words === undefined ? `(${code})` : `${words} (${code})`;
}
