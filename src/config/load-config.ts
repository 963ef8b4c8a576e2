// Finds the accounts to use: `-c FILE` (an mbsyncrc or a mailkeep JSON config), else mailkeep's
// own config, else ~/.mbsyncrc or mbsync 1.5's ~/.config/isyncrc (find-mbsyncrc.ts; said so in a
// warning), else none.
import { existsSync, readFileSync } from 'node:fs';
import type { LoadedConfig } from './types.js';
import { ConfigError } from './errors.js';
import { findMbsyncrc } from './find-mbsyncrc.js';
import { parseMbsyncrc } from './mbsyncrc-parser.js';
import { expandPath, ownConfigPath, tildify, type PathEnv } from './paths.js';
import { errnoWords } from '../text/errno-words.js';

export interface LoadConfigOptions extends PathEnv {
  /** `-c FILE` (undefined: the default places); relative paths resolve against `cwd`. */
  configPath?: string | undefined;
  cwd?: string;
}

/** Reads a file for a config source; a missing or unreadable file is a one-line ConfigError. */
export function readConfigText(file: string, home: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      tildify(file, home),
      undefined,
      code === 'ENOENT' ? 'no such file' : `cannot read it: ${errnoWords(code)}`,
    );
  }
}

function loadMbsyncrc(file: string, opts: LoadConfigOptions): LoadedConfig {
  const { accounts, groups, warnings } = parseMbsyncrc(readConfigText(file, opts.home), {
    path: file,
    home: opts.home,
    env: opts.env,
  });
  return { accounts, groups, warnings, source: { kind: 'mbsyncrc', path: file } };
}

// own-config.ts loads `conf` (≈ 0.1 s of startup): only imported when a mailkeep config is read.
async function loadOwnConfig(file: string, opts: LoadConfigOptions): Promise<LoadedConfig> {
  const { readOwnConfig } = await import('./own-config.js');
  const own = readOwnConfig(opts, file)!;
  return { ...own, warnings: [], source: { kind: 'mailkeep', path: file } };
}

export async function loadConfig(opts: LoadConfigOptions): Promise<LoadedConfig> {
  if (opts.configPath !== undefined) {
    const file = expandPath(opts.configPath, opts, opts.cwd ?? process.cwd());
    const text = readConfigText(file, opts.home);
    return text.trimStart().startsWith('{') ? loadOwnConfig(file, opts) : loadMbsyncrc(file, opts);
  }
  const ownPath = ownConfigPath(opts);
  if (existsSync(ownPath)) return loadOwnConfig(ownPath, opts);
  const mbsyncrc = findMbsyncrc(opts);
  if (existsSync(mbsyncrc.path)) {
    const loaded = loadMbsyncrc(mbsyncrc.path, opts);
    const why = mbsyncrc.choice === undefined ? '' : `, ${mbsyncrc.choice}`;
    loaded.warnings.unshift(
      `using ${tildify(mbsyncrc.path, opts.home)}${why} (run \`mailkeep import\` to make it mailkeep's own)`,
    );
    return loaded;
  }
  return { accounts: [], warnings: [], source: { kind: 'none', path: ownPath } };
}

/**
 * Why a config of no accounts cannot run: the file that was read is named, it is the one at fault;
 * `none` (no file at all) gets `hint`, what the command can do instead.
 */
export function noAccountsProblem(
  config: Pick<LoadedConfig, 'source'>,
  hint = 'run `mailkeep` to set one up, or pass -c ~/.mbsyncrc',
): string {
  if (config.source.kind === 'none') return `no accounts configured; ${hint}`;
  const what = config.source.kind === 'mbsyncrc' ? 'no Channel from an IMAPStore to a MaildirStore' : 'no accounts';
  return `${config.source.path} has ${what}`;
}
