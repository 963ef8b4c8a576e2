// Changing stored messages in place: a flag change is a rename into cur/, a mirrored deletion an unlink.
import fs from 'node:fs/promises';
import path from 'node:path';
import { mapBounded } from './bounded-map.js';
import type { DirectorySyncs } from './directory-syncs.js';
import { attempt } from './errors.js';
import { normalizeMaildirFlags } from './flags.js';
import { parseMaildirName, withInfo } from './naming.js';
import type { StoredMessage } from './types.js';

/** Renames and unlinks in flight at once: enough to keep the thread pool busy. */
export const RENAMES_AT_ONCE = 16;

/** Each file renamed to carry its new flags, in cur/; the messages as they are now, in order. */
export function renameToFlags(
  root: string,
  updates: readonly { message: StoredMessage; flags: string }[],
  changed: DirectorySyncs,
): Promise<StoredMessage[]> {
  return mapBounded(updates, RENAMES_AT_ONCE, async ({ message, flags }) => {
    const name = withInfo(parseMaildirName(path.basename(message.path)).base, flags);
    const target = path.join(root, 'cur', name);
    if (target === message.path) return message;
    await attempt('rename', message.path, () => fs.rename(message.path, target));
    changed.add(path.dirname(target));
    changed.add(path.dirname(message.path));
    return { ...message, flags: normalizeMaildirFlags(flags), path: target };
  });
}

export async function removeMessages(messages: readonly StoredMessage[], changed: DirectorySyncs): Promise<void> {
  await mapBounded(messages, RENAMES_AT_ONCE, async (message) => {
    await attempt('remove', message.path, () => fs.unlink(message.path));
    changed.add(path.dirname(message.path));
  });
}
