// Removing a file whose loss is no failure of its own: a temp file after a write failed, a ledger
// that is done. What could not be written may not be removable either; the first failure is the one said.
import { rmSync } from 'node:fs';

/** Removes `file` if it is there; a file that cannot be removed is left in place, without a word. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // left in place
  }
}
