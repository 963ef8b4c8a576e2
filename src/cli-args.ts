// Command-line grammar of mailkeep (pure): what a command line asks for, and which subcommand's
// grammar reads it. Uses node's util.parseArgs: strict, no dependency.
import { appCommand, scheduleCommand, syncCommand } from './cli-args-sync.js';
import {
  exportCommand,
  indexCommand,
  readCommand,
  restoreCommand,
  searchCommand,
  verifyCommand,
} from './cli-args-archive.js';
import { importCommand, loginCommand } from './cli-args-setup.js';
import { UsageError } from './cli-options.js';

export { UsageError } from './cli-options.js';
export { USAGE } from './cli-usage.js';

export type Command =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' }
  | { kind: 'app'; configPath?: string; noCompress?: boolean; everyMs?: number }
  | {
      kind: 'sync';
      configPath?: string;
      targets: string[];
      json: boolean;
      quiet: boolean;
      verbose: boolean;
      allowMassDelete: boolean;
      noCompress: boolean;
      /** Keep running: timed passes and IDLE until SIGTERM / SIGINT. */
      watch?: boolean;
      everyMs?: number;
      noIndex: boolean;
    }
  | { kind: 'schedule'; action: 'install' | 'status' | 'remove'; configPath?: string; everyMs?: number; cron: boolean }
  | { kind: 'read'; configPath?: string; path?: string }
  | { kind: 'index'; configPath?: string; path?: string; rebuild: boolean; quiet: boolean }
  | { kind: 'search'; query: string; output: 'table' | 'json' | 'files'; limit?: number }
  | { kind: 'import'; file?: string }
  | { kind: 'verify'; configPath?: string; targets: string[]; deep: boolean; json: boolean }
  | {
      kind: 'export';
      configPath?: string;
      source: string;
      to: { format: 'mbox'; file: string } | { format: 'eml'; dir: string };
    }
  | {
      kind: 'restore';
      configPath?: string;
      source: string;
      account: string;
      prefix?: string;
      dryRun: boolean;
      intoSource: boolean;
      json: boolean;
    }
  | {
      kind: 'login';
      account: string;
      configPath?: string;
      device: boolean;
      clientId?: string;
      clientSecret?: string;
      store?: 'keyring' | 'file';
    };

export type CommandName =
  'sync' | 'read' | 'import' | 'login' | 'schedule' | 'restore' | 'verify' | 'export' | 'index' | 'search';

const SUBCOMMANDS: Record<CommandName, (args: string[]) => Command> = {
  sync: syncCommand,
  read: readCommand,
  import: importCommand,
  login: loginCommand,
  schedule: scheduleCommand,
  restore: restoreCommand,
  verify: verifyCommand,
  export: exportCommand,
  index: indexCommand,
  search: searchCommand,
};

function isSubcommand(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(SUBCOMMANDS, word);
}

/**
 * `mailkeep -c FILE sync …`, as mbsync is called (`mbsync -c FILE …`): a config given before the
 * command is the command's (`sync -c FILE …`).
 */
function configBeforeCommand(argv: string[]): string[] {
  const [flag, value, next, ...rest] = argv;
  if ((flag === '-c' || flag === '--config') && isSubcommand(next)) return [next, flag, value!, ...rest];
  if (flag?.startsWith('--config=') && isSubcommand(value)) return [value, flag, ...argv.slice(2)];
  return argv;
}

/** Parses argv (without node and the script); throws UsageError with a one-line message. */
export function parseCommandLine(given: string[]): Command {
  const argv = configBeforeCommand(given);
  const first = argv[0];
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first !== undefined && !first.startsWith('-') && !isSubcommand(first)) {
    throw new UsageError(`unknown command '${first}'`);
  }
  return isSubcommand(first) ? SUBCOMMANDS[first](argv.slice(1)) : appCommand(argv);
}
