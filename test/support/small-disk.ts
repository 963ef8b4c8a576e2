// A small tmpfs mounted on a directory (needs root), for a real ENOSPC. Its reaper is armed before
// the mount: a killed test run leaves nothing mounted and no temp dir.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armReaper, shellWord } from './reaper.js';

export interface SmallDisk {
  /** The temp root; the tmpfs is mounted on `<root>/mail`. */
  root: string;
  mountPoint: string;
  resize(size: string): void;
  /** Unmounts and removes the root. */
  remove(): void;
}

export function mountSmallDisk(size: string): SmallDisk {
  const root = mkdtempSync(join(tmpdir(), 'mailkeep-full-'));
  const mountPoint = join(root, 'mail');
  const reaper = armReaper(`umount ${shellWord(mountPoint)} 2>/dev/null; rm -rf ${shellWord(root)}`);
  let mounted = false;
  const remove = () => {
    if (mounted) execFileSync('umount', [mountPoint]);
    mounted = false;
    rmSync(root, { recursive: true, force: true });
    reaper.disarm();
  };
  try {
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mountPoint]);
    mounted = true;
  } catch (error) {
    remove();
    throw error;
  }
  return {
    root,
    mountPoint,
    remove,
    resize: (to) => void execFileSync('mount', ['-o', `remount,size=${to}`, mountPoint]),
  };
}
