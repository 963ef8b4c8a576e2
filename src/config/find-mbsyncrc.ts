// Which mbsyncrc to read when none is named: the one the user's own mbsync reads. isync 1.5 reads
// $XDG_CONFIG_HOME/isyncrc (default ~/.config/isyncrc), else ~/.mbsyncrc, and with both warns and
// takes isyncrc (config.c load_config); isync 1.4 knows only ~/.mbsyncrc. With both there, the
// installed mbsync is asked its version; without an answer, mbsync 1.5's choice.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tildify, type PathEnv } from './paths.js';

export interface FoundMbsyncrc {
  path: string;
  /** With both files there: whose choice this is and the file left unread, for the notice. */
  choice?: string;
}

export function findMbsyncrc(pathEnv: PathEnv): FoundMbsyncrc {
  const mbsyncrc = path.join(pathEnv.home, '.mbsyncrc');
  const isyncrc = path.join(pathEnv.env.XDG_CONFIG_HOME || path.join(pathEnv.home, '.config'), 'isyncrc');
  if (!existsSync(isyncrc)) return { path: mbsyncrc };
  if (!existsSync(mbsyncrc)) return { path: isyncrc };
  const version = installedMbsyncVersion(pathEnv);
  const whose = version === undefined ? 'mbsync 1.5' : `the installed mbsync ${version}`;
  const [read, unread] =
    version !== undefined && knowsOnlyMbsyncrc(version) ? [mbsyncrc, isyncrc] : [isyncrc, mbsyncrc];
  return { path: read, choice: `as ${whose} does, not ${tildify(unread, pathEnv.home)}` };
}

/** `isync 1.4.4` from `mbsync --version`; undefined when there is no mbsync or it says no version. */
function installedMbsyncVersion({ home, env }: PathEnv): string | undefined {
  // mbsync ends at once, before any option, without $HOME.
  const answer = spawnSync('mbsync', ['--version'], {
    env: { ...env, HOME: home },
    encoding: 'utf8',
    timeout: 2000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return /^isync (\d+\.\d+(?:\.\d+)?)/m.exec(answer.stdout ?? '')?.[1];
}

function knowsOnlyMbsyncrc(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < 1 || (major === 1 && minor < 5);
}
