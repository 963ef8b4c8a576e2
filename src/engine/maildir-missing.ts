// A backup whose Maildir is not where it was: its disk is not mounted (an empty mount point, or
// none). A pass would quietly download the whole account again into that place, filling the disk
// under the mount point; instead the account stops before it connects, saying how to start over.
// Path changed in the config (the setup wizard) is another matter: the new folder is filled. The
// state directory remembers the Path it was kept for, to tell the two apart.
import { opendirSync, readFileSync, type Dir } from 'node:fs';
import path from 'node:path';
import type { AccountConfig } from '../config/types.js';
import { replaceFile } from '../maildir/index.js';
import { SyncError } from './errors.js';
import { loadMailboxState, savedMailboxesExcept } from './mailbox-state.js';

type Where = Pick<AccountConfig, 'localPath' | 'inboxPath' | 'stateDir'>;

/** The Path the account's state was kept for, in its state directory. */
const KEPT_FOR = 'maildir-path';

/**
 * Throws MAILDIR_MISSING when the Path the state was kept for holds nothing (no root of the account
 * has an entry) although the state says mail was stored; else remembers the Path, if it is new.
 */
export async function assertMaildirThere(account: Where): Promise<void> {
  const record = path.join(account.stateDir, KEPT_FOR);
  const keptFor = readKeptFor(record);
  if (keptFor !== account.localPath) {
    await replaceFile(record, `${account.localPath}\n`);
    return;
  }
  const roots = [...new Set([account.localPath, account.inboxPath])];
  const found = roots.map(holdsAnything);
  if (found.some((holds) => holds === true)) return;
  const stored = await mailboxesStored(account.stateDir);
  if (stored === 0) return;
  const how = found[0] === undefined ? 'is missing' : 'is empty';
  throw new SyncError(
    'MAILDIR_MISSING',
    'account',
    'final',
    `the Maildir ${account.localPath} ${how} (${stored} mailbox${stored === 1 ? ' was' : 'es were'} backed up there): ` +
      `is its disk mounted? To download everything again, remove ${account.stateDir}`,
  );
}

function readKeptFor(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').replace(/\n$/, '');
  } catch {
    return undefined;
  }
}

/**
 * Whether a directory holds a name (its first one read, not a whole listing: this runs every
 * pass); undefined when it is not there (or not a readable directory).
 */
function holdsAnything(dir: string): boolean | undefined {
  let listing: Dir;
  try {
    listing = opendirSync(dir);
  } catch {
    return undefined;
  }
  try {
    return listing.readSync() !== null;
  } catch {
    return undefined;
  } finally {
    listing.closeSync();
  }
}

/** Mailboxes whose state says at least one message was stored. Read only when the Maildir looks gone. */
async function mailboxesStored(stateDir: string): Promise<number> {
  let stored = 0;
  for (const name of await savedMailboxesExcept(stateDir, [])) {
    if (((await loadMailboxState(stateDir, name)).state?.highestStoredUid ?? 0) > 0) stored++;
  }
  return stored;
}
