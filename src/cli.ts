// Entry point: parses the command line and hands over to one command. Returns the exit code.
// Commands are imported when chosen: a cron `mailkeep sync` should not pay for loading Ink,
// React or conf.
import { homedir } from 'node:os';
import { parseCommandLine, USAGE, UsageError } from './cli-args.js';
import { packageVersion } from './package-info.js';
import { loadLive } from './ui/terminal/live-terminal.js';

/** Parses the command line and runs one command. */
export async function main(argv: string[]): Promise<number> {
  return (await prepare(argv))();
}

/**
 * Parses the command line and loads the chosen command's modules; the function it returns runs
 * the command. The launcher tunes V8 in between (bin/mailkeep.js).
 */
export async function prepare(argv: string[]): Promise<() => Promise<number>> {
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, home: homedir() };
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`mailkeep: ${err.message}\nTry 'mailkeep --help'.\n`);
    return exitWith(2);
  }
  const command = parsed;
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return exitWith(0);
    case 'version':
      io.stdout.write(`mailkeep ${packageVersion()}\n`);
      return exitWith(0);
    case 'import': {
      const { runImport } = await import('./commands/import.js');
      return () => runImport({ ...io, ...(command.file !== undefined ? { file: command.file } : {}) });
    }
    case 'sync': {
      const { runSync } = await import('./commands/sync.js');
      const { kind: _kind, ...options } = command;
      return () => runSync(options, io);
    }
    case 'login': {
      const { runLogin } = await import('./commands/login.js');
      const { kind: _kind, ...options } = command;
      return () => runLogin(options, io);
    }
    case 'schedule': {
      const { runSchedule } = await import('./commands/schedule.js');
      const { kind: _kind, ...options } = command;
      return () => runSchedule(options, io);
    }
    case 'restore': {
      const { runRestoreCommand } = await import('./commands/restore.js');
      const { kind: _kind, ...options } = command;
      return () => runRestoreCommand(options, io);
    }
    case 'verify': {
      const { runVerify } = await import('./commands/verify.js');
      return () => runVerify(command, io);
    }
    case 'export': {
      const { runExport } = await import('./commands/export.js');
      return () => runExport(command, io);
    }
    case 'index': {
      const { runIndex } = await import('./commands/index-command.js');
      const { kind: _kind, ...options } = command;
      return () => runIndex(options, io);
    }
    case 'search': {
      const { runSearch } = await import('./commands/search.js');
      const { kind: _kind, ...options } = command;
      return async () => runSearch(options, io);
    }
    case 'read': {
      const { path } = command;
      if (path !== undefined) {
        const { runReadPath } = await import('./commands/read-path.js');
        return () => runReadPath(path, io);
      }
      const { runInteractive } = await loadLive(() => import('./commands/interactive.js'));
      return () => runInteractive(command, io);
    }
    case 'app': {
      const { runInteractive } = await loadLive(() => import('./commands/interactive.js'));
      return () => runInteractive(command, io);
    }
  }
}

const exitWith = (code: number) => () => Promise.resolve(code);
