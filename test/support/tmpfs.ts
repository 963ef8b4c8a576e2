// A small tmpfs mounted for one test (as root only): another filesystem, so a hard link into it
// fails with EXDEV. The unmount is armed before the mount, and runs after the test whatever happens.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after } from 'node:test';

export const canMount = process.getuid?.() === 0;

/** Mounts a tmpfs of `sizeMb` on `dir` (created if missing); unmounted after the test file. */
export function mountTmpfs(dir: string, sizeMb = 16): void {
  mkdirSync(dir, { recursive: true });
  let mounted = false;
  after(() => {
    if (mounted) execFileSync('umount', [dir]);
  });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir]);
  mounted = true;
}
