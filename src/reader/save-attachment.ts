// Saves attachment bytes into a directory the user chose: a cleaned-up base name only, never
// overwriting (`name (1).ext`), and never anywhere but inside that directory.
import { open, realpath, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { sanitizeForTerminal } from '../text/sanitize.js';

const MAX_NAME_CHARS = 120;
/** A name may have 255 bytes (ext4 and most others): 120 CJK characters have 360, an emoji 4 each. */
const MAX_NAME_BYTES = 240;
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
  if (chars.length <= MAX_NAME_CHARS && Buffer.byteLength(base) <= MAX_NAME_BYTES) return base;
  const ext = [...extname(base)].slice(0, 16).join('');
  const stem = chars.slice(0, MAX_NAME_CHARS - ext.length);
  while (Buffer.byteLength(stem.join('') + ext) > MAX_NAME_BYTES) stem.pop();
  return stem.join('') + ext;
}

/** Returns the path written. Throws a one-line Error when the directory is unusable. */
export async function saveAttachment(dir: string, name: string, content: Buffer): Promise<string> {
  const { path: target, handle, shownDir } = await openNewFile(dir, name);
  try {
    await handle.writeFile(content);
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw new Error(`cannot save ${basename(target)} into ${shownDir}: ${writeFailure(err)}`, { cause: err });
  }
  return target;
}

/** Why a write failed, in a word or two. */
export function writeFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? 'disk full' : (code ?? 'write failed');
}

/**
 * A new file (0600) in `dir` under a safe form of `name`, never an existing one (`name (1).ext`),
 * never outside `dir` nor inside a Maildir. The caller removes it if writing fails (a half-written
 * file would pass for the whole). Throws a one-line Error when the directory is unusable.
 */
export async function openNewFile(
  dir: string,
  name: string,
): Promise<{ path: string; handle: FileHandle; shownDir: string }> {
  const root = await realpath(dir).catch(() => {
    throw new Error(`cannot save into ${sanitizeForTerminal(dir)}: no such directory`);
  });
  const shownDir = sanitizeForTerminal(root);
  // The reader never writes in a Maildir: a file in cur/ or new/ would pass for a message (e.g. when run from there).
  if (await isMaildirSubdir(root)) throw new Error(`refusing to save into ${shownDir}: it is part of a Maildir`);
  const safe = safeFileName(name);
  const ext = extname(safe);
  const stem = safe.slice(0, safe.length - ext.length) || safe;
  for (let n = 0; n < MAX_TRIES; n++) {
    const target = join(root, n === 0 ? safe : `${stem} (${n})${ext}`);
    if (dirname(target) !== root) {
      throw new Error(`refusing to save ${sanitizeForTerminal(name)} outside ${shownDir}`);
    }
    try {
      return { path: target, handle: await open(target, 'wx', 0o600), shownDir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`cannot save into ${shownDir}: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`, {
        cause: err,
      });
    }
  }
  throw new Error(`cannot save ${safe}: too many files with that name in ${shownDir}`);
}

export async function isMaildirSubdir(dir: string): Promise<boolean> {
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
