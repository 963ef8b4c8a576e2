// A mirrored deletion's file kept out of sight for a while instead of unlinked: renamed into its
// folder's tmp/, which every Maildir reader and indexer skips (mutt, Dovecot, notmuch), under a
// name no writer of tmp/ uses. A folder that gains the same message soon (Gmail shows a move
// between labels as a removal here and an arrival there) links it instead of downloading it
// again. The engine decides when it goes (removeSetAside); cleanTmp asks it about each one.
import fs from 'node:fs/promises';
import path from 'node:path';
import { mapBounded } from './bounded-map.js';
import type { DirectorySyncs } from './directory-syncs.js';
import { fsyncDirectory, unlinkIfPresent } from './durable-fs.js';
import { attempt } from './errors.js';
import { RENAMES_AT_ONCE } from './rename-messages.js';
import type { StoredMessage } from './types.js';

const PREFIX = 'set-aside.';

/** Whether `file` is a set-aside file: `<folder>/tmp/set-aside.<its name in the folder>`. */
export function isSetAside(file: string): boolean {
  const name = file.lastIndexOf(path.sep) + 1;
  return file.startsWith(PREFIX, name) && file.endsWith(`${path.sep}tmp${path.sep}`, name);
}

/**
 * Each file renamed into `root`/tmp/ as set-aside, `onMoved` told at once (another folder may be
 * looking for it); the messages as they are now, in order.
 */
export function setAsideMessages(
  root: string,
  messages: readonly StoredMessage[],
  changed: DirectorySyncs,
  onMoved: (message: StoredMessage, aside: StoredMessage) => void = () => undefined,
): Promise<StoredMessage[]> {
  return mapBounded(messages, RENAMES_AT_ONCE, async (message) => {
    const aside = { ...message, path: path.join(root, 'tmp', PREFIX + path.basename(message.path)) };
    await attempt('rename', message.path, () => fs.rename(message.path, aside.path));
    onMoved(message, aside);
    changed.add(path.dirname(aside.path));
    changed.add(path.dirname(message.path));
    return aside;
  });
}

/** Unlinks set-aside files of any folders (one already gone is no failure); durable once it resolves. */
export async function removeSetAside(files: readonly string[]): Promise<void> {
  const dirs = new Set<string>();
  await mapBounded(files, RENAMES_AT_ONCE, async (file) => {
    if (!isSetAside(file)) throw new Error(`not a set-aside file: ${file}`);
    await unlinkIfPresent(file);
    dirs.add(path.dirname(file));
  });
  await Promise.all([...dirs].map(fsyncDirectory));
}
