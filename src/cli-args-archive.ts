// Command-line grammar of the commands that work on the backup: `read`, `index`, `search`,
// `verify`, `export`, and `restore`.
import type { ParseArgsConfig } from 'node:util';
import type { Command } from './cli-args.js';
import { COMMON, parse, UsageError } from './cli-options.js';

const INDEX = {
  ...COMMON,
  rebuild: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies ParseArgsConfig['options'];

const SEARCH = {
  help: COMMON.help,
  json: { type: 'boolean' },
  files: { type: 'boolean' },
  limit: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const VERIFY = {
  ...COMMON,
  deep: { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const EXPORT = {
  ...COMMON,
  mbox: { type: 'string' },
  eml: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const RESTORE = {
  ...COMMON,
  to: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'into-source': { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export function readCommand(args: string[]): Command {
  const { values, positionals } = parse(args, COMMON, 1);
  if (values.help) return { kind: 'help', topic: 'read' };
  return { kind: 'read', configPath: values.config, path: positionals[0] };
}

export function indexCommand(args: string[]): Command {
  const { values, positionals } = parse(args, INDEX, 1);
  if (values.help) return { kind: 'help', topic: 'index' };
  return {
    kind: 'index',
    configPath: values.config,
    path: positionals[0],
    rebuild: values.rebuild ?? false,
    quiet: values.quiet ?? false,
  };
}

export function verifyCommand(args: string[]): Command {
  const { values, positionals } = parse(args, VERIFY, Infinity);
  if (values.help) return { kind: 'help', topic: 'verify' };
  const { config: configPath, deep = false, json = false } = values;
  return { kind: 'verify', configPath, targets: positionals, deep, json };
}

export function searchCommand(args: string[]): Command {
  const { values, positionals } = parse(args, SEARCH, Infinity);
  if (values.help) return { kind: 'help', topic: 'search' };
  if (values.json && values.files) throw new UsageError('--json and --files exclude each other');
  if (positionals.length === 0) throw new UsageError('search needs a query');
  const limit = values.limit;
  if (limit !== undefined && !/^\d+$/.test(limit)) throw new UsageError(`--limit wants a whole number, not '${limit}'`);
  return {
    kind: 'search',
    query: positionals.join(' '),
    output: values.json ? 'json' : values.files ? 'files' : 'table',
    ...(limit !== undefined ? { limit: Number(limit) } : {}),
  };
}

export function exportCommand(args: string[]): Command {
  const { values, positionals } = parse(args, EXPORT, 1);
  if (values.help) return { kind: 'help', topic: 'export' };
  const source = positionals[0];
  if (source === undefined) throw new UsageError('export needs a Maildir folder or ACCOUNT:MAILBOX');
  if ((values.mbox === undefined) === (values.eml === undefined))
    throw new UsageError('export needs one of --mbox FILE or --eml DIR');
  const to =
    values.mbox !== undefined
      ? { format: 'mbox' as const, file: values.mbox }
      : { format: 'eml' as const, dir: values.eml! };
  return { kind: 'export', configPath: values.config, source, to };
}

export function restoreCommand(args: string[]): Command {
  const { values, positionals } = parse(args, RESTORE, 1);
  if (values.help) return { kind: 'help', topic: 'restore' };
  const source = positionals[0];
  if (source === undefined) throw new UsageError('restore needs the Maildir tree to restore from');
  if (values.to === undefined || values.to.startsWith(':')) throw new UsageError('restore needs --to ACCOUNT[:PREFIX]');
  const colon = values.to.indexOf(':');
  const prefix = colon < 0 ? undefined : values.to.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  return {
    kind: 'restore',
    configPath: values.config,
    source,
    account: colon < 0 ? values.to : values.to.slice(0, colon),
    ...(prefix ? { prefix } : {}),
    dryRun: values['dry-run'] ?? false,
    intoSource: values['into-source'] ?? false,
    json: values.json ?? false,
  };
}
