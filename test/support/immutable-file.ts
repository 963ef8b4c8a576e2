// A file nothing may replace, rename over or remove for a moment, root included (chattr +i, which
// needs root and CAP_LINUX_IMMUTABLE, which containers often drop, and a file system that keeps
// the flag), while it stays readable: a write to it fails whatever temp file the writer goes
// through. Given back its flag whatever `work` does, so the test's cleanup can remove it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureProgram } from './system-packages.js';

/** Why tests of a file made immutable cannot run here; false where they can. */
export const immutableSkip = ((): string | false => {
  if (process.getuid?.() !== 0) return 'needs root to make a file immutable (chattr +i)';
  const dir = mkdtempSync(path.join(tmpdir(), 'mailkeep-chattr-'));
  const file = path.join(dir, 'probe');
  try {
    const chattr = ensureProgram('chattr', 'e2fsprogs');
    writeFileSync(file, '');
    execFileSync(chattr, ['+i', file], { stdio: 'ignore' });
    execFileSync(chattr, ['-i', file], { stdio: 'ignore' });
    return false;
  } catch {
    return 'chattr +i is refused here (no CAP_LINUX_IMMUTABLE, or a file system without the flag)';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

export async function withImmutableFile<T>(file: string, work: () => Promise<T>): Promise<T> {
  const chattr = ensureProgram('chattr', 'e2fsprogs');
  execFileSync(chattr, ['+i', file]);
  try {
    return await work();
  } finally {
    execFileSync(chattr, ['-i', file]);
  }
}
