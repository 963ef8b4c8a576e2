// Directories whose entries changed (renames, unlinks) and are not yet durable: each is fsynced
// once however many changes it saw.

export interface DirectorySyncs {
  /** Notes that an entry of `dir` was added, renamed or removed. */
  add(dir: string): void;
  /** fsyncs every directory noted since the last call; on failure they stay noted for the next. */
  sync(): Promise<void>;
}

/** Without `syncDirectory` (fsync off), sync() only forgets the noted directories. */
export function directorySyncs(syncDirectory: ((dir: string) => Promise<void>) | undefined): DirectorySyncs {
  const unsynced = new Set<string>();
  return {
    add(dir) {
      unsynced.add(dir);
    },
    async sync() {
      const dirs = [...unsynced];
      unsynced.clear();
      if (syncDirectory === undefined) return;
      try {
        await Promise.all(dirs.map(syncDirectory));
      } catch (error) {
        // Not known to be durable: the next sync() tries them again.
        for (const dir of dirs) unsynced.add(dir);
        throw error;
      }
    },
  };
}
