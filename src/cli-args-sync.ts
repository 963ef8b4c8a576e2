// Command-line grammar of the commands that sync: the app, `sync`, and `schedule`.
import type { ParseArgsConfig } from 'node:util';
import type { Command } from './cli-args.js';
import { COMMON, everyOption, parse, UsageError } from './cli-options.js';

const APP = {
  ...COMMON,
  version: { type: 'boolean', short: 'V' },
  'no-compress': { type: 'boolean' },
  every: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const SYNC = {
  ...COMMON,
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'allow-mass-delete': { type: 'boolean' },
  'no-compress': { type: 'boolean' },
  watch: { type: 'boolean' },
  every: { type: 'string' },
  'no-index': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const SCHEDULE = {
  ...COMMON,
  every: { type: 'string' },
  cron: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** No subcommand: the full-screen app (or --help / --version). */
export function appCommand(args: string[]): Command {
  const { values } = parse(args, APP, 0);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const everyMs = everyOption(values.every);
  return {
    kind: 'app',
    configPath: values.config,
    ...(values['no-compress'] ? { noCompress: true } : {}),
    ...(everyMs !== undefined ? { everyMs } : {}),
  };
}

export function syncCommand(args: string[]): Command {
  const { values, positionals } = parse(args, SYNC, Infinity);
  if (values.help) return { kind: 'help', topic: 'sync' };
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose exclude each other');
  if (values.every !== undefined && !values.watch) throw new UsageError('--every goes with --watch');
  const everyMs = everyOption(values.every);
  return {
    kind: 'sync',
    configPath: values.config,
    targets: positionals,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    allowMassDelete: values['allow-mass-delete'] ?? false,
    noCompress: values['no-compress'] ?? false,
    noIndex: values['no-index'] ?? false,
    ...(values.watch ? { watch: true } : {}),
    ...(everyMs !== undefined ? { everyMs } : {}),
  };
}

export function scheduleCommand(args: string[]): Command {
  const { values, positionals } = parse(args, SCHEDULE, 1);
  if (values.help) return { kind: 'help', topic: 'schedule' };
  const action = positionals[0];
  if (action !== 'install' && action !== 'status' && action !== 'remove')
    throw new UsageError('schedule needs install, status or remove');
  if (action !== 'install' && (values.every !== undefined || values.cron))
    throw new UsageError('--every and --cron go with schedule install');
  const everyMs = everyOption(values.every);
  if (everyMs === 0) throw new UsageError('schedule install --every needs an interval above 0');
  return {
    kind: 'schedule',
    action,
    configPath: values.config,
    cron: values.cron ?? false,
    ...(everyMs !== undefined ? { everyMs } : {}),
  };
}
