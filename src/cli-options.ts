// What every subcommand's grammar shares: the usage error, the common options, and strict parsing.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { INTERVAL_HELP, parseInterval } from './config/interval.js';

/** Bad command-line input; its message is one line. */
export class UsageError extends Error {}

export const COMMON = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** `--every`'s value in ms; undefined when not given. */
export function everyOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseInterval(value);
  if (ms === undefined) throw new UsageError(`--every needs ${INTERVAL_HELP}`);
  return ms;
}

/** Strict parseArgs with at most `maxPositionals` positionals; its errors become one-line UsageErrors. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  maxPositionals: number,
) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (parsed.positionals.length > maxPositionals) {
      throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
    }
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // parseArgs messages are multi-line and name node internals; keep the first useful line.
    const message = (err as Error).message.split('\n')[0]!.replace(/^Unknown option/, 'unknown option');
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}
