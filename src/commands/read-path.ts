// `mailkeep read PATH`: the reader alone on one Maildir tree, without reading any config. Apart
// from interactive.ts so that it loads neither the config nor the engine: it starts sooner.
import { statSync } from 'node:fs';
import path from 'node:path';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { loadLive } from '../ui/terminal/live-terminal.js';

export async function runReadPath(dir: string, io: { stderr: NodeJS.WritableStream }): Promise<number> {
  const root = path.resolve(dir);
  const fail = (message: string) => {
    io.stderr.write(`mailkeep: ${sanitizeForTerminal(message)}\n`);
    return 2;
  };
  try {
    if (!statSync(root).isDirectory()) return fail(`${root} is not a directory`);
  } catch {
    return fail(`${root}: no such directory`);
  }
  const { runReader } = await loadLive(() => import('../ui/app/run-reader.js'));
  return runReader({ roots: [{ account: path.basename(root), path: root }] });
}
