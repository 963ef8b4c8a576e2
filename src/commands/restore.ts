// `mailkeep restore SOURCE --to ACCOUNT[:PREFIX]` (arguments parsed by src/cli-args.ts): append
// every message of a Maildir tree to an account, skipping what it holds already. Exit 0 = every
// message appended or already there, 1 = some failed (named on stderr), 2 = it could not run.
import { stat } from 'node:fs/promises';
import type { Command } from '../cli-args.js';
import type { LoadedConfig } from '../config/types.js';
import { findMaildirs } from '../maildir/index.js';
import type { RestoreEvent, RestoreSummary } from '../engine/restore-events.js';
import { sourceAccountOf } from '../engine/restore-guard.js';
import { prefixProblem } from '../engine/restore-names.js';
import { runRestore, type RestoreOptions } from '../engine/restore-run.js';
import { formatBytes } from '../text/format-bytes.js';
import { formatClock, formatDuration } from '../text/format-progress.js';
import { safeJsonStringify } from '../text/safe-json.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { loadCommandConfig, type SyncIo } from './sync.js';

export type RestoreCommandOptions = Omit<Extract<Command, { kind: 'restore' }>, 'kind'>;

export type RestoreIo = Omit<SyncIo, 'engine'> & {
  /** Test seam: restore options (a fake connector, short backoff). */
  restore?: Partial<RestoreOptions>;
};

const clean = (text: string) => sanitizeForTerminal(text).replace(/\s+/g, ' ');
/** A Message-ID longer than this (a hostile header) is cut on the screen. */
const MESSAGE_ID_SHOWN = 200;

export function restoreSummaryLine(s: RestoreSummary): string {
  const counts = s.dryRun
    ? `would append ${s.wouldAppend} / skipped ${s.skipped} / failed ${s.failed}`
    : `appended ${s.appended} / skipped ${s.skipped} / failed ${s.failed}`;
  const leftOut = s.foldersLeftOut.length > 0 ? `, ${s.foldersLeftOut.length} left out` : '';
  const folders = `${s.folders} folder${s.folders === 1 ? '' : 's'}${leftOut}`;
  return `${counts} (${folders}, ${formatBytes(s.bytes)} in ${formatDuration(Math.round(s.elapsedMs / 1000))})`;
}

/** Human output: a line per folder and per failure, each file with --dry-run, the summary last. */
function humanLine(e: RestoreEvent, dryRun: boolean): { out?: string; err?: string } {
  switch (e.type) {
    case 'restore-message':
      if (e.outcome === 'failed') {
        const id = e.messageId !== undefined ? ` ${clean(e.messageId).slice(0, MESSAGE_ID_SHOWN)}` : '';
        return { err: `${clean(e.folder)}: ${clean(e.file)}${id}: ${clean(e.reason ?? 'failed')}` };
      }
      if (e.outcome === 'would-append') return { out: `would append ${clean(e.file)} (${formatBytes(e.bytes)})` };
      return {};
    case 'restore-folder-done': {
      const done = dryRun ? `would append ${e.wouldAppend}` : `appended ${e.appended}`;
      return { out: `${clean(e.folder)} → ${clean(e.target)}: ${done}, skipped ${e.skipped}, failed ${e.failed}` };
    }
    case 'restore-folder-skipped':
      return { out: `${clean(e.folder)}: skipped: ${clean(e.reason)}` };
    case 'error':
      return {
        err: `${clean(e.error.account)}${e.error.mailbox ? `/${clean(e.error.mailbox)}` : ''}: ${clean(e.error.message)}`,
      };
    case 'paused':
      return { err: `${clean(e.account)}: paused until ${formatClock(e.until)}: ${clean(e.reason)}` };
    case 'notice':
      return { err: `${clean(e.account)}: ${e.alert ? '[ALERT] ' : ''}${clean(e.message)}` };
    case 'restore-summary':
      return { out: restoreSummaryLine(e.summary) };
    default:
      return {};
  }
}

/** Why the restore cannot start (exit 2), or the account to restore into. */
async function checkRequest(options: RestoreCommandOptions, config: LoadedConfig) {
  const account = config.accounts.find((a) => a.name === options.account);
  if (account === undefined) return `no account named ${options.account} in ${config.source.path}`;
  const badPrefix = options.prefix !== undefined ? prefixProblem(options.prefix) : undefined;
  if (badPrefix !== undefined)
    return `--to ${options.account}:${options.prefix}: no folder can be named so: ${badPrefix}`;
  const isDir = await stat(options.source).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return `${options.source} is not a directory`;
  if ((await findMaildirs(options.source)).length === 0) return `no Maildir folders under ${options.source}`;
  const origin = await sourceAccountOf(options.source, account, config.accounts);
  if (origin !== undefined && !options.intoSource) {
    return `${options.source} is the backup of account ${origin.name}; restoring into ${account.name} (${account.user}@${account.host}) needs --into-source`;
  }
  return account;
}

export async function runRestoreCommand(options: RestoreCommandOptions, io: RestoreIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`mailkeep: ${clean(message)}\n`);
    return 2;
  };
  const config = await loadCommandConfig(options.configPath, io);
  if (typeof config === 'string') return fail(config);
  const account = await checkRequest(options, config);
  if (typeof account === 'string') return fail(account);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary = await runRestore({
      account,
      source: options.source,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
      dryRun: options.dryRun,
      stop: stop.signal,
      emit: (event) => {
        if (options.json) return void io.stdout.write(`${safeJsonStringify(event)}\n`);
        const { out, err } = humanLine(event, options.dryRun);
        if (out !== undefined) io.stdout.write(`${out}\n`);
        if (err !== undefined) io.stderr.write(`mailkeep: ${err}\n`);
      },
      ...io.restore,
    });
    return summary.exitCode;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
