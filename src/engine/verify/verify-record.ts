// What `mailkeep verify` leaves in the account's state dir, beside each mailbox's sync state
// (`<sha1 of the name>.json`): the last verification (`.verified.json`, shown by the app) and, while
// a `--deep` run is unfinished, the UIDs it has checked so far (`.deep.json`, so a rerun goes on).
// Like the sync state, an unreadable record is treated as missing: it only spares work.
import { readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { replaceFile } from '../../maildir/index.js';
import { mailboxStatePath } from '../mailbox-state.js';

/** The outcome of a mailbox's last verification, as the app and `--json` show it. */
export interface VerificationSummary {
  /** Epoch ms it ended. */
  at: number;
  deep: boolean;
  server: number;
  stored: number;
  missing: number;
  /** Stored files that are damaged or differ from the server's message. */
  differing: number;
  /** Kept locally though the server has them no more (archive mode): not a fault. */
  extra: number;
}

export interface VerificationRecord extends VerificationSummary {
  version: 1;
  mailbox: string;
  uidValidity: number;
  /**
   * UID → the RFC822.SIZE the server announces for a message whose literal (the stored bytes,
   * checked against BODY.PEEK[]) has another length: while it announces the same, it is trusted.
   */
  sizeLies: Record<string, number>;
}

/** A `--deep` run in progress: the UIDs whose stored bytes matched the server's. */
export interface DeepProgress {
  version: 1;
  mailbox: string;
  uidValidity: number;
  matched: number[];
}

const recordPath = (stateDir: string, mailbox: string, kind: 'verified' | 'deep') =>
  mailboxStatePath(stateDir, mailbox).replace(/\.json$/, `.${kind}.json`);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function loadVerification(stateDir: string, mailbox: string): VerificationRecord | undefined {
  const data = readJson(recordPath(stateDir, mailbox, 'verified')) as Partial<VerificationRecord> | undefined;
  if (data?.version !== 1 || data.mailbox !== mailbox) return undefined;
  const counts = [data.at, data.server, data.stored, data.missing, data.differing, data.extra, data.uidValidity];
  if (!counts.every(isCount) || typeof data.deep !== 'boolean') return undefined;
  const lies = data.sizeLies;
  if (typeof lies !== 'object' || lies === null || !Object.values(lies).every(isCount)) return undefined;
  return data as VerificationRecord;
}

/** The last verification as the app shows it, if the mailbox was ever verified. */
export function lastVerification(stateDir: string, mailbox: string): VerificationSummary | undefined {
  const record = loadVerification(stateDir, mailbox);
  if (record === undefined) return undefined;
  const { at, deep, server, stored, missing, differing, extra } = record;
  return { at, deep, server, stored, missing, differing, extra };
}

export async function saveVerification(stateDir: string, record: VerificationRecord): Promise<void> {
  await replaceFile(recordPath(stateDir, record.mailbox, 'verified'), `${JSON.stringify(record)}\n`);
}

/** The UIDs a `--deep` run of this UIDVALIDITY already found matching; empty when none was left unfinished. */
export function loadDeepProgress(stateDir: string, mailbox: string, uidValidity: number): Set<number> {
  const data = readJson(recordPath(stateDir, mailbox, 'deep')) as Partial<DeepProgress> | undefined;
  const usable =
    data?.version === 1 &&
    data.mailbox === mailbox &&
    data.uidValidity === uidValidity &&
    Array.isArray(data.matched) &&
    data.matched.every(isCount);
  return new Set(usable ? data.matched : []);
}

export async function saveDeepProgress(stateDir: string, progress: Omit<DeepProgress, 'version'>): Promise<void> {
  await replaceFile(recordPath(stateDir, progress.mailbox, 'deep'), `${JSON.stringify({ version: 1, ...progress })}\n`);
}

/** A finished `--deep` run: the next one starts over. */
export async function clearDeepProgress(stateDir: string, mailbox: string): Promise<void> {
  await unlink(recordPath(stateDir, mailbox, 'deep')).catch(() => undefined);
}
