// One writer per account: an O_EXCL lock file in the account's stateDir holding the owner's pid and
// host. A lock left by a dead process on this host is taken over (with a notice). The caller
// releases it on normal exit AND on SIGINT/SIGTERM; after a SIGKILL the next run finds it stale.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeDirectory } from '../files/make-directory.js';
import { isProcessAlive, pendingFileName } from '../maildir/index.js';

export class LockError extends Error {
  override readonly name = 'LockError';
  readonly code = 'LOCKED';
  readonly scope = 'account';
  readonly retry = 'final';
  constructor(
    readonly account: string,
    readonly lockPath: string,
    readonly holder: LockOwner | undefined,
  ) {
    const by = holder
      ? `process ${holder.pid}${holder.host === os.hostname() ? '' : ` on ${holder.host}`}`
      : 'another process';
    super(`account ${account} is being synced by ${by} (lock ${lockPath})`);
  }
}

export interface LockOwner {
  pid: number;
  host: string;
  account: string;
  startedAt: string;
  token: string;
}

export interface AccountLock {
  readonly path: string;
  /** Set when a stale lock from a dead process was taken over: one line for a 'notice' event. */
  readonly notice?: string;
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

export const LOCK_FILE = 'sync.lock';
const TAKEOVER_SUFFIX = '.takeover';
/** A lock file with no readable owner (or a takeover file) is young only while its creator may still be at work. */
const GRACE_MS = 10_000;

/** `file`: the lock's name in stateDir, for a lock of one thing other than the sync (an OAuth refresh). */
export async function acquireAccountLock(stateDir: string, account: string, file = LOCK_FILE): Promise<AccountLock> {
  const lockPath = path.join(stateDir, file);
  makeDirectory(stateDir, 0o700);
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    account,
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  let notice: string | undefined;

  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(lockPath, `${JSON.stringify(owner)}\n`)) {
      return { path: lockPath, ...(notice ? { notice } : {}), release: () => releaseIfOurs(lockPath, owner.token) };
    }
    const existing = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (existing === undefined) continue; // released meanwhile: try again
    const holder = parseOwner(existing);
    if (holder ? isAlive(holder) : await isYoung(lockPath)) throw new LockError(account, lockPath, holder);
    // Two runs may both judge the lock stale: only the one holding the takeover file replaces it,
    // so neither can remove the lock the other has just created.
    const takeover = await acquireTakeover(lockPath, owner);
    if (takeover === undefined) throw new LockError(account, lockPath, undefined);
    try {
      // Only remove the stale lock if it is still the one we judged (another run may have replaced it).
      if ((await fs.readFile(lockPath, 'utf8').catch(() => undefined)) !== existing) continue;
      await fs.unlink(lockPath).catch(() => undefined);
    } finally {
      await takeover.release();
    }
    notice = holder
      ? `took over a stale lock of account ${account} left by process ${holder.pid} (${lockPath})`
      : `took over an unreadable lock of account ${account} (${lockPath})`;
  }
  throw new LockError(account, lockPath, undefined);
}

/**
 * The takeover file, or undefined while another run holds it. It names its owner as the lock does,
 * so one left by a run killed while taking over is stale as soon as that run is gone (one without
 * a readable owner, after a while).
 */
async function acquireTakeover(lockPath: string, owner: LockOwner): Promise<{ release(): Promise<void> } | undefined> {
  const file = `${lockPath}${TAKEOVER_SUFFIX}`;
  const content = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createExclusive(file, content)) {
      return {
        release: async () => {
          if ((await fs.readFile(file, 'utf8').catch(() => undefined)) === content)
            await fs.unlink(file).catch(() => undefined);
        },
      };
    }
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parseOwner(text);
    if (holder ? isAlive(holder) : await isYoung(file)) return undefined;
    await fs.unlink(file).catch(() => undefined);
  }
  return undefined;
}

/**
 * Creates `file` with its content in one step: the content goes to a file of our own first, then
 * link() puts it in place or fails with EEXIST. A run killed at any moment never leaves an empty
 * lock behind, which a rerun would have to wait out as young.
 */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const own = pendingFileName(file, randomUUID());
  // No fsync: after a crash a lock is stale whatever its content, and that is handled above.
  await fs.writeFile(own, content, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(own, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.unlink(own).catch(() => undefined);
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const data = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(data.pid) && (data.pid as number) > 0 && typeof data.host === 'string')
      return data as LockOwner;
  } catch {
    // fall through: unreadable
  }
  return undefined;
}

/** A pid on another host cannot be checked, so it counts as alive. */
function isAlive(owner: LockOwner): boolean {
  return owner.host !== os.hostname() || isProcessAlive(owner.pid);
}

async function isYoung(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat !== undefined && Date.now() - stat.mtimeMs < GRACE_MS;
}

async function releaseIfOurs(lockPath: string, token: string): Promise<void> {
  const text = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
  if (text !== undefined && parseOwner(text)?.token === token) await fs.unlink(lockPath).catch(() => undefined);
}
