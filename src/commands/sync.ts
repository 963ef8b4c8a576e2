// `mailkeep sync` (arguments parsed by src/cli-args.ts): one headless pass for cron, or with
// --watch one after another (timed, IDLE) until SIGTERM / SIGINT. Each pass's outcome is recorded
// for `mailkeep schedule status`.
// Exit 0 = all synced (or --watch stopped by a signal), 1 = some mailboxes failed (named), a
// message was skipped, a disk filled up or a signal stopped the pass, 2 = fatal (config, auth,
// lock, TLS).
// --quiet keeps only errors, notices that ask the user to act and the summary; --verbose adds
// notices and up-to-date mailboxes.
import type { Command } from '../cli-args.js';
import type { LoadedConfig } from '../config/types.js';
import { syncEveryMs } from '../config/interval.js';
import { loadConfig, noAccountsProblem } from '../config/load-config.js';
import { stateRoot } from '../config/paths.js';
import { createEngine, type EngineOptions } from '../engine/engine.js';
import type { EngineEvent, SyncEngine, SyncSummary, SyncTarget } from '../engine/events.js';
import { recordLastRun } from '../engine/last-run.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { safeJsonStringify } from '../text/safe-json.js';
import { humanPrinter } from './sync-printer.js';
import { syncIndexFeed } from './sync-index-feed.js';
import { keepHeapsSmall } from './sync-heap.js';

/** What `mailkeep sync` was asked to do: the sync command of the shared CLI grammar. */
export type SyncOptions = Omit<Extract<Command, { kind: 'sync' }>, 'kind'>;

export interface SyncIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Test seam: engine options (e.g. a fake connector). */
  engine?: Partial<EngineOptions>;
}

/**
 * `ACCOUNT`, `ACCOUNT:BOX[,BOX…]` or a group name → engine targets, as mbsync reads its command
 * line: a group wins over a channel of the same name, an empty BOX is INBOX, and only a channel
 * with Patterns takes a BOX list. A string is the one-line problem.
 */
export function resolveTargets(
  names: readonly string[],
  config: Pick<LoadedConfig, 'accounts' | 'source'> & { groups?: Record<string, string[]> },
): SyncTarget[] | string {
  const accounts = new Map(config.accounts.map((a) => [a.name, a]));
  const out: SyncTarget[] = [];
  const add = (name: string, seen: Set<string>): string | null => {
    const colon = name.indexOf(':');
    const group = colon < 0 && !seen.has(name) ? config.groups?.[name] : undefined;
    if (group !== undefined) {
      for (const member of group) {
        const problem = add(member, new Set([...seen, name]));
        if (problem !== null) return problem;
      }
      return null;
    }
    const account = accounts.get(colon < 0 ? name : name.slice(0, colon));
    if (account === undefined) return `no account or group named ${name} in ${config.source.path}`;
    if (colon < 0) out.push({ account: account.name });
    else if (account.nearMailbox !== undefined)
      return `${account.name} syncs one mailbox (its Channel has no Patterns); ${name} cannot pick others`;
    else
      for (const box of name.slice(colon + 1).split(',')) out.push({ account: account.name, mailbox: box || 'INBOX' });
    return null;
  };
  for (const name of names) {
    const problem = add(name, new Set());
    if (problem !== null) return problem;
  }
  return out;
}

const clean = (text: string) => sanitizeForTerminal(text);

/** One event as a line of JSON that is safe to print. */
export function jsonEventLine(event: EngineEvent): string {
  return `${safeJsonStringify(event)}\n`;
}

/** The config `-c` names (or the default one), or the one line that says why it cannot be read. */
export async function loadCommandConfig(
  configPath: string | undefined,
  io: Pick<SyncIo, 'home' | 'env'>,
): Promise<LoadedConfig | string> {
  try {
    return await loadConfig({ configPath, home: io.home, env: io.env });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function runSync(options: SyncOptions, io: SyncIo): Promise<number> {
  keepHeapsSmall();
  const fail = (message: string): number => {
    io.stderr.write(`mailkeep: ${clean(message).replace(/\s+/g, ' ')}\n`);
    return 2;
  };
  const config = await loadCommandConfig(options.configPath, io);
  if (typeof config === 'string') return fail(config);
  if (!options.json && !options.quiet)
    for (const warning of config.warnings) io.stderr.write(`mailkeep: ${clean(warning)}\n`);
  if (config.accounts.length === 0) return fail(noAccountsProblem(config));
  const targets = resolveTargets(options.targets, config);
  if (typeof targets === 'string') return fail(targets);

  const accounts = options.noCompress ? config.accounts.map((a) => ({ ...a, compress: false })) : config.accounts;
  const index = options.noIndex
    ? undefined
    : syncIndexFeed(io, (line) => io.stderr.write(`mailkeep: ${clean(line)}\n`), { smallHeaps: true });
  const engine = createEngine({
    accounts,
    allowMassDelete: options.allowMassDelete,
    ...(index !== undefined ? { index } : {}),
    ...io.engine,
  });
  const printer = options.json ? null : humanPrinter(options, io);
  let stopped = false;
  // A pass a signal cut short did not sync everything: a script or timer must not take it for done.
  const exitOf = ({ exitCode }: SyncSummary): SyncSummary['exitCode'] =>
    stopped && !options.watch && exitCode === 0 ? 1 : exitCode;
  const recorded = recordEachPass(engine, stateRoot({ home: io.home, env: io.env }), options.watch === true, exitOf);
  const unsubscribe = engine.subscribe((event) => {
    if (printer) printer.onEvent(event);
    else io.stdout.write(jsonEventLine(event));
  });
  let signalled!: () => void;
  const signal = new Promise<void>((resolve) => (signalled = resolve));
  const onSignal = () => {
    stopped = true;
    signalled();
    void engine.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const chosen = targets.length > 0 ? targets : undefined;
    if (options.watch) {
      engine.resync(chosen);
      engine.keepInSync({
        everyMs: syncEveryMs(config.syncEvery, options.everyMs),
        ...(chosen ? { targets: chosen } : {}),
      });
      await signal;
      await engine.stop();
      printer?.finish();
      return 0;
    }
    const idle = engine.whenIdle();
    engine.resync(chosen);
    const summary = await idle;
    printer?.finish();
    if (stopped) io.stderr.write('mailkeep: stopped before the end of the pass; run it again to go on\n');
    return exitOf(summary);
  } finally {
    unsubscribe();
    await recorded.stop();
    // What the index has not caught up with yet is read from disk by its next refresh.
    await index?.close(!stopped);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Records each pass's outcome in the state dir, one after another; a failure to record is not the sync's. */
function recordEachPass(
  engine: SyncEngine,
  root: string,
  watch: boolean,
  exitOf: (summary: SyncSummary) => SyncSummary['exitCode'],
): { stop(): Promise<void> } {
  let writes = Promise.resolve();
  const unsubscribe = engine.subscribe((event) => {
    if (event.type !== 'summary') return;
    const summary = { ...event.summary, exitCode: exitOf(event.summary) };
    writes = writes.then(() => recordLastRun(root, summary, { watch, at: event.at })).catch(() => undefined);
  });
  return {
    async stop() {
      unsubscribe();
      await writes;
    },
  };
}
