// Runs `work` as a user permissions apply to: as root, nothing stops a listing, so the effective
// uid is nobody's for its duration (the real uid stays root's to take it back). The euid is the
// whole process's, across every await of `work`: nothing else may run meanwhile (the tests of a
// file run one at a time). The directories on the way to what `work` reads must be searchable by
// others.
import { chmod } from 'node:fs/promises';

const NOBODY = 65534;

/**
 * `work`, run unprivileged with `dir` unlistable (mode 000). The dir's mode (0755) and the euid are
 * given back whatever `work` does, so a failure leaves nothing its cleanup cannot remove.
 */
export function withUnlistableDir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  return withModeZero(dir, 0o755, work);
}

/** `work`, run unprivileged with `file` unreadable (mode 000), given back 0644 after. */
export function withUnreadableFile<T>(file: string, work: () => Promise<T>): Promise<T> {
  return withModeZero(file, 0o644, work);
}

async function withModeZero<T>(path: string, restore: number, work: () => Promise<T>): Promise<T> {
  await chmod(path, 0o000);
  try {
    return await asUnprivileged(work);
  } finally {
    await chmod(path, restore);
  }
}

async function asUnprivileged<T>(work: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0 || !process.seteuid) return work();
  process.seteuid(NOBODY);
  try {
    return await work();
  } finally {
    process.seteuid(0);
  }
}
