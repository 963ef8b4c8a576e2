// A file nothing may replace, rename over or remove for a moment, root included (chattr +i, which
// needs root), while it stays readable: a write to it fails whatever temp file the writer goes
// through. Given back its flag whatever `work` does, so the test's cleanup can remove it.
import { execFileSync } from 'node:child_process';
import { ensureProgram } from './system-packages.js';

export const immutableSkip = process.getuid?.() === 0 ? false : 'needs root to make a file immutable (chattr +i)';

export async function withImmutableFile<T>(file: string, work: () => Promise<T>): Promise<T> {
  const chattr = ensureProgram('chattr', 'e2fsprogs');
  execFileSync(chattr, ['+i', file]);
  try {
    return await work();
  } finally {
    execFileSync(chattr, ['-i', file]);
  }
}
