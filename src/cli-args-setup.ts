// Command-line grammar of the commands that set an account up: `import` and `login`.
import type { ParseArgsConfig } from 'node:util';
import type { Command } from './cli-args.js';
import { COMMON, parse, UsageError } from './cli-options.js';

const LOGIN = {
  ...COMMON,
  device: { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  store: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export function importCommand(args: string[]): Command {
  const { values, positionals } = parse(args, { help: COMMON.help }, 1);
  if (values.help) return { kind: 'help', topic: 'import' };
  return { kind: 'import', file: positionals[0] };
}

export function loginCommand(args: string[]): Command {
  const { values, positionals } = parse(args, LOGIN, 1);
  if (values.help) return { kind: 'help', topic: 'login' };
  const account = positionals[0];
  if (account === undefined) throw new UsageError('login needs the name of an account');
  const { store, 'client-id': clientId, 'client-secret': clientSecret } = values;
  if (store !== undefined && store !== 'keyring' && store !== 'file') {
    throw new UsageError('--store is keyring or file');
  }
  if (clientId === undefined && (clientSecret !== undefined || store !== undefined)) {
    throw new UsageError('--client-secret and --store go with --client-id');
  }
  return {
    kind: 'login',
    account,
    configPath: values.config,
    device: values.device ?? false,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    ...(store !== undefined ? { store } : {}),
  };
}
