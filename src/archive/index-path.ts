// Where the archive index lives. Apart from index-file.ts, which loads SQLite: `mailkeep sync`
// names the file on its own thread but opens it only in the index worker (loading the native
// addon there costs ~20 ms of the sync thread's start-up, a twentieth of a no-op pass).
import { homedir } from 'node:os';
import path from 'node:path';

export function defaultIndexFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'mailkeep', 'archive.sqlite');
}
