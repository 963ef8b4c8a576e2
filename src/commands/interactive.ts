// The two full-screen commands: `mailkeep` (sync view + reader over the configured accounts) and
// `mailkeep read [PATH]` (the reader alone, offline, on any Maildir tree).
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { stateRoot } from '../config/paths.js';
import type { AccountConfig, LoadedConfig } from '../config/types.js';
import { createEngine } from '../engine/engine.js';
import type { ReaderRoot } from '../reader/index.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { runApp, runReader } from '../ui/run-app.js';

export interface InteractiveIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  home: string;
}

type InteractiveCommand = { kind: 'app'; configPath?: string } | { kind: 'read'; configPath?: string; path?: string };

/** Where the reader looks: each account's tree, plus its INBOX when that lives outside it. */
export function readerRoots(accounts: AccountConfig[]): ReaderRoot[] {
  return accounts.flatMap((a) => {
    const inside = a.inboxPath === a.localPath || a.inboxPath.startsWith(a.localPath.endsWith('/') ? a.localPath : `${a.localPath}/`);
    return inside ? [{ account: a.name, path: a.localPath }] : [{ account: a.name, path: a.inboxPath }, { account: a.name, path: a.localPath }];
  });
}

function fail(io: InteractiveIo, message: string): number {
  io.stderr.write(`mailkeep: ${sanitizeForTerminal(message)}\n`);
  return 2;
}

async function config(command: InteractiveCommand, io: InteractiveIo): Promise<LoadedConfig> {
  const loaded = await loadConfig({ ...(command.configPath !== undefined ? { configPath: command.configPath } : {}), home: io.home, env: io.env });
  for (const warning of loaded.warnings) io.stderr.write(`mailkeep: ${sanitizeForTerminal(warning)}\n`);
  return loaded;
}

export async function runInteractive(command: InteractiveCommand, io: InteractiveIo): Promise<number> {
  const pathEnv = { home: io.home, env: io.env };
  if (command.kind === 'read' && command.path !== undefined) {
    const root = path.resolve(command.path);
    try {
      if (!statSync(root).isDirectory()) return fail(io, `${root} is not a directory`);
    } catch {
      return fail(io, `${root}: no such directory`);
    }
    return runReader({ roots: [{ account: path.basename(root), path: root }] });
  }
  let loaded: LoadedConfig;
  try {
    loaded = await config(command, io);
  } catch (error) {
    return fail(io, (error as Error).message);
  }
  if (loaded.accounts.length === 0) {
    return fail(io, command.kind === 'read'
      ? 'no Maildir given and no accounts configured; try `mailkeep read ~/Mail`'
      : 'no accounts configured; pass -c ~/.mbsyncrc or run `mailkeep import`');
  }
  const roots = readerRoots(loaded.accounts);
  if (command.kind === 'read') return runReader({ roots });
  const engine = createEngine({ accounts: loaded.accounts });
  return runApp({ engine, roots, logPath: path.join(stateRoot(pathEnv), 'mailkeep.log') });
}
