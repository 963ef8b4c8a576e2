// The full log of a sync for the user to read later: one line per event worth keeping (errors,
// notices, pauses, finished mailboxes and passes). Private to the user: file 0600, directory 0700.

import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatBytes } from '../text/format-bytes.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { EngineEvent, SyncEngine } from './events.js';
import { linkedNote } from '../text/linked-note.js';
import { makeDirectory } from '../files/make-directory.js';

function where(account: string, mailbox?: string): string {
  return sanitizeForTerminal(mailbox === undefined ? account : `${account}/${mailbox}`);
}

/** The log line for an event, without the time stamp; null for events not logged. */
export function describeForLog(event: EngineEvent): string | null {
  switch (event.type) {
    case 'pass-start':
      return `pass ${event.pass} started`;
    case 'error': {
      const e = event.error;
      return `ERROR ${where(e.account, e.mailbox)} ${sanitizeForTerminal(e.code)} (${e.scope}, ${e.retry}): ${sanitizeForTerminal(e.message)}`;
    }
    case 'notice':
      return `notice ${where(event.account, event.mailbox)}: ${sanitizeForTerminal(event.message)}`;
    case 'paused':
      return `paused ${where(event.account, event.mailbox)} until ${new Date(event.until).toISOString()}: ${sanitizeForTerminal(event.reason)}`;
    case 'mailbox-done':
      if (event.added + event.flagsUpdated + event.deleted === 0) return null;
      return `done ${where(event.account, event.mailbox)} +${event.added} new${linkedNote(event.linked)} ~${event.flagsUpdated} flags -${event.deleted} deleted (${formatBytes(event.bytes)})`;
    case 'account-done':
      return `account ${where(event.account)} finished ${event.ok ? 'ok' : 'with errors'}`;
    case 'summary': {
      const s = event.summary;
      return `pass ${s.pass} finished, exit ${s.exitCode}: ${s.mailboxes} mailboxes, +${s.added} new${linkedNote(s.linked)} ~${s.flagsUpdated} flags -${s.deleted} deleted, ${formatBytes(s.bytes)}, ${s.errors.length} errors, ${(s.elapsedMs / 1000).toFixed(1)} s`;
    }
    case 'idle':
      return event.state === 'reconnecting' || event.state === 'stopped'
        ? `IDLE ${where(event.account, event.mailbox)}: ${event.state}`
        : null;
    case 'clock-jump':
      return `the clock jumped ${Math.round(event.jumpMs / 1000)} s (a suspend?): syncing now`;
    default:
      return null;
  }
}

export function formatLogLine(event: EngineEvent): string | null {
  const text = describeForLog(event);
  return text === null ? null : `${new Date(event.at).toISOString()} ${text}\n`;
}

/**
 * Append the engine's events of interest to `path` until the returned function is called.
 * Throws (a one-line message naming the file) if the log cannot be opened; a write failing
 * later (disk full) quietly ends the logging rather than the sync.
 */
export function attachEventLog(engine: Pick<SyncEngine, 'subscribe'>, path: string): () => void {
  let fd: number | undefined;
  try {
    makeDirectory(dirname(path), 0o700);
    fd = openSync(path, 'a', 0o600);
    fchmodSync(fd, 0o600);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    throw new Error(`cannot open the log file ${path} (${reason})`, { cause: error });
  }
  const close = (): void => {
    unsubscribe();
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const unsubscribe = engine.subscribe((event) => {
    const line = formatLogLine(event);
    if (line === null || fd === undefined) return;
    try {
      writeSync(fd, line);
    } catch {
      close();
    }
  });
  return close;
}
