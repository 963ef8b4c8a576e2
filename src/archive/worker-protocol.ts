// What the index worker thread and its owner say to each other (one typed protocol, as aerc's
// workers have).
import type { SyncedFolderChanges } from './apply-folder-changes.js';
import type { PackedFile } from './feed-pack.js';
import type { FolderChanges } from './refresh-folder.js';
import type { IndexRoot, TreeChanges, TreeProgress } from './refresh-tree.js';
import type { FolderRef } from './write-rows.js';

export interface WorkerSetup {
  file: string;
  /** Run the thread at the lowest CPU priority (behind a sync that shares the machine). */
  lowPriority: boolean;
}

export type ToWorker =
  | {
      kind: 'stored';
      folder: FolderRef;
      /** Each file's bytes as a range of one of `parts` (length 0: none, read the file). */
      files: PackedFile[];
      /** The batch's bytes, transferred (not copied) to the worker. */
      parts: ArrayBuffer[];
    }
  /** A sync pass is done with the folder: its changes applied if they can be, else it is refreshed. */
  | { kind: 'synced'; folder: FolderRef; changes: SyncedFolderChanges }
  | { kind: 'refresh'; id: number; folders: FolderRef[]; roots: IndexRoot[]; force: boolean }
  | { kind: 'close'; finish: boolean };

export type FromWorker =
  | { kind: 'ack'; bytes: number }
  | { kind: 'progress'; id: number; progress: TreeProgress }
  | { kind: 'done'; id: number; changes: TreeChanges }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'notice'; text: string };

export type { FolderChanges };
