// mbsync 1.5 leaves a placeholder in the Maildir for a message over its MaxSize (adopt-maildir.ts
// finds them by its state and their text; without the state, by their text, Message-ID and the size
// it states, rematch.ts). Once mailkeep has stored the real message, the
// placeholder goes: only after the real file's name is durable, so a crash in between leaves both
// and the next pass, finding the message stored, removes the placeholder then.
import type { LocalMaildirFolder } from '../maildir/index.js';

/**
 * Removes the placeholders (server UID → file base) whose message the folder now holds, and
 * forgets them; returns how many were replaced. A placeholder whose file is gone is forgotten too.
 */
export async function replacePlaceholders(
  folder: LocalMaildirFolder,
  uidValidity: number,
  placeholders: Record<string, string>,
): Promise<number> {
  if (Object.keys(placeholders).length === 0) return 0;
  await folder.sync();
  const { messages } = await folder.lookUp(uidValidity, (uid) => placeholders[String(uid)] !== undefined);
  if (messages.size === 0) return 0;
  const bases = new Set([...messages.keys()].map((uid) => placeholders[String(uid)]!));
  const files = (await folder.scanAll()).foreign.filter((file) => bases.has(file.base));
  await folder.remove(files.map(({ path, flags }) => ({ uid: 0, uidValidity: 0, flags, path, size: 0 })));
  for (const uid of messages.keys()) delete placeholders[String(uid)];
  return files.length;
}
