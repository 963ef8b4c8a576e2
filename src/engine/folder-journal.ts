// What a mailbox's pass did to its folder's files, for the archive index: every file added
// (downloaded or linked), renamed (flags) and removed, and the folder's stamp before and after.
// With it the index updates the folder's rows without listing it (archive/apply-folder-changes.ts).
// maildir-folder.ts is the only code that changes message files, so wrapping its writing methods
// records all of it (setAside is a removal, as far as the folder shows); a write that fails
// part-way marks the record incomplete.
import type { FileChange, SyncedFolderChanges } from '../archive/index.js';
import { readFolderStamp, type LocalMaildirFolder } from '../maildir/index.js';

export interface FolderJournal {
  /** The folder to write through: the same one, each change recorded. */
  folder: LocalMaildirFolder;
  /** What was recorded, with the folder's stamp now (read after its last change is durable). */
  changes(): SyncedFolderChanges;
}

/** `before`: the folder's stamp read before it was opened (null when it did not exist yet). */
export function journalFolder(folder: LocalMaildirFolder, before: string | null): FolderJournal {
  const changes: FileChange[] = [];
  let complete = true;
  const recorded = async <T>(write: () => Promise<T>, record: (result: T) => void): Promise<T> => {
    try {
      const result = await write();
      record(result);
      return result;
    } catch (error) {
      complete = false;
      throw error;
    }
  };
  return {
    folder: {
      ...folder,
      writeBatch: (messages) =>
        recorded(
          () => folder.writeBatch(messages),
          (written) => written.forEach((m) => changes.push({ added: m.path })),
        ),
      place: (item) =>
        recorded(
          () => folder.place(item),
          ({ stored }) => changes.push({ added: stored.path }),
        ),
      setFlags: (updates) =>
        recorded(
          () => folder.setFlags(updates),
          (renamed) => renamed.forEach((m, i) => changes.push({ renamed: [updates[i]!.message.path, m.path] })),
        ),
      remove: (messages) =>
        recorded(
          () => folder.remove(messages),
          () => messages.forEach((m) => changes.push({ removed: m.path })),
        ),
      setAside: (messages, onMoved) =>
        recorded(
          () => folder.setAside(messages, onMoved),
          () => messages.forEach((m) => changes.push({ removed: m.path })),
        ),
    },
    changes: () => ({ before, after: readFolderStamp(folder.path), changes, complete }),
  };
}
