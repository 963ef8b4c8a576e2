// What `mailkeep restore` reports: the sync engine's events where they fit (connection, paused,
// notice, error) and its own per folder and per message. `restore --json` prints these as they are.
import type { EngineEvent } from './events.js';

/** appended; skipped: the target holds it already; failed: refused or unreadable; would-append: --dry-run. */
export type RestoreOutcome = 'appended' | 'skipped' | 'failed' | 'would-append';

export interface RestoreCounts {
  appended: number;
  skipped: number;
  failed: number;
  /** Of those --dry-run would append. */
  wouldAppend: number;
  /** Bytes appended (or that would be). */
  bytes: number;
}

export interface RestoreSummary extends RestoreCounts {
  account: string;
  folders: number;
  /** Source folder names that could not be restored in full. */
  foldersFailed: string[];
  /** Source folder names left alone: they would go into another user's or a shared namespace. */
  foldersLeftOut: string[];
  dryRun: boolean;
  elapsedMs: number;
  /** 0 = every message appended or already there, 1 = some failed, 2 = could not run. */
  exitCode: 0 | 1 | 2;
}

export type RestoreEvent =
  | EngineEvent
  /** A source folder is next: its messages go to `target` (a `/`-separated name on the server). */
  | { type: 'restore-folder'; folder: string; target: string; files: number; at: number }
  /** `file` is relative to the source tree; `reason` says why one failed, `messageId` which it is where known. */
  | {
      type: 'restore-message';
      folder: string;
      file: string;
      outcome: RestoreOutcome;
      bytes: number;
      reason?: string;
      messageId?: string;
      at: number;
    }
  /** A source folder left alone: `reason` says why (it would go into another user's or a shared namespace). */
  | { type: 'restore-folder-skipped'; folder: string; reason: string; at: number }
  | ({ type: 'restore-folder-done'; folder: string; target: string; at: number } & RestoreCounts)
  | { type: 'restore-summary'; summary: RestoreSummary; at: number };
