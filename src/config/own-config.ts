// mailkeep's own config file, stored with `conf` at $XDG_CONFIG_HOME/mailkeep/config.json
// (directory 0700, file 0600: it may hold a password source or, if chosen, a password).
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { DanglingLinkError, makeDirectory } from '../files/make-directory.js';
import { errnoWords } from '../text/errno-words.js';
import type { AccountConfig } from './types.js';
import { ConfigError } from './errors.js';
import { ownConfigPath, tildify, type PathEnv } from './paths.js';
import { validateOwnConfig, type OwnConfig } from './own-config-schema.js';

export type { OwnConfig } from './own-config-schema.js';

function openStore(file: string): Conf<Record<string, unknown>> {
  const ext = path.extname(file);
  return new Conf({
    projectName: 'mailkeep',
    cwd: path.dirname(file),
    configName: path.basename(file, ext),
    fileExtension: ext.replace(/^\./, ''),
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  });
}

/** Reads and validates a mailkeep config; undefined when the file does not exist. */
export function readOwnConfig(pathEnv: PathEnv, file = ownConfigPath(pathEnv)): OwnConfig | undefined {
  if (!existsSync(file)) return undefined;
  const shown = tildify(file, pathEnv.home);
  let data: unknown;
  try {
    data = openStore(file).store;
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? 'not valid JSON'
        : `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new ConfigError(shown, undefined, reason);
  }
  return validateOwnConfig(data, shown, pathEnv);
}

/**
 * Writes the accounts (replacing any with the same name, keeping the others) and returns the
 * file's path. Accounts are validated first, so a bad one never reaches the disk.
 */
export function saveAccounts(accounts: AccountConfig[], pathEnv: PathEnv, groups?: Record<string, string[]>): string {
  const file = ownConfigPath(pathEnv);
  const existing = readOwnConfig(pathEnv);
  const names = new Set(accounts.map((a) => a.name));
  const merged: OwnConfig = {
    accounts: [...(existing?.accounts ?? []).filter((a) => !names.has(a.name)), ...accounts],
  };
  if (existing?.syncEvery !== undefined) merged.syncEvery = existing.syncEvery;
  if (existing?.bell !== undefined) merged.bell = existing.bell;
  const mergedGroups = { ...existing?.groups, ...groups };
  if (Object.keys(mergedGroups).length) merged.groups = mergedGroups;
  validateOwnConfig(merged, tildify(file, pathEnv.home), pathEnv);
  makeConfigDirectory(path.dirname(file), pathEnv);
  const store = openStore(file);
  chmodSync(path.dirname(file), 0o700);
  store.store = merged as unknown as Record<string, unknown>;
  chmodSync(file, 0o600);
  return file;
}

/** Made here, not by conf: its `mkdir -p` spins under /proc and blames another path below a link to nothing (files/make-directory.ts). */
function makeConfigDirectory(dir: string, pathEnv: PathEnv): void {
  try {
    makeDirectory(dir, 0o700);
  } catch (error) {
    const reason =
      error instanceof DanglingLinkError ? error.message : errnoWords((error as NodeJS.ErrnoException).code);
    throw new ConfigError(tildify(dir, pathEnv.home), undefined, `cannot create it: ${reason}`);
  }
}
