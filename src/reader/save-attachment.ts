// Saves attachment bytes into a directory the user chose: a cleaned-up base name only, never
// overwriting (`name (1).ext`), and never anywhere but inside that directory.
import { open, realpath, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { sanitizeForTerminal } from '../text/sanitize.js';

const MAX_NAME_CHARS = 120;
const MAX_TRIES = 1000;

/** A safe file name from whatever the mail says: no path, no controls, no leading dots, bounded. */
export function safeFileName(name: string): string {
  const base = sanitizeForTerminal(name)
    .split(/[\\/]/)
    .pop()!
    .replace(/[<>:"|?*\u0000]/g, '_')
    .replace(/^[\s.]+/, '')
    .trim();
  if (!base) return 'attachment';
  const chars = [...base];
  if (chars.length <= MAX_NAME_CHARS) return base;
  const ext = [...extname(base)].slice(0, 16).join('');
  return chars.slice(0, MAX_NAME_CHARS - ext.length).join('') + ext;
}

/** Returns the path written. Throws a one-line Error when the directory is unusable. */
export async function saveAttachment(dir: string, name: string, content: Buffer): Promise<string> {
  const root = await realpath(dir).catch(() => {
    throw new Error(`cannot save into ${sanitizeForTerminal(dir)}: no such directory`);
  });
  const shownRoot = sanitizeForTerminal(root);
  // The reader never writes in a Maildir: a file in cur/ or new/ would pass for a message (e.g. when run from there).
  if (await isMaildirSubdir(root)) throw new Error(`refusing to save into ${shownRoot}: it is part of a Maildir`);
  const safe = safeFileName(name);
  const ext = extname(safe);
  const stem = safe.slice(0, safe.length - ext.length) || safe;
  for (let n = 0; n < MAX_TRIES; n++) {
    const target = join(root, n === 0 ? safe : `${stem} (${n})${ext}`);
    if (dirname(target) !== root) {
      throw new Error(`refusing to save ${sanitizeForTerminal(name)} outside ${shownRoot}`);
    }
    let handle;
    try {
      handle = await open(target, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`cannot save into ${shownRoot}: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`, {
        cause: err,
      });
    }
    try {
      await handle.writeFile(content);
      await handle.close();
    } catch (err) {
      // A half-written file (full disk) would pass for the attachment: remove it.
      await handle.close().catch(() => undefined);
      await unlink(target).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(
        `cannot save ${safe} into ${shownRoot}: ${code === 'ENOSPC' || code === 'EDQUOT' ? 'disk full' : (code ?? 'write failed')}`,
        {
          cause: err,
        },
      );
    }
    return target;
  }
  throw new Error(`cannot save ${safe}: too many files with that name in ${shownRoot}`);
}

async function isMaildirSubdir(dir: string): Promise<boolean> {
  if (!['cur', 'new', 'tmp'].includes(basename(dir))) return false;
  const parent = dirname(dir);
  const found = await Promise.all(
    ['cur', 'new'].map((sub) =>
      stat(join(parent, sub)).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}
