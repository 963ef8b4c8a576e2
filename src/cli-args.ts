// Command-line grammar of mailkeep (pure). Uses node's util.parseArgs: strict, no dependency.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Command =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' }
  | { kind: 'app'; configPath?: string; noCompress?: boolean }
  | {
      kind: 'sync';
      configPath?: string;
      targets: string[];
      json: boolean;
      quiet: boolean;
      verbose: boolean;
      allowMassDelete: boolean;
      noCompress: boolean;
      noIndex: boolean;
    }
  | { kind: 'read'; configPath?: string; path?: string }
  | { kind: 'index'; configPath?: string; path?: string; rebuild: boolean; quiet: boolean }
  | { kind: 'search'; query: string; output: 'table' | 'json' | 'files'; limit?: number }
  | { kind: 'import'; file?: string }
  | {
      kind: 'login';
      account: string;
      configPath?: string;
      device: boolean;
      clientId?: string;
      clientSecret?: string;
      store?: 'keyring' | 'file';
    };

export type CommandName = 'sync' | 'read' | 'import' | 'login' | 'index' | 'search';

export class UsageError extends Error {}

export const USAGE = `Usage: mailkeep [-c FILE]                 open the full-screen app (sync + reader)
       mailkeep sync [-c FILE] [ACCOUNT | ACCOUNT:MAILBOX | GROUP ...] [--json] [--quiet] [--verbose]
                     [--allow-mass-delete]      sync once, headless (for cron)
       mailkeep read [-c FILE] [PATH]           read a Maildir tree offline
       mailkeep index [-c FILE] [PATH] [--rebuild] [--quiet]
                                                build or refresh the search index (all accounts, or PATH)
       mailkeep search QUERY... [--json | --files] [--limit N]
                                                search every indexed message (README: the query language)
       mailkeep import [FILE]                   make mailkeep's config from an mbsyncrc (default ~/.mbsyncrc)
       mailkeep login [-c FILE] ACCOUNT [--device] [--client-id ID [--client-secret S] [--store keyring|file]]
                                                sign an account in with OAuth2 (Gmail, Microsoft 365)
       mailkeep --help | --version

Options:
  -c, --config FILE       an ~/.mbsyncrc (read as is) or a mailkeep config file
      --json              sync: one JSON object per event on stdout, a summary last
  -q, --quiet             sync: only errors and the summary
  -v, --verbose           sync: also notices and every mailbox checked
      --allow-mass-delete sync: let a mirror delete more than half of a mailbox locally
      --device            login: show a code to enter on another device instead of opening a browser
      --client-id ID      login: switch the account to OAuth sign-in with this client (README: register one)
      --client-secret S   login: the client's secret, where the provider gives one (Google)
      --store WHERE       login: keep the sign-in in the system keyring (default) or a 0600 file
      --no-index          sync: do not feed the search index as messages are stored
      --rebuild           index: drop the index and build it anew
      --files             search: print each message's path, one per line (for mutt/neomutt)
      --limit N           search: at most N messages, the newest
      --no-compress       do not ask servers for COMPRESS=DEFLATE (also \`compress: false\` per account)
  -h, --help              this text
  -V, --version           the version

Exit codes: 0 all synced, 1 some mailboxes failed, 2 fatal (usage, config, auth, lock, TLS).
search: 0 found, 1 nothing found, 2 error (a bad query, no index).`;

const COMMON = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const SYNC = {
  ...COMMON,
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'allow-mass-delete': { type: 'boolean' },
  'no-compress': { type: 'boolean' },
  'no-index': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

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

const LOGIN = {
  ...COMMON,
  device: { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  store: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const SUBCOMMANDS = new Set<string>(['sync', 'read', 'import', 'login', 'index', 'search']);

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, maxPositionals: number) {
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

/** Parses argv (without node and the script); throws UsageError with a one-line message. */
export function parseCommandLine(argv: string[]): Command {
  const first = argv[0];
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first !== undefined && !first.startsWith('-') && !SUBCOMMANDS.has(first)) {
    throw new UsageError(`unknown command '${first}'`);
  }
  const name = first !== undefined && SUBCOMMANDS.has(first) ? (first as CommandName) : undefined;
  const rest = name ? argv.slice(1) : argv;

  if (name === 'sync') {
    const { values, positionals } = parse(rest, SYNC, Infinity);
    if (values.help) return { kind: 'help', topic: 'sync' };
    if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose exclude each other');
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
    };
  }
  if (name === 'index') {
    const { values, positionals } = parse(rest, INDEX, 1);
    if (values.help) return { kind: 'help', topic: 'index' };
    return {
      kind: 'index',
      configPath: values.config,
      path: positionals[0],
      rebuild: values.rebuild ?? false,
      quiet: values.quiet ?? false,
    };
  }
  if (name === 'search') return searchCommand(rest);
  if (name === 'read') {
    const { values, positionals } = parse(rest, COMMON, 1);
    if (values.help) return { kind: 'help', topic: 'read' };
    return { kind: 'read', configPath: values.config, path: positionals[0] };
  }
  if (name === 'login') return loginCommand(rest);
  if (name === 'import') {
    const { values, positionals } = parse(rest, { help: COMMON.help }, 1);
    if (values.help) return { kind: 'help', topic: 'import' };
    return { kind: 'import', file: positionals[0] };
  }
  const { values } = parse(
    rest,
    { ...COMMON, version: { type: 'boolean', short: 'V' }, 'no-compress': { type: 'boolean' } },
    0,
  );
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  return { kind: 'app', configPath: values.config, ...(values['no-compress'] ? { noCompress: true } : {}) };
}

function loginCommand(args: string[]): Command {
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

function searchCommand(args: string[]): Command {
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
