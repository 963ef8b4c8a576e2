// What a child process does to a file it replaces, its temp file beside it and their directory, as
// strace sees the system calls, in order: `create <mode>`, `fsync file`, `rename`, `fsync dir`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureProgram } from './system-packages.js';

/** Runs `node --import tsx <script> ...args` under strace -f; the calls on `file`'s directory. */
export function tracedReplace(file: string, script: string, args: string[]): string[] {
  const strace = ensureProgram('strace', 'strace');
  const dir = path.dirname(file);
  const log = `${dir}.strace`;
  const calls = 'trace=openat,fsync,fdatasync,rename,renameat,renameat2';
  execFileSync(strace, [
    '-f',
    '-qq',
    '-y',
    '-e',
    calls,
    '-o',
    log,
    process.execPath,
    '--import',
    'tsx',
    script,
    ...args,
  ]);
  return readFileSync(log, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const created = /openat\([^,]+, "([^"]+)", O_WRONLY\|O_CREAT[^,]*, (0\d+)\)/.exec(line);
      if (created && path.dirname(created[1]!) === dir) return [`create ${created[2]}`];
      const synced = /(?:fsync|fdatasync)\(\d+<([^>]+)>/.exec(line)?.[1];
      if (synced === dir) return ['fsync dir'];
      if (synced !== undefined && path.dirname(synced) === dir) return ['fsync file'];
      return /rename(?:at2?)?\(.*"([^"]+)"/.exec(line)?.[1] === file ? ['rename'] : [];
    });
}
