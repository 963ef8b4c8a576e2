// The two full-screen commands over the configured accounts: `mailkeep` (sync view + reader; on
// a first run the setup wizard, or the offer to import ~/.mbsyncrc) and `mailkeep read` (the
// reader alone, offline).
import path from 'node:path';
import { syncEveryMs } from '../config/interval.js';
import { loadConfig, noAccountsProblem } from '../config/load-config.js';
import { readOwnConfig } from '../config/own-config.js';
import { ownConfigPath, stateRoot, tildify } from '../config/paths.js';
import type { AccountConfig, LoadedConfig } from '../config/types.js';
import { checkLogin } from '../engine/check-login.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { readerRoots } from '../ui/reader/reader-roots.js';
import { runApp } from '../ui/app/run-app.js';
import { runReader } from '../ui/app/run-reader.js';
import { createAppEngine } from './app-engine.js';
import { runImport } from './import.js';

export interface InteractiveIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  home: string;
}

/** `mailkeep read PATH` is read-path.ts. */
type InteractiveCommand =
  { kind: 'app'; configPath?: string; noCompress?: boolean; everyMs?: number } | { kind: 'read'; configPath?: string };

function fail(io: InteractiveIo, message: string): number {
  io.stderr.write(`mailkeep: ${sanitizeForTerminal(message)}\n`);
  return 2;
}

async function config(command: InteractiveCommand, io: InteractiveIo): Promise<LoadedConfig> {
  const loaded = await loadConfig({
    configPath: command.configPath,
    home: io.home,
    env: io.env,
  });
  for (const warning of loaded.warnings) io.stderr.write(`mailkeep: ${sanitizeForTerminal(warning)}\n`);
  if (command.kind !== 'app' || !command.noCompress) return loaded;
  return { ...loaded, accounts: loaded.accounts.map((a) => ({ ...a, compress: false })) };
}

export async function runInteractive(command: InteractiveCommand, io: InteractiveIo): Promise<number> {
  const pathEnv = { home: io.home, env: io.env };
  let loaded: LoadedConfig;
  try {
    loaded = await config(command, io);
  } catch (error) {
    return fail(io, (error as Error).message);
  }
  if (command.kind === 'read') {
    if (loaded.accounts.length === 0)
      return fail(io, noAccountsProblem(loaded, 'give a Maildir: `mailkeep read ~/Mail`'));
    return runReader({ roots: readerRoots(loaded.accounts) });
  }
  const ownPath = ownConfigPath(pathEnv);
  const logPath = path.join(stateRoot(pathEnv), 'mailkeep.log');
  const fromOwnConfig = loaded.source.kind === 'mailkeep' && loaded.source.path === ownPath;
  const offerImport = loaded.source.kind === 'mbsyncrc' && command.configPath === undefined;
  if (loaded.source.kind !== 'none' && loaded.accounts.length === 0) return fail(io, noAccountsProblem(loaded));
  return runApp({
    accounts: loaded.accounts,
    createEngine: (accounts) => createAppEngine(accounts, pathEnv, logPath),
    first: loaded.source.kind === 'none' ? 'setup' : offerImport ? 'import-offer' : 'app',
    setup: {
      home: io.home,
      env: io.env,
      testLogin: checkLogin,
      // The OAuth library is loaded when a sign-in starts, not with the app.
      signIn: async (account, prompts, signal) => {
        const { signIn } = await import('../engine/oauth/index.js');
        return signIn(account, { home: io.home, env: io.env, signal, ...prompts });
      },
    },
    ...(fromOwnConfig || loaded.source.kind === 'none' ? {} : { foreignSource: tildify(loaded.source.path, io.home) }),
    ownConfigShown: tildify(ownPath, io.home),
    importMbsyncrc: () => importMbsyncrc(io),
    logPath,
    keepInSync: { everyMs: syncEveryMs(loaded.syncEvery, command.everyMs) },
    bell: loaded.bell === true,
  });
}

/** `mailkeep import` from the app: its printout is dropped, its failure is one line. */
async function importMbsyncrc(io: InteractiveIo): Promise<AccountConfig[]> {
  const problems: string[] = [];
  const code = await runImport({
    home: io.home,
    env: io.env,
    stdout: { write: () => true },
    stderr: { write: (text: string) => problems.push(text.replace(/^mailkeep: /, '').trim()) },
  });
  if (code !== 0) throw new Error(problems.filter((line) => !line.startsWith('warning:')).at(-1) ?? 'import failed');
  const own = readOwnConfig({ home: io.home, env: io.env });
  return own?.accounts ?? [];
}
