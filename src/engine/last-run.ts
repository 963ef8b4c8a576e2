// The outcome of the last `mailkeep sync` (a pass of `--watch` included), kept in the state dir for
// `mailkeep schedule status`: when it finished, its exit code and what it changed. Replaced whole
// (write, then rename), so a reader never sees half of one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SyncSummary } from './events.js';
import { replaceFile } from '../maildir/index.js';

export const LAST_RUN_FILE = 'last-run.json';

export interface LastRun {
  finishedAt: string;
  exitCode: number;
  /** Part of `mailkeep sync --watch` rather than a run of its own. */
  watch: boolean;
  mailboxes: number;
  mailboxesFailed: number;
  added: number;
  flagsUpdated: number;
  deleted: number;
  bytes: number;
  errors: number;
  elapsedMs: number;
}

export async function recordLastRun(
  stateRoot: string,
  summary: SyncSummary,
  how: { watch: boolean; at: number },
): Promise<void> {
  const run: LastRun = {
    finishedAt: new Date(how.at).toISOString(),
    exitCode: summary.exitCode,
    watch: how.watch,
    mailboxes: summary.mailboxes,
    mailboxesFailed: summary.mailboxesFailed.length,
    added: summary.added,
    flagsUpdated: summary.flagsUpdated,
    deleted: summary.deleted,
    bytes: summary.bytes,
    errors: summary.errors.length,
    elapsedMs: summary.elapsedMs,
  };
  await replaceFile(path.join(stateRoot, LAST_RUN_FILE), `${JSON.stringify(run, null, 2)}\n`);
}

/** The last run, or undefined when there is none (or it cannot be read). */
export async function readLastRun(stateRoot: string): Promise<LastRun | undefined> {
  try {
    const data = JSON.parse(await readFile(path.join(stateRoot, LAST_RUN_FILE), 'utf8')) as Partial<LastRun>;
    return typeof data.finishedAt === 'string' && typeof data.exitCode === 'number' ? (data as LastRun) : undefined;
  } catch {
    return undefined;
  }
}
