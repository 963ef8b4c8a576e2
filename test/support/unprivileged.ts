// Runs `work` as a user permissions apply to: as root, nothing stops a listing, so the effective
// uid is nobody's for its duration (the real uid stays root's to take it back). The directories on
// the way to what `work` reads must be searchable by others.
const NOBODY = 65534;

export async function asUnprivileged<T>(work: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0 || !process.seteuid) return work();
  process.seteuid(NOBODY);
  try {
    return await work();
  } finally {
    process.seteuid(0);
  }
}
