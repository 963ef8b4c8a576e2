// Per-mailbox sync state: one JSON file per mailbox in the account's stateDir, named by the sha1
// of the mailbox name (the name itself is inside). The Maildir stays the truth for what is stored;
// this file only saves work, so an unreadable one is rebuilt rather than fatal.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { quoteName, replaceFile } from '../maildir/index.js';

export interface MailboxState {
  version: 1;
  /** UTF-8 mailbox name, '/'-separated as the engine reports it. */
  mailbox: string;
  uidValidity: number;
  /** 0 while a pass over the mailbox is unfinished, so the next run never skips it. */
  uidNext: number;
  highestModSeq?: number;
  /** Server message count at the last completed pass (STATUS MESSAGES). */
  messages: number;
  highestStoredUid: number;
  /** The local folder's stamp when the last completed pass ended (maildir/folder-stamp.ts). */
  localStamp?: string;
  /** ISO 8601. */
  updatedAt: string;
  /** Server UID → base name of a local file re-matched after a UIDVALIDITY change or adoption. */
  adopted?: Record<string, string>;
  /** Server UID → base name of mbsync 1.5's placeholder for it (MaxSize), removed once the message is stored. */
  placeholders?: Record<string, string>;
  /** The account's MaxSize when the folder was last synced: raised or removed, a full listing fetches what it left. */
  sizeLimit?: number;
}

export interface LoadedMailboxState {
  state: MailboxState | null;
  /** One line for a 'notice' event when a file existed but could not be used. */
  notice?: string;
}

export function mailboxStatePath(stateDir: string, mailbox: string): string {
  return path.join(stateDir, `${createHash('sha1').update(mailbox).digest('hex')}.json`);
}

/** Never throws for a missing, truncated, corrupt or unreadable file: null (plus a notice unless missing). */
export async function loadMailboxState(stateDir: string, mailbox: string): Promise<LoadedMailboxState> {
  let text: string;
  try {
    // Synchronous: a small file from the page cache reads in microseconds, fewer than the four
    // thread-pool round trips of an async read; an unchanged pass reads every mailbox's state.
    text = readFileSync(mailboxStatePath(stateDir, mailbox), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: null };
    return unreadable(mailbox);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unreadable(mailbox);
  }
  return isMailboxState(data, mailbox) ? { state: data } : unreadable(mailbox);
}

/**
 * Names of the mailboxes with a readable state file, except `known` ones. Only the unknown files
 * are read: their file names are hashes, so the known names are hashed instead.
 */
export async function savedMailboxesExcept(stateDir: string, known: Iterable<string>): Promise<string[]> {
  let files: string[];
  try {
    files = await fs.readdir(stateDir);
  } catch {
    return [];
  }
  const skip = new Set([...known].map((name) => path.basename(mailboxStatePath(stateDir, name))));
  const names: string[] = [];
  for (const file of files) {
    if (!STATE_FILE.test(file) || skip.has(file)) continue;
    try {
      const data = JSON.parse(await fs.readFile(path.join(stateDir, file), 'utf8')) as { mailbox?: unknown };
      const name = data.mailbox;
      if (
        typeof name === 'string' &&
        isMailboxState(data, name) &&
        file === path.basename(mailboxStatePath(stateDir, name))
      )
        names.push(name);
    } catch {
      // unreadable: nothing to report about it
    }
  }
  return names.sort();
}

const STATE_FILE = /^[0-9a-f]{40}\.json$/;

/**
 * Atomic (tmp + rename), not fsynced: the Maildir is made durable before a state names it, and a
 * state lost or torn in a crash is rebuilt from the file names, so an fsync here buys nothing but
 * two disk flushes per mailbox. Throws MaildirError (DISK_FULL / IO) naming the file.
 */
export async function saveMailboxState(stateDir: string, state: MailboxState): Promise<void> {
  await replaceFile(mailboxStatePath(stateDir, state.mailbox), `${JSON.stringify(state)}\n`);
}

function unreadable(mailbox: string): LoadedMailboxState {
  return { state: null, notice: `state for ${quoteName(mailbox)} was unreadable; rebuilding from the Maildir` };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isMailboxState(data: unknown, mailbox: string): data is MailboxState {
  if (typeof data !== 'object' || data === null) return false;
  const state = data as Record<string, unknown>;
  return (
    state.version === 1 &&
    state.mailbox === mailbox &&
    isCount(state.uidValidity) &&
    isCount(state.uidNext) &&
    isCount(state.messages) &&
    isCount(state.highestStoredUid) &&
    (state.highestModSeq === undefined || isCount(state.highestModSeq)) &&
    (state.localStamp === undefined || typeof state.localStamp === 'string') &&
    typeof state.updatedAt === 'string' &&
    (state.sizeLimit === undefined || isCount(state.sizeLimit)) &&
    isBaseNames(state.adopted) &&
    isBaseNames(state.placeholders)
  );
}

/** Absent, or UID → file base name. */
function isBaseNames(value: unknown): boolean {
  return (
    value === undefined ||
    (typeof value === 'object' && value !== null && Object.values(value).every((base) => typeof base === 'string'))
  );
}
